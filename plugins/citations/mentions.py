"""Hand-typed author-year mentions, and finding source lines for messages.

Python-Markdown does not keep line numbers, so a message's line is found by
looking the rendered text up again in the source, outside code.
"""

import re
import unicodedata

from .syntax import GROUP_RE

NAME = r"[A-Z\u00c0-\u00d6\u00d8-\u00de][\w'\u2019-]+"
YEAR = r"(?:1[89]|20)\d{2}[a-z]?"

# Forms that are citations whatever the name: "Singh et al. (2023)",
# "Singh et al., 2023", "(Singh, 2023)", "(Singh and Olds, 2023)".
ALWAYS_RE = re.compile(
    rf"(?P<a>{NAME})\s+et\s+al\.?,?\s*\(?(?P<y>{YEAR})\)?"
    rf"|\((?P<c>{NAME})(?:\s+(?:and|&)\s+{NAME}|\s+et\s+al\.?)?,\s*(?P<z>{YEAR})\)"
)
# Forms that are citations only when the name is an author in the library:
# "Singh (2023)", "Singh and Olds (2023)". "Canada (2023)" is not reported.
LIBRARY_RE = re.compile(rf"(?P<a>{NAME})(?:\s+(?:and|&)\s+{NAME})?\s*\((?P<y>{YEAR})\)")

FENCE_RE = re.compile(r"^( {0,3})(`{3,}|~{3,}).*?^\1\2[`~]*[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)


def fold(name):
    """Compare names without case or accents."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _blank(match):
    return re.sub(r"[^\n]", " ", match.group(0))


def find_mentions(text, authors):
    """Yield (matched text, name, year) for hand-typed author-year mentions, in text order.

    authors is a set of folded first-author family names from the library.
    """
    found = []
    taken = []
    for match in ALWAYS_RE.finditer(text):
        taken.append(match.span())
        found.append(
            (match.start(), match.group(0), match["a"] or match["c"], match["y"] or match["z"])
        )
    for match in LIBRARY_RE.finditer(text):
        if fold(match["a"]) in authors and not any(s <= match.start() < e for s, e in taken):
            found.append((match.start(), match.group(0), match["a"], match["y"]))
    for _, *mention in sorted(found):
        yield tuple(mention)


class SourceLocator:
    """Finds the line of the n-th occurrence of some text outside code."""

    def __init__(self, lines):
        self.lines = lines
        self._masked = {}

    def masked(self, hide_groups):
        if hide_groups not in self._masked:
            text = "\n".join(self.lines)
            for pattern in (FENCE_RE, COMMENT_RE, CODE_SPAN_RE):
                text = pattern.sub(_blank, text)
            if hide_groups:
                text = re.sub(GROUP_RE, _blank, text)
            self._masked[hide_groups] = text
        return self._masked[hide_groups]

    def line_of(self, needle, nth=0, hide_groups=False):
        """1-based line of the nth occurrence of needle; whitespace may vary."""
        words = needle.split()
        if not words:
            return 1
        # Between words there may be a line break and a quote marker or indent.
        pattern = r"\s+(?:>\s*)*".join(re.escape(word) for word in words)
        if re.match(r"\w", needle.strip()[0]):
            pattern = r"(?<!\w)" + pattern
        if re.match(r"\w", needle.strip()[-1]):
            pattern += r"(?!\w)"
        text = self.masked(hide_groups)
        found = list(re.finditer(pattern, text))
        if not found:
            text = "\n".join(self.lines)
            found = list(re.finditer(pattern, text))
        if not found:
            return 1
        match = found[min(nth, len(found) - 1)]
        return text.count("\n", 0, match.start()) + 1

    def line_matching(self, pattern):
        regex = re.compile(pattern, re.IGNORECASE)
        for number, line in enumerate(self.lines, 1):
            if regex.match(line):
                return number
        return 1
