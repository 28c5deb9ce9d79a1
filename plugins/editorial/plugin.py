"""Editorial governance: the registry, the build's date and the About page.

- At start-up the settings and the registry (EDITORIAL_DATA, relative to
  PATH) are checked; any problem stops the build with the file and line.
- Templates get one global, ``editorial`` (see ``Editorial``): the registry's
  writers and reviewers, the About page's URL and the corrections address
  (CONTACT_EMAIL), for the review status of each chapter and the About page's
  editorial policy.
- The About page (EDITORIAL_PAGE) must exist and use the ``about`` template,
  which renders that policy: every chapter links to it.
- The review status is a required block of every chapter page.
"""

import datetime
import logging
import os
import re
from dataclasses import dataclass, field
from typing import ClassVar

from pelican import signals

from guidelib import Problem, ProblemsError, read_plugin_settings, relative
from guidelib.settings import SETTINGS_FILE
from plugins.build_record import add_problem, note
from plugins.site_audit import Block, require_block

from .placeholders import DEFAULT_PATTERNS, compile_patterns, scan
from .registry import load_registry

logger = logging.getLogger(__name__)

ABOUT_TEMPLATE = "about"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class EditorialError(ProblemsError):
    """The editorial data or settings cannot be used; the build must stop."""


def _iso_date(value):
    if not value:
        return None
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return f"must be a date written YYYY-MM-DD, not {value!r}"
    return None


def _patterns(value):
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as error:
            return f"has a pattern that is not a regular expression: {pattern!r} ({error})"
    return None


@dataclass(frozen=True)
class Config:
    PREFIX: ClassVar[str] = "EDITORIAL_"
    data: str = "data/editorial.yaml"
    page: str = "pages/about.md"
    today: str = field(
        default="", metadata={"check": _iso_date, "example": 'EDITORIAL_TODAY = "2027-01-31"'}
    )
    # What counts as a placeholder in the content and its data (placeholders.py).
    placeholders: tuple[str, ...] = field(
        default=DEFAULT_PATTERNS,
        metadata={"check": _patterns, "example": 'EDITORIAL_PLACEHOLDERS = [r"\\bTODO\\b"]'},
    )


@dataclass
class Editorial:
    """What the templates and the chapters plugin know of the editorial setup."""

    registry: object
    today: datetime.date
    page_source: str
    contact_email: str = ""
    about_url: str = ""

    @property
    def writers(self):
        return self.registry.writers

    @property
    def reviewers(self):
        return self.registry.reviewers


_state = {}


def current():
    """The editorial setup of the build in progress."""
    if "editorial" not in _state:
        raise EditorialError(
            [
                Problem(
                    "pelicanconf.py",
                    "the editorial registry was not loaded",
                    hint="add 'plugins.editorial' to PLUGINS: chapters name their authors and "
                    "reviewers from it",
                )
            ]
        )
    return _state["editorial"]


def build_today(config):
    return datetime.date.fromisoformat(config.today) if config.today else datetime.date.today()


def contact_problems(value, where="pelicanconf.py"):
    """What is wrong with the corrections address CONTACT_EMAIL (empty: none set)."""
    if not isinstance(value, str) or (value and not EMAIL.fullmatch(value)):
        return [
            Problem(
                where,
                f"CONTACT_EMAIL {value!r} is not an email address",
                hint="set it to the monitored address that takes corrections, or leave it empty",
            )
        ]
    return []


def load(pelican):
    _state.clear()
    settings = pelican.settings
    config = read_plugin_settings(settings, Config)
    contact = settings.get("CONTACT_EMAIL", "")
    if problems := contact_problems(contact, settings.get(SETTINGS_FILE) or "pelicanconf.py"):
        raise EditorialError(problems)
    # Opened by its full path; messages show it relative (guidelib.Problem).
    registry = load_registry(os.path.abspath(os.path.join(settings["PATH"], config.data)))
    _state["editorial"] = Editorial(
        registry=registry,
        today=build_today(config),
        page_source=os.path.abspath(os.path.join(settings["PATH"], config.page)),
        contact_email=contact,
    )
    _state["placeholders"] = (settings["PATH"], compile_patterns(config.placeholders))
    require_review_status(settings)


def record_readiness(generators):
    """Write down what publishing needs to know: the contact, and placeholders left."""
    if "placeholders" not in _state:
        return
    folder, patterns = _state["placeholders"]
    for problem in scan(folder, patterns):
        add_problem(problem)
    note("editorial", {"contact_email": _state["editorial"].contact_email})


def require_review_status(settings):
    """Every chapter page must show its review status."""
    require_block(
        settings,
        Block(
            id="review-status",
            name="the review status",
            fix="Keep article.html's {% include 'partials/review_status.html' %} in the chapter's "
            "header",
            pages="guide/*/index.html",
        ),
    )


def add_template_global(generator):
    if "editorial" in _state:
        generator.env.globals["editorial"] = _state["editorial"]


def find_about_page(generator):
    """Remember the About page's URL; it must exist and render the editorial policy."""
    editorial = current()
    pages = [*generator.pages, *generator.hidden_pages, *generator.draft_pages]
    page = next((p for p in pages if os.path.abspath(p.source_path) == editorial.page_source), None)
    shown = relative(editorial.page_source)
    if page is None:
        raise EditorialError(
            [
                Problem(
                    shown,
                    "the About page was not generated: every chapter links to its editorial policy",
                    hint=f"create it with the line 'Template: {ABOUT_TEMPLATE}', or point "
                    "EDITORIAL_PAGE at it (relative to PATH)",
                )
            ]
        )
    if page.template != ABOUT_TEMPLATE:
        raise EditorialError(
            [
                Problem(
                    shown,
                    f"the About page uses template {page.template!r}, which does not show the "
                    "editorial policy",
                    line=1,
                    hint=f"add the line 'Template: {ABOUT_TEMPLATE}' to its metadata",
                )
            ]
        )
    editorial.about_url = page.url


def register():
    signals.initialized.connect(load)
    signals.generator_init.connect(add_template_global)
    signals.page_generator_finalized.connect(find_about_page)
    signals.all_generators_finalized.connect(record_readiness)
