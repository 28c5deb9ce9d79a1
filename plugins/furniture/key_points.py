"""Key points: the chapter's ``## In short`` list, taken out of the body for the theme.

Two treeprocessors share the work, because the heading and the list must
leave the tree at different times:

* ``KeyPointsCheck`` takes the heading out before the toc extension reads
  the headings, and checks the list (see extension.py for its priority).
* ``KeyPointsTakeOut`` takes the list out once the citations in it are
  numbered and every other stage has finished with it, and keeps each
  point's finished HTML.
"""

import re

from markdown.treeprocessors import Treeprocessor

HEADING_TEXT = "in short"
MIN_POINTS, MAX_POINTS = 2, 4
# Text that Python-Markdown holds back until the end (stashed HTML, escaped
# characters, smart punctuation): none of it is a word.
PLACEHOLDER = re.compile("\x02[^\x03]*\x03")

MISSING = "the chapter does not start with an 'In short' section."
MISSING_FIX = "start the chapter's text with '## In short' and a list of 2 to 4 short points"
NOT_FIRST = "the 'In short' section is not the first thing in the chapter."
NOT_FIRST_FIX = "move '## In short' and its list to the top of the chapter's text"
NO_LIST = "the 'In short' heading is not followed by a list."
NO_LIST_FIX = "write 2 to 4 points right under it, each on a line that starts with '- '"
TOO_FEW_FIX = "add points until there are at least 2"
TOO_MANY_FIX = "keep the 4 that matter most and move the rest into the chapter"
TOO_LONG_FIX = "shorten it, or split it into two points"
# Pelican resolves {filename} and the like in the body only, never in a point.
INTERNAL_LINK_FIX = "link from the chapter's text instead; a point cannot link to another file"


def is_in_short(element):
    return element.tag == "h2" and " ".join("".join(element.itertext()).split()).casefold() == (
        HEADING_TEXT
    )


def count_words(element):
    """Words in the element's text; citation marks are empty elements at this stage."""
    text = PLACEHOLDER.sub("", "".join(element.itertext()))
    return sum(1 for token in text.split() if any(char.isalnum() for char in token))


def _points(count):
    return f"{count} point" if count == 1 else f"{count} points"


def list_problems(items, max_words, heading_line, point_lines):
    """(line, message, fix) for a list of points that is too short, too long or wordy."""
    problems = []
    if len(items) < MIN_POINTS or len(items) > MAX_POINTS:
        fix = TOO_FEW_FIX if len(items) < MIN_POINTS else TOO_MANY_FIX
        message = f"the 'In short' list has {_points(len(items))}; it needs 2 to 4."
        problems.append((heading_line, message, fix))
    for number, item in enumerate(items, start=1):
        words = count_words(item)
        if words > max_words:
            line = point_lines[number - 1] if number <= len(point_lines) else heading_line
            message = (
                f"point {number} of 'In short' has {words} words; a point has at most "
                f"{max_words} (FURNITURE_KEY_POINTS_MAX_WORDS)."
            )
            problems.append((line, message, TOO_LONG_FIX))
        # Any element's href, not only a link's: Pelican replaces placeholders
        # in every tag's href, and attr_list can give one to any element.
        for element in item.iter():
            if element.get("href", "").startswith("{"):
                line = point_lines[number - 1] if number <= len(point_lines) else heading_line
                message = f"point {number} of 'In short' links to {element.get('href')}."
                problems.append((line, message, INTERNAL_LINK_FIX))
    return problems


class KeyPointsCheck(Treeprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        state = self.extension
        source = state.source
        children = list(root)
        heading = next((child for child in children if is_in_short(child)), None)
        if heading is None:
            state.problem(source.body_start(), MISSING, MISSING_FIX)
            return None
        state.heading_line = source.in_short_line()
        if heading is not children[0]:
            state.problem(state.heading_line, NOT_FIRST, NOT_FIRST_FIX)
            return None
        points = children[1] if len(children) > 1 else None
        if points is None or points.tag not in ("ul", "ol"):
            state.problem(state.heading_line, NO_LIST, NO_LIST_FIX)
            return None
        items = [item for item in points if item.tag == "li"]
        for problem in list_problems(
            items, state.max_words, state.heading_line, source.point_lines()
        ):
            state.problem(*problem)
        for item in items:
            for element in item.iter():
                if element.get("href", "").startswith("{"):
                    # Reported above. Without it, the placeholder would be a
                    # second error on each page that shows the point.
                    del element.attrib["href"]
        root.remove(heading)
        state.points = points
        return None


def inner_html(md, element):
    """The finished HTML inside ``element``, as Markdown would write it in the page."""
    html = md.serializer(element)
    html = html[html.index(">") + 1 : html.rindex("<")].strip()
    # The page's postprocessors put back what was held back (citations, smart
    # quotes, raw HTML); this fragment leaves the page before they run.
    for processor in md.postprocessors:
        html = processor.run(html)
    return html.strip()


class KeyPointsTakeOut(Treeprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        state = self.extension
        if state.points is not None and state.points in list(root):
            root.remove(state.points)
            state.key_points = [
                inner_html(self.md, item) for item in state.points if item.tag == "li"
            ]
        state.store(self.md)
        return None
