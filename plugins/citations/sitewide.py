"""Site-wide views of the library: the References page and uncited entries."""

import os
from dataclasses import dataclass, field

from markdown import Markdown
from markupsafe import Markup

from .extension import CitationsExtension, read_record
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


def markdown_sources(folder, extensions=(".md", ".markdown", ".mkd", ".mdown")):
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(extensions):
                yield os.path.join(root, name)


def cited_keys_in(paths, extension, markdown_settings=None):
    """Keys cited by Markdown files, found with the same extension the build uses."""
    options = dict(markdown_settings or {})
    options["extensions"] = [
        ext for ext in options.get("extensions", []) if not isinstance(ext, CitationsExtension)
    ] + ["markdown.extensions.meta", extension]
    cited = set()
    for path in paths:
        md = Markdown(**options)
        with open(path, encoding="utf-8") as handle:
            md.convert(handle.read())
        cited.update(md.citations["cited"])
    return cited


def find_uncited(settings):
    """For `invoke check`: [(bib path, line, key)] of entries no page cites.

    settings are Pelican settings (pelican.settings.read_settings). The
    content is read again with the build's Markdown settings, so no build
    output is needed.
    """
    from .plugin import load

    config, library = load(settings)
    extension = CitationsExtension(library, config.heading, check_mentions=False)
    cited = cited_keys_in(markdown_sources(settings["PATH"]), extension, settings.get("MARKDOWN"))
    return [(library.path, ref.line, ref.key) for ref in uncited_entries(library, cited)]
