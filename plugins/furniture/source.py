"""Where things are in a chapter's source: the lines an error message points at.

Python-Markdown's tree does not keep line numbers, so the extension keeps the
source lines (see extension.py) and finds what it reports by the Markdown
syntax the author wrote: the ``## In short`` heading, the list items under
it, the ``!!!`` line that opens each card (or the ``<div class="admonition
..." markdown="1">`` line of a card written as HTML, which the extra
extension's md_in_html reads as one). Lines inside fenced code blocks are
never matched: a code sample that shows the syntax is not the thing itself.
"""

import re

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# The front matter's first line, as the meta extension reads it.
META_LINE = re.compile(r"^ {0,3}[A-Za-z0-9_-]+:")
HEADING = re.compile(r"^ {0,3}#")
IN_SHORT = re.compile(r"^ {0,3}##[ \t]+in short[ \t]*#*[ \t]*$", re.I)
LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])[ \t]")
ADMONITION = re.compile(r"^\s*!!! ?([\w-]+)")
# Only a div with a markdown attribute is read as a card; without one it stays HTML.
HTML_CARD = re.compile(
    r"""^\s*<div\b(?=[^>]*\bmarkdown\s*=)[^>]*\bclass\s*=\s*["']?admonition\s+([\w-]+)""", re.I
)


class SourceLines:
    """The lines of one document, with their 1-based numbers."""

    def __init__(self, lines=(), front_matter=False):
        self.lines = list(lines)
        self.front_matter = (
            front_matter and bool(self.lines) and bool(META_LINE.match(self.lines[0]))
        )
        self.prose = []
        fence = None
        for number, line in enumerate(self.lines, start=1):
            match = FENCE.match(line)
            if fence is None and match:
                fence = match[1]
            elif fence is not None and line.strip() == fence:
                # Closed, as Python-Markdown closes it, only by the same fence.
                fence = None
            elif fence is None:
                self.prose.append((number, line))

    def body_start(self):
        """The first line of text after the front matter (1 for an empty document)."""
        in_front_matter = self.front_matter
        for number, line in enumerate(self.lines, start=1):
            if in_front_matter:
                in_front_matter = bool(line.strip())
            elif line.strip():
                return number
        return len(self.lines) or 1

    def in_short_line(self):
        """The line of the ``## In short`` heading, or the body's first line."""
        found = [number for number, line in self.prose if IN_SHORT.match(line)]
        return found[0] if found else self.body_start()

    def point_lines(self):
        """The lines of the list items right under the ``## In short`` heading."""
        start = self.in_short_line()
        points = []
        for number, line in self.prose:
            if number <= start:
                continue
            if HEADING.match(line):
                break
            if LIST_ITEM.match(line):
                points.append(number)
        return points

    def card_openers(self):
        """(line, type) of each card's opener, ``!!!`` or HTML, in document order."""
        openers = []
        for number, line in self.prose:
            match = ADMONITION.match(line) or HTML_CARD.match(line)
            if match:
                openers.append((number, match[1]))
        return openers
