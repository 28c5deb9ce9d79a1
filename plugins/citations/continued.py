"""One citation numbering for several documents already converted.

The whole guide on one page (plugins.whole_guide) shows every chapter with
one numbering and one References list. Converting every chapter's Markdown
again for it doubled the build, so it takes each chapter's own HTML instead
and numbers its citations again here:

* ``hold_citations`` takes a document's citations out of its HTML, leaving
  a token that names each citation's group (the G of its tooltip id,
  cite-tip-G), and drops the document's own References list. The HTML is
  the extension's own (render.py), written by f-strings with a fixed shape,
  so a regular expression finds it; a parser would need it to be written
  back the same way, which none does.
* ``ContinuedCitations.number`` numbers the groups that the extension
  recorded for the document (its record's "groups", in numbering order),
  going on from the documents before it, and ``fill_citations`` puts their
  HTML where the tokens are. Numbering and markup are those of one long document: the
  extension and this module share ``Sequence``.
"""

import re

from .extension import Sequence, read_record

# Private-use characters: not in any text an author types, and kept as they
# are by HTML parsers and serialisers, so the HTML around them can be changed
# before the citations go back.
TOKEN = "\ue000{}\ue001"
TOKEN_RE = re.compile("\ue000(\\d+)\ue001")

# One citation as render.py writes it: an optional narrative wrapper (its
# text is escaped, so it holds no "<"), the superscript, and the tooltip that
# ends it, whose id gives the group.
CITATION_RE = re.compile(
    r'(<span class="citations-narrative">[^<]*)?'
    r'<sup class="citations-cite">.*?id="cite-tip-(\d+)" role="tooltip">.*?</span></sup>'
    r"(?(1)</span>)",
    re.S,
)
REFERENCES_RE = re.compile(
    r'\n?<section aria-labelledby="cite-references" class="citations-references">.*?</section>',
    re.S,
)


class RecordMismatch(ValueError):
    """A document's HTML and its citations record disagree (a stale cache)."""


def hold_citations(html):
    """``html`` with a token for each citation and without its References list."""
    return CITATION_RE.sub(lambda match: TOKEN.format(match.group(2)), REFERENCES_RE.sub("", html))


def held_groups(*texts):
    """The group numbers of the tokens in ``texts``."""
    return frozenset(int(number) for text in texts for number in TOKEN_RE.findall(text))


def fill_citations(held, rendered):
    """Put the HTML of each group (``rendered``: {group: HTML}) where its token is."""

    def citation(match):
        group = int(match.group(1))
        if group not in rendered:
            raise RecordMismatch(f"citation {group} is not in the document's record")
        return rendered[group]

    return TOKEN_RE.sub(citation, held)


def citation_groups(metadata):
    """The citation groups a content's metadata records, [] if it has none."""
    record = read_record(metadata)
    return record.get("groups", []) if record else []


class ContinuedCitations:
    """Numbers the citations of documents one after another, as one document."""

    def __init__(self, library, heading="References"):
        self.library = library
        self.heading = heading
        self.sequence = Sequence()

    @classmethod
    def from_markdown_settings(cls, markdown_settings):
        """One for the site's citations extension in MARKDOWN, or None if it has none."""
        from .extension import CitationsExtension

        for extension in markdown_settings.get("extensions", []):
            if isinstance(extension, CitationsExtension):
                return cls(extension.library, extension.heading)
        return None

    def number(self, groups):
        """{group number: HTML} for one document's recorded groups, numbered on."""
        return {
            index: self.sequence.render(self.library, items, narrative)
            for index, (items, narrative) in enumerate(groups, 1)
        }

    def references_html(self):
        """The one References list for every document numbered; "" if none."""
        return self.sequence.references_html(self.library, self.heading)
