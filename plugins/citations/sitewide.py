"""Site-wide views of the library: the References page and uncited entries."""

from dataclasses import dataclass, field

from markupsafe import Markup

from .extension import read_record
from .mentions import fold


@dataclass(frozen=True)
class Citing:
    """A page that cites a source, and the source's number on that page."""

    title: str
    url: str
    number: int

    @property
    def anchor(self):
        return f"cite-ref-{self.number}"


@dataclass
class LibraryEntry:
    """One source as the References page shows it."""

    reference: object
    cited_in: list = field(default_factory=list)

    @property
    def key(self):
        return self.reference.key

    @property
    def html(self):
        return Markup(self.reference.html)

    @property
    def links(self):
        """(label, url, accessible name) for DOI, PubMed and PubMed Central."""
        ref = self.reference
        found = []
        for label, url, name in (
            ("DOI", ref.doi_url, "DOI"),
            ("PubMed", ref.pubmed_url, "PubMed record"),
            ("PubMed Central", ref.pmc_url, "PubMed Central full text"),
        ):
            if url:
                found.append((label, url, f"{name} for {ref.narrative}"))
        return found


def build_index(library, contents):
    """Every library entry with the pages citing it, sorted like a bibliography.

    contents are Pelican content objects in the order they should be listed;
    each carries the "citations" record left by the Markdown extension.
    """
    entries = {key: LibraryEntry(ref) for key, ref in library.references.items()}
    for content in contents:
        record = read_record(getattr(content, "metadata", {}))
        if record is None:
            continue
        # Pelican works a content's url out again at every access.
        title, url = content.title, content.url
        for number, key in enumerate(record["cited"], 1):
            if key in entries:
                entries[key].cited_in.append(Citing(title, url, number))
    return sorted(
        entries.values(),
        key=lambda e: (fold(e.reference.short_author), e.reference.year, fold(e.reference.title)),
    )


def uncited_entries(library, cited_keys):
    """Library entries not in cited_keys, in file order."""
    cited = set(cited_keys)
    return sorted(
        (ref for key, ref in library.references.items() if key not in cited), key=lambda r: r.line
    )
