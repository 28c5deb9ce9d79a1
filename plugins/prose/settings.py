"""PROSE_* settings: defaults in one place, checked once when the build starts."""

from dataclasses import dataclass, field
from typing import ClassVar

from guidelib import Problem, SettingsError, read_plugin_settings
from guidelib.settings import SETTINGS_FILE

# The content groups the reading-grade and uncited-claim checks can apply to:
# Pelican's articles (the chapters, ARTICLE_PATHS) and pages (PAGE_PATHS).
CONTENT_KINDS = ("articles", "pages")


def _grade(value):
    return None if 0 < value <= 20 else "must be a grade between 0 and 20"


def _kinds(value):
    unknown = [kind for kind in value if kind not in CONTENT_KINDS]
    if unknown:
        return f"has unknown content {', '.join(map(repr, unknown))}: use 'articles' and/or 'pages'"
    return None


@dataclass(frozen=True)
class Config:
    PREFIX: ClassVar[str] = "PROSE_"
    # Above this Flesch-Kincaid grade a chapter fails the build.
    grade_error: float = field(
        default=9.0, metadata={"check": _grade, "example": "PROSE_GRADE_ERROR = 9"}
    )
    # Above this grade a chapter gets a warning for `invoke check`.
    grade_warning: float = field(
        default=7.0, metadata={"check": _grade, "example": "PROSE_GRADE_WARNING = 7"}
    )
    # The safe-messaging and editorial rules; relative to PATH.
    rules_file: str = field(
        default="data/prose-rules.yaml",
        metadata={"example": 'PROSE_RULES_FILE = "data/prose-rules.yaml"'},
    )
    # Which content gets the reading-grade and uncited-claim checks.
    graded: tuple[str, ...] = field(
        default=("articles",),
        metadata={"check": _kinds, "example": 'PROSE_GRADED = ["articles"]'},
    )
    # Check in a worker process while Pelican reads, on a large build and when
    # a core is spare (worker.py).
    worker: bool = True


def _line(path, name):
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.startswith(name):
                    return number
    except OSError:
        pass
    return None


def read_config(settings):
    """The Config of Pelican's ``settings``; SettingsError naming each bad setting."""
    config = read_plugin_settings(settings, Config)
    if config.grade_warning > config.grade_error:
        where = str(settings.get(SETTINGS_FILE) or "pelicanconf.py")
        raise SettingsError(
            [
                Problem(
                    where,
                    f"PROSE_GRADE_WARNING ({config.grade_warning:g}) is above "
                    f"PROSE_GRADE_ERROR ({config.grade_error:g})",
                    line=_line(where, "PROSE_GRADE_WARNING"),
                    hint="set PROSE_GRADE_WARNING to PROSE_GRADE_ERROR or lower",
                )
            ]
        )
    return config
