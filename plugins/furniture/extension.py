"""Python-Markdown extension for a chapter's furniture: key points and care cards.

Stages, and why each runs where it does (a higher priority runs first):

* preprocessor "furniture_source" (28): keeps the source lines, after
  whitespace normalisation (30) and before "meta" (27) strips the front
  matter, so the lines it reports are the file's own.
* treeprocessor "furniture_key_points" (5.5): after the inline stage (20),
  so the points are parsed and can be counted, and before "toc" (5), which
  collects the headings into toc_tokens: the chapters plugin builds the
  "On this page" list from them, and the "In short" heading must not be in it.
* treeprocessor "furniture_care_cards" (3): after "toc" (5), so a card's
  title is not a section of the outline, and after "citations" (4), so the
  hand-typed-citation check reads the author's words, not the hidden prefix.
* treeprocessor "furniture_take_out" (-1): last, after "citations" (4)
  numbered the citations in the points (they come first, as readers meet
  them) and "unescape" (0) finished the text. It takes the list out of the
  body and keeps each point's HTML.

What one document taught the extension is on the extension (reset for each
document, as footnotes does) and, when the meta extension is loaded, in the
document's metadata as JSON under "furniture", which survives Pelican's
content cache: {"key_points": [html, ...], "heading_line": n or null,
"problems": [[line, message, fix], ...]}. Which problems matter is for the
caller to say: the Pelican plugin reports them for chapters only.
"""

import json

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .care_cards import CareCards
from .key_points import KeyPointsCheck, KeyPointsTakeOut
from .source import SourceLines

METADATA_KEY = "furniture"


class SourcePreprocessor(Preprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines):
        self.extension.source = SourceLines(lines, front_matter="meta" in self.md.preprocessors)
        return lines


class FurnitureExtension(Extension):
    """One instance serves every document; ``emergency_numbers`` is
    [(region name, (number, ...)), ...], for emergency cards."""

    def __init__(self, max_words=30, emergency_numbers=(), **kwargs):
        self.max_words = max_words
        self.emergency_numbers = [(name, tuple(numbers)) for name, numbers in emergency_numbers]
        super().__init__(**kwargs)
        self.reset()

    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.preprocessors.register(SourcePreprocessor(md, self), "furniture_source", 28)
        md.treeprocessors.register(KeyPointsCheck(md, self), "furniture_key_points", 5.5)
        md.treeprocessors.register(CareCards(md, self), "furniture_care_cards", 3)
        md.treeprocessors.register(KeyPointsTakeOut(md, self), "furniture_take_out", -1)

    def reset(self):
        self.source = SourceLines()
        self.points = None
        self.heading_line = None
        self.key_points = []
        self.problems = []

    def problem(self, line, message, fix):
        self.problems.append([line, message, fix])

    def record(self):
        return {
            "key_points": list(self.key_points),
            "heading_line": self.heading_line,
            "problems": [list(problem) for problem in self.problems],
        }

    def store(self, md):
        # Metadata values are lists of strings for every reader and plugin.
        if hasattr(md, "Meta"):
            md.Meta[METADATA_KEY] = [json.dumps(self.record())]


def read_record(metadata):
    """The furniture record from a content object's metadata, or None."""
    value = metadata.get(METADATA_KEY)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    try:
        value = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if isinstance(value, dict) and {"key_points", "heading_line", "problems"} <= set(value):
        return value
    return None
