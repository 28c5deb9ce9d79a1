"""Python-Markdown extension that turns Pandoc-style citations into numbered links.

Stages and why each runs where it does:

* preprocessor "citations_source" (29): runs right after whitespace
  normalisation (30) and before "meta" (27) strips the front matter, so the
  lines it keeps have the file's own line numbers.
* inline "citations_group" (174): after code spans (190) and backslash
  escapes (180), so code and "\\[" are never read as citations; before
  reference links (170) and links (160), which would otherwise claim
  "[@key]". Footnotes ("[^1]", 175) are matched first and never contain "@".
  It also takes "@key [p. 33]", a narrative citation with its bracket.
* inline "citations_narrative" (105): a bare "@key" or "-@key"; after
  auto-links and automatic email links (120, 110) so "<a@b.org>" stays an
  email; before emphasis (60) so an underscore in a key is not read as
  emphasis.
* treeprocessor "citations_affixes" (5.5): takes the converted prefixes and
  suffixes out of the tree before "toc" (5) reads headings (affixes.py).
* treeprocessor "citations" (4): after the inline stage (20), so every
  citation is in the tree, and after "toc" (5), so heading ids and the
  table of contents do not include citation numbers or tooltips. It walks
  the finished tree in document order, which the inline stage does not
  follow, so numbers match reading order.

The result for each document is a plain dict, md.citations (also put, as
JSON, in the document's metadata as "citations" so it survives Pelican's
content cache): {"cited": [keys in number order], "problems": [[level, line,
message]], "groups": [[[key, locator, prefix, suffix], ...], narrative key or
null], ...]}. "groups" holds each citation in the order it was numbered, the
G-th behind the tooltip id cite-tip-G: enough to number the document again
as part of a longer one (continued.py) without converting it again.
"""

import difflib
import functools
import json
import xml.etree.ElementTree as etree
from collections import Counter

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .affixes import AffixTreeprocessor
from .inline import GroupProcessor, NarrativeProcessor
from .mentions import SourceLocator, find_mentions, fold
from .render import Cited, citation_html, narrative_html, references_html
from .syntax import Numbering

ERROR = "error"
WARNING = "warning"


class DocumentState:
    """What one Markdown instance learns about the document it converts."""

    def __init__(self):
        self.seen_meta = False
        self.in_field = False
        self.meta = None
        self.start([])

    def start(self, lines):
        self.lines = list(lines)
        self.locator = SourceLocator(self.lines)
        self.placeholders = {}
        self.record = {"cited": [], "problems": [], "groups": []}
        self.meta = None

    def problem(self, level, line, message):
        self.record["problems"].append([level, line, message])


class SourcePreprocessor(Preprocessor):
    def __init__(self, md, state):
        super().__init__(md)
        self.state = state

    def run(self, lines):
        state = self.state
        # Pelican converts metadata fields such as Summary with the same
        # instance, after removing "meta"; keep the document's record then.
        state.in_field = state.seen_meta and "meta" not in self.md.preprocessors
        if state.in_field:
            state.placeholders = {}
        else:
            state.start(lines)
            state.seen_meta = "meta" in self.md.preprocessors
        return lines


def _replace_with_text(parent, element, text):
    """Put the original source text back where a citation could not be resolved."""
    index = list(parent).index(element)
    text += element.tail or ""
    parent.remove(element)
    if index:
        parent[index - 1].tail = (parent[index - 1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _prose_texts(element, in_code=False):
    """Text of the tree in document order, leaving out code."""
    here = in_code or element.tag in ("code", "pre")
    if element.text and not here:
        yield element.text
    for child in element:
        yield from _prose_texts(child, here)
        if child.tail and not here:
            yield child.tail


class Sequence:
    """The numbers, back-link letters and tooltip count of one run of citations."""

    def __init__(self):
        self.numbering = Numbering()
        self.uses = {}
        self.groups = 0

    def render(self, library, items, narrative=None):
        """Number one citation and return its HTML.

        ``items`` are the known sources in it, [(key, locator, prefix HTML,
        suffix HTML)]; ``narrative`` is the key whose author and year go
        before the number, or None.
        """
        self.groups += 1
        cited = []
        for key, locator, prefix, suffix in items:
            number, label = self.numbering.cite(key)
            self.uses.setdefault(number, []).append(label)
            cited.append(Cited(library[key], number, label, locator, prefix, suffix))
        html = citation_html(cited, self.groups)
        if narrative is not None:
            html = narrative_html(library[narrative], html)
        return html

    def references_html(self, library, heading):
        """The References list of the sources numbered so far; "" if none."""
        keys = self.numbering.keys
        if not keys:
            return ""
        entries = [(number, library[key], self.uses[number]) for number, key in enumerate(keys, 1)]
        return references_html(entries, heading)


class CitationsTreeprocessor(Treeprocessor):
    def __init__(self, md, state, extension):
        super().__init__(md)
        self.state = state
        self.extension = extension

    def run(self, root):
        state = self.state
        parents = {child: parent for parent in root.iter() for child in parent}
        pending = [element for element in root.iter() if element in state.placeholders]
        if state.in_field:
            self._field_citations(pending, parents)
            return None
        if self.extension.check_mentions:
            self._mentions(root)
        self._resolve(root, pending, parents)
        self.md.citations = state.record
        if hasattr(self.md, "Meta"):
            state.meta = self.md.Meta
            self._store(state)
        return None

    @staticmethod
    def _store(state):
        # Metadata values are lists of strings for every reader and plugin,
        # so the record travels as JSON.
        if state.meta is not None:
            state.meta["citations"] = [json.dumps(state.record)]

    def _field_citations(self, pending, parents):
        for element in pending:
            line = self.state.locator.line_matching(r"\s*summary\s*:")
            self.state.problem(
                ERROR,
                line,
                (
                    f"the citation {self.state.placeholders[element].raw} is in a metadata "
                    "field such as Summary, which is shown away from the References list. "
                    "Remove the citation from the field."
                ),
            )
            _replace_with_text(parents[element], element, self.state.placeholders[element].raw)
        # Pelican is still reading the document's metadata: update its record.
        self._store(self.state)

    def _mentions(self, root):
        library = self.extension.library
        seen = Counter()
        # One search over all the prose; no mention can span the NUL between texts.
        prose = "\0".join(_prose_texts(root))
        for matched, name, year in find_mentions(prose, self.extension.first_authors):
            nth = seen[matched]
            seen[matched] += 1
            line = self.state.locator.line_of(matched, nth)
            keys = [
                ref.key
                for ref in library.references.values()
                if ref.authors and fold(ref.authors[0]) == fold(name) and ref.year == year[:4]
            ]
            if keys:
                advice = " or ".join(f"@{key}" for key in keys)
                hint = f"Write {advice} (narrative) or [@{keys[0]}] instead."
            else:
                hint = (
                    "Write @key or [@key] with the source's key from the library, "
                    "adding the source to the library first if it is missing."
                )
            self.state.problem(
                WARNING,
                line,
                (
                    f"'{matched}' looks like a hand-typed citation, so it is not "
                    f"numbered or linked to the References. {hint}"
                ),
            )

    def _unknown_key(self, key, pending):
        library = self.extension.library
        if library.missing:
            hint = f"The library {library.path} does not exist; create it or set CITATIONS_BIB."
        else:
            close = difflib.get_close_matches(key, list(library.references), n=3, cutoff=0.6)
            if close:
                hint = f"Closest keys in the library: {', '.join(close)}."
            else:
                hint = f"No key in {library.path} is close; check the spelling or add the entry."
        if pending.kind == "narrative":
            hint += f" If this is not a citation, write \\@{key}."
        return f"unknown citation key '{key}' in {pending.raw}. {hint}"

    def _resolve(self, root, pending, parents):
        state = self.state
        library = self.extension.library
        sequence = Sequence()
        seen = Counter()
        for element in pending:
            info = state.placeholders[element]
            nth = seen[info.raw]
            seen[info.raw] += 1

            def line(info=info, nth=nth):
                return state.locator.line_of(info.raw, nth, hide_groups=info.kind == "narrative")

            if self._inside_link(element, parents):
                state.problem(
                    ERROR,
                    line(),
                    (
                        f"the citation {info.raw} is inside a link's text, which would nest "
                        "links. Move the citation after the link."
                    ),
                )
                _replace_with_text(parents[element], element, info.raw)
                continue
            if info.error:
                state.problem(ERROR, line(), info.error + ".")
                _replace_with_text(parents[element], element, info.raw)
                continue
            known = []
            for item in info.items:
                if item.key in library:
                    known.append(item)
                elif not library.unreadable:
                    state.problem(ERROR, line(), self._unknown_key(item.key, info))
            if not known:
                _replace_with_text(parents[element], element, info.raw)
                continue
            items = [
                (
                    item.key,
                    item.locator,
                    info.affixes.get((index, "prefix"), ""),
                    info.affixes.get((index, "suffix"), ""),
                )
                for index, item in enumerate(info.items)
                if item in known
            ]
            narrative = info.items[0].key if info.in_text and info.items[0] in known else None
            html = sequence.render(library, items, narrative)
            state.record["groups"].append([[list(item) for item in items], narrative])
            _replace_with_text(parents[element], element, self.md.htmlStash.store(html))
        state.record["cited"] = sequence.numbering.keys
        if sequence.numbering.keys:
            # A paragraph holding only a stash placeholder is replaced whole
            # by the stashed block.
            holder = etree.SubElement(root, "p")
            holder.text = self.md.htmlStash.store(
                sequence.references_html(library, self.extension.heading)
            )

    @staticmethod
    def _inside_link(element, parents):
        node = parents.get(element)
        while node is not None:
            if node.tag == "a":
                return True
            node = parents.get(node)
        return False


class CitationsExtension(Extension):
    """Register with an already loaded Library; one instance serves every file."""

    def __init__(
        self, library, heading="References", check_mentions=True, locale="en-US", **kwargs
    ):
        self.library = library
        self.heading = heading
        self.check_mentions = check_mentions
        self.locale = locale
        self.first_authors = {
            fold(ref.authors[0]) for ref in library.references.values() if ref.authors
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        state = DocumentState()
        if "@" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("@")
        md.preprocessors.register(SourcePreprocessor(md, state), "citations_source", 29)
        md.inlinePatterns.register(GroupProcessor(md, state, self.locale), "citations_group", 174)
        md.inlinePatterns.register(NarrativeProcessor(md, state), "citations_narrative", 105)
        md.treeprocessors.register(AffixTreeprocessor(md, state), "citations_affixes", 5.5)
        md.treeprocessors.register(CitationsTreeprocessor(md, state, self), "citations", 4)


@functools.lru_cache(maxsize=4096)
def _parsed(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


def read_record(metadata):
    """The citations record from a content object's metadata, or None.

    Several plugins read each chapter's record in every build, and the live
    preview reads the same records build after build: each JSON text is
    parsed once in a process. The record is shared, so callers only read it.
    """
    value = metadata.get("citations")
    if isinstance(value, str):
        value = _parsed(value)
    if isinstance(value, dict) and "cited" in value and "problems" in value:
        return value
    return None
