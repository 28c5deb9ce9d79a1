"""Prefixes and suffixes of citations ("see", "and *passim*") converted as Markdown.

A citation's prefix and suffix may hold Markdown (the Pandoc manual's
example is ``[@doe99, pp. 33-35 and *passim*]``). The group processor puts
each one in a child span of the citation's placeholder, so Python-Markdown's
later inline patterns (links, emphasis, smart quotes) convert it as they do
any text. Then, before "toc" (5) reads heading text for ids, this
treeprocessor (5.5, after "smarty" at 6) takes the spans out of the tree and
keeps their HTML on the citation, where the "citations" treeprocessor (4)
renders it around the number. Heading ids therefore never include a prefix.
"""

import re
import xml.etree.ElementTree as etree
from html import escape

from markdown import util
from markdown.treeprocessors import Treeprocessor

SIDES = ("prefix", "suffix")

# A backslash escape not yet undone: the "unescape" treeprocessor (0) runs
# after these spans have left the tree.
ESCAPED_RE = re.compile(f"{util.STX}([0-9]+){util.ETX}")


def hold_affixes(element, pending):
    """Give the placeholder element one child span per prefix or suffix."""
    for index, item in enumerate(pending.items):
        for side in SIDES:
            text = getattr(item, side)
            if text:
                span = etree.SubElement(element, "span")
                span.text = text
                pending.affixes[(index, side)] = span


def inner_html(md, span):
    """The HTML inside a span, with backslash escapes undone."""
    span.tail = None
    html = md.serializer(span)
    html = html[len("<span>") : -len("</span>")]
    return ESCAPED_RE.sub(lambda match: escape(chr(int(match.group(1)))), html)


class AffixTreeprocessor(Treeprocessor):
    def __init__(self, md, state):
        super().__init__(md)
        self.state = state

    def run(self, root):
        for element, pending in self.state.placeholders.items():
            for key, span in list(pending.affixes.items()):
                if not isinstance(span, str):
                    pending.affixes[key] = inner_html(self.md, span)
                    element.remove(span)
        return None
