"""The inline processors that find citations, and what they leave for the treeprocessor.

Each match becomes an empty placeholder element, with a Pending record of
what was written; the "citations" treeprocessor resolves them later, in
document order (see extension.py for the priorities).
"""

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown.inlinepatterns import InlineProcessor

from .affixes import hold_affixes
from .syntax import GROUP_RE, NARRATIVE_RE, CitationSyntaxError, Item, parse_group


@dataclass
class Pending:
    """A citation found by an inline processor, resolved later in document order.

    kind is "group" for anything with brackets, "narrative" for a bare @key;
    in_text says the first source's author is named before its number.
    affixes maps (item index, "prefix" or "suffix") to that text as HTML.
    """

    kind: str
    raw: str
    items: list = field(default_factory=list)
    error: str = ""
    in_text: bool = False
    affixes: dict = field(default_factory=dict)


class GroupProcessor(InlineProcessor):
    def __init__(self, md, state, locale):
        super().__init__(GROUP_RE, md)
        self.state = state
        self.locale = locale

    def handleMatch(self, m, data):
        element = etree.Element("sup")
        head, raw = m["head"], m.group(0)
        body = m["body"] if head is None else m["tail"]
        try:
            items = parse_group(body, head, raw if head else None, self.locale)
            in_text = head is not None and not head.startswith("-")
            pending = Pending("group", raw, items, in_text=in_text)
        except CitationSyntaxError as error:
            pending = Pending("group", raw, error=str(error))
        hold_affixes(element, pending)
        self.state.placeholders[element] = pending
        return element, m.start(0), m.end(0)


class NarrativeProcessor(InlineProcessor):
    # "@word" in a link's text is left alone: a number there would nest links.
    ANCESTOR_EXCLUDES = ("a",)

    def __init__(self, md, state):
        super().__init__(NARRATIVE_RE, md)
        self.state = state

    def handleMatch(self, m, data):
        element = etree.Element("span")
        key = m["braced"][1:-1] if m["braced"] else m["key"]
        suppress = bool(m["suppress"])
        items = [Item(key, suppress_author=suppress)]
        self.state.placeholders[element] = Pending(
            "narrative", m.group(0), items, in_text=not suppress
        )
        return element, m.start(0), m.end(0)
