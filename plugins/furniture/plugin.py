"""Pelican signal handlers: settings and emergency numbers in, problems out.

- ``initialized`` (after crisis_help's, so its data is loaded): reads the
  FURNITURE_* settings and installs the Markdown extension with the site's
  emergency numbers.
- ``content_object_init``: gives each content object ``key_points`` (the
  HTML of each point, for the theme's partials/key_points.html) and logs the
  problems the extension found, which fail the strict build. Chapters (the
  Markdown under ARTICLE_PATHS) must have key points and may use only the
  three care cards; any other page may not have key points, because only the
  chapter template shows them.
"""

import logging
from dataclasses import dataclass, field
from typing import ClassVar

from markdown.extensions.admonition import AdmonitionExtension
from markupsafe import Markup
from pelican.contents import Article

from guidelib import MARKDOWN_SUFFIXES, Problem, read_plugin_settings, relative
from plugins.crisis_help import emergency_numbers

from .extension import FurnitureExtension, read_record

logger = logging.getLogger(__name__)

ADMONITION = "markdown.extensions.admonition"
NOT_A_CHAPTER = "an 'In short' section is shown only on chapters, so this one would be lost."
NOT_A_CHAPTER_FIX = "give the section another heading, or move the page into a chapter folder"


def _positive(value):
    return None if value > 0 else "must be more than 0"


@dataclass(frozen=True)
class Config:
    PREFIX: ClassVar[str] = "FURNITURE_"
    key_points_max_words: int = field(
        default=30,
        metadata={"check": _positive, "example": "FURNITURE_KEY_POINTS_MAX_WORDS = 30"},
    )


def has_admonition(markdown):
    names = [*markdown.get("extension_configs", {}), *markdown.get("extensions", [])]
    return any(name == ADMONITION or isinstance(name, AdmonitionExtension) for name in names)


def install_extension(settings, extension):
    """Put the extension in MARKDOWN, replacing one left by an earlier run.

    A new dict and list, because MARKDOWN may be Pelican's shared default.
    """
    markdown = dict(settings.get("MARKDOWN", {}))
    markdown["extensions"] = [
        ext for ext in markdown.get("extensions", []) if not isinstance(ext, FurnitureExtension)
    ] + [extension]
    settings["MARKDOWN"] = markdown


def initialized(pelican):
    settings = pelican.settings
    config = read_plugin_settings(settings, Config)
    if not has_admonition(settings.get("MARKDOWN", {})):
        Problem(
            str(settings.get("SETTINGS_FILE") or "pelicanconf.py"),
            "furniture: care cards need Python-Markdown's admonition extension.",
            hint=f"add '{ADMONITION}': {{}} to MARKDOWN['extension_configs']",
        ).log(logger)
    extension = FurnitureExtension(config.key_points_max_words, emergency_numbers())
    install_extension(settings, extension)


def is_chapter(content):
    return isinstance(content, Article) and content.source_path.endswith(MARKDOWN_SUFFIXES)


def content_problems(content, record):
    """The Problems the extension's ``record`` holds for ``content``."""
    path = relative(content.source_path)
    if is_chapter(content):
        return [
            Problem(path, message, line=line, hint=fix) for line, message, fix in record["problems"]
        ]
    if record["key_points"]:
        return [Problem(path, NOT_A_CHAPTER, line=record["heading_line"], hint=NOT_A_CHAPTER_FIX)]
    return []


def content_object_init(content):
    record = read_record(content.metadata)
    if record is None:
        return
    content.key_points = [Markup(point) for point in record["key_points"]]
    for problem in content_problems(content, record):
        problem.log(logger)
