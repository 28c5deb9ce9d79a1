"""Numbered citations from a BibTeX library, formatted with a CSL style."""

from pelican import signals

from .extension import CitationsExtension
from .library import Library, Reference, load_library
from .plugin import all_generators_finalized, content_object_init, initialized
from .sitewide import build_index, uncited_entries
from .syntax import GROUP_RE, NARRATIVE_RE, leftover_citation_marks
from .verify import verify_references

__all__ = [
    "GROUP_RE",
    "NARRATIVE_RE",
    "CitationsExtension",
    "Library",
    "Reference",
    "build_index",
    "leftover_citation_marks",
    "load_library",
    "uncited_entries",
    "verify_references",
]


def register():
    signals.initialized.connect(initialized)
    signals.content_object_init.connect(content_object_init)
    signals.all_generators_finalized.connect(all_generators_finalized)
