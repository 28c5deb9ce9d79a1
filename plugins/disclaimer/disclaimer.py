"""The disclaimer banner at the top of every page's main content.

- The words live in one content file, DISCLAIMER_SOURCE (relative to PATH;
  default pages/disclaimer.md). Its body is the full Disclaimer page; its
  metadata holds the banner's two forms: ``Short:`` for every page and
  ``Strong:`` for content whose metadata says ``Disclaimer: strong`` (chapters
  about severe depression or suicide). The file is read once, at start-up.
- Content can ask for the strong form, never for no banner: any other
  ``Disclaimer:`` value is an error naming the file and line.
- Templates call ``disclaimer_banner()``; it picks the form for the article or
  page being rendered (the standard one where there is neither) and renders
  the theme's partials/disclaimer.html with autoescape on.
- Every written HTML page must contain the element with id "disclaimer": the
  site_audit plugin checks it (declared here with ``require_block``) and
  stops the build, so a plain ``pelican`` run fails too.
"""

import logging
import os
from dataclasses import dataclass
from typing import ClassVar

import markdown
from jinja2 import TemplateNotFound, pass_context
from markupsafe import Markup
from pelican import signals

from guidelib import (
    Problem,
    ProblemsError,
    contents_of,
    field_lines,
    line_of,
    make_environment,
    read_plugin_settings,
    relative,
    template_dirs,
)
from plugins.site_audit import Block, require_block

logger = logging.getLogger(__name__)

BLOCK_ID = "disclaimer"
TEMPLATE = "partials/disclaimer.html"
# Banner variant -> the metadata field of the disclaimer file that holds its text.
VARIANTS = {"standard": "short", "strong": "strong"}
DEFAULT_VARIANT = "standard"

# What the build learnt at start-up, for the template global and the check.
_state = {}


class DisclaimerError(ProblemsError):
    """The disclaimer cannot be shown correctly; the build must stop."""


@dataclass(frozen=True)
class Settings:
    PREFIX: ClassVar[str] = "DISCLAIMER_"
    # The file holding the banner's words and the full page, relative to PATH.
    source: str = "pages/disclaimer.md"


BLOCK = Block(
    BLOCK_ID,
    "the disclaimer banner",
    "Keep base.html's {% block disclaimer %} in that template, or call "
    "{{ disclaimer_banner() }} at the top of its main content.",
)


@dataclass(frozen=True)
class Disclaimer:
    path: str
    texts: dict  # variant -> banner text


def parse_disclaimer(text, path):
    """Return the banner texts held in the metadata of the disclaimer file ``text``."""
    md = markdown.Markdown(extensions=["meta"])
    md.convert(text)
    meta = {name: " ".join(value).strip() for name, value in md.Meta.items()}
    lines = field_lines(text)
    problems = [
        Problem(
            path,
            f"the {variant} banner text is missing",
            line=lines.get(name, 1),
            hint=f"add a metadata line '{name.capitalize()}: <one or two sentences>' at the "
            "top of the file",
        )
        for variant, name in VARIANTS.items()
        if not meta.get(name)
    ]
    if problems:
        raise DisclaimerError(problems)
    return Disclaimer(path, {variant: meta[name] for variant, name in VARIANTS.items()})


def select_variant(value):
    """Return the banner variant that a ``Disclaimer:`` metadata value asks for.

    No value means the standard banner. Raise ValueError for anything else than
    the known variants: in particular the banner cannot be switched off.
    """
    if value is None:
        return DEFAULT_VARIANT
    variant = str(value).strip().lower()
    if variant not in VARIANTS:
        raise ValueError(
            f"unknown Disclaimer value {value!r}. Write 'Disclaimer: strong' for the "
            "stronger banner, or remove the line for the standard one; the banner "
            "cannot be switched off"
        )
    return variant


def render_banner(env, disclaimer, variant, url, block_id=BLOCK_ID):
    """The banner in the given variant, linking to the full disclaimer at ``url``.

    ``block_id`` is the banner's id: a page that shows it twice (the whole
    guide, at its top and at its end) gives the second one another id.
    """
    return Markup(
        env.get_template(TEMPLATE).render(
            variant=variant,
            text=disclaimer.texts[variant],
            url=url,
            block_id=block_id,
        )
    )


# --- Pelican glue --------------------------------------------------------------


def load_disclaimer(pelican):
    settings = pelican.settings
    config = read_plugin_settings(settings, Settings)
    source = os.path.join(settings["PATH"], config.source)
    path = relative(source)
    try:
        with open(source, encoding="utf-8-sig") as handle:
            disclaimer = parse_disclaimer(handle.read(), path)
    except OSError as error:
        raise DisclaimerError(
            [
                Problem(
                    path,
                    f"cannot read the disclaimer ({error.strerror})",
                    hint="create it, or point DISCLAIMER_SOURCE at it (relative to PATH)",
                )
            ]
        ) from None
    env = make_environment(template_dirs(settings))
    try:
        env.get_template(TEMPLATE)
    except TemplateNotFound:
        raise DisclaimerError(
            [
                Problem(
                    relative(template_dirs(settings)[-1]),
                    f"the theme has no template {TEMPLATE}: the disclaimer plugin renders "
                    "the banner with it",
                    hint=f"add {TEMPLATE} to the theme",
                )
            ]
        ) from None
    require_on_every_page(settings)
    _state.clear()
    _state.update(disclaimer=disclaimer, env=env, source=os.path.abspath(source), url=None)


def add_template_global(generator):
    generator.env.globals["disclaimer_banner"] = disclaimer_banner


def check_metadata(generator):
    """Log an error for every article or page with an unknown Disclaimer value."""
    for content in contents_of([generator]):
        try:
            select_variant(content.metadata.get("disclaimer"))
        except ValueError as error:
            path = content.source_path
            Problem(relative(path), f"{error}.", line=line_of(path, "disclaimer")).log(logger)


def find_disclaimer_page(generator):
    pages = [*generator.pages, *generator.hidden_pages, *generator.draft_pages]
    page = next((p for p in pages if os.path.abspath(p.source_path) == _state["source"]), None)
    if page is None:
        raise DisclaimerError(
            [
                Problem(
                    _state["disclaimer"].path,
                    "the full Disclaimer page was not generated, so the banner would have "
                    "nothing to link to",
                    hint="keep the file under PAGE_PATHS",
                )
            ]
        )
    _state["url"] = page.url


@pass_context
def disclaimer_banner(context, block_id=BLOCK_ID, variant=None):
    """The banner for the article or page being rendered (standard elsewhere).

    A page made of several contents passes the ``variant`` they ask for, and
    ``block_id`` for a second copy of the banner.
    """
    if variant is None:
        content = context.get("article") or context.get("page")
        try:
            variant = select_variant(getattr(content, "metadata", {}).get("disclaimer"))
        except ValueError:
            # Already reported by check_metadata; the stronger wording is the safe fallback.
            variant = "strong"
    url = f"{context.get('SITEURL') or ''}/{_state['url']}"
    return render_banner(_state["env"], _state["disclaimer"], variant, url, block_id)


def require_on_every_page(settings):
    """Have the site_audit plugin check every written page for the banner."""
    require_block(settings, BLOCK)


def register():
    signals.initialized.connect(load_disclaimer)
    signals.generator_init.connect(add_template_global)
    signals.article_generator_finalized.connect(check_metadata)
    signals.page_generator_finalized.connect(check_metadata)
    signals.page_generator_finalized.connect(find_disclaimer_page)
