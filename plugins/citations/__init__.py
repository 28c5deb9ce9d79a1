"""Numbered citations from a BibTeX library, formatted with a CSL style.

What `invoke check` and the prose plugin need (the syntax, the leftover
marks page check) is imported at once; the Pelican side, the Markdown
extension and the library (citeproc) on first use (guidelib.lazy).
"""

from guidelib.lazy import lazy_exports

from .leftover import leftover_citations
from .syntax import GROUP_RE, NARRATIVE_RE, leftover_citation_marks

__all__ = [
    "GROUP_RE",
    "NARRATIVE_RE",
    "CitationsExtension",
    "ContinuedCitations",
    "Library",
    "RecordMismatch",
    "Reference",
    "build_index",
    "citation_groups",
    "fill_citations",
    "held_groups",
    "hold_citations",
    "leftover_citation_marks",
    "leftover_citations",
    "load_library",
    "register",
    "uncited_entries",
    "verify_references",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "CitationsExtension": ".extension",
        "ContinuedCitations": ".continued",
        "RecordMismatch": ".continued",
        "citation_groups": ".continued",
        "fill_citations": ".continued",
        "held_groups": ".continued",
        "hold_citations": ".continued",
        "Library": ".library",
        "Reference": ".library",
        "load_library": ".library",
        "register": ".plugin",
        "build_index": ".sitewide",
        "uncited_entries": ".sitewide",
        "verify_references": ".verify",
    },
)
