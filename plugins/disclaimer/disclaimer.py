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
  page_blocks plugin checks it (declared here in PAGE_BLOCKS_REQUIRED) and
  stops the build, so a plain ``pelican`` run fails too.
"""

import logging
import os
from dataclasses import dataclass

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, pass_context
from markupsafe import Markup
from pelican import signals

logger = logging.getLogger(__name__)

BLOCK_ID = "disclaimer"
TEMPLATE = "partials/disclaimer.html"
DEFAULTS = {"DISCLAIMER_SOURCE": "pages/disclaimer.md"}
# Banner variant -> the metadata field of the disclaimer file that holds its text.
VARIANTS = {"standard": "short", "strong": "strong"}
DEFAULT_VARIANT = "standard"

# What the build learnt at start-up, for the template global and the check.
_state = {}


class DisclaimerError(RuntimeError):
    """The disclaimer cannot be shown correctly; the build must stop."""


@dataclass(frozen=True)
class Disclaimer:
    path: str
    texts: dict  # variant -> banner text


def field_lines(text):
    """Map each metadata field name (lower case) to its 1-based line number."""
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        name, sep, _ = line.partition(":")
        if sep and not line[0].isspace():
            lines.setdefault(name.strip().lower(), number)
    return lines


def parse_disclaimer(text, path):
    """Return the banner texts held in the metadata of the disclaimer file ``text``."""
    md = markdown.Markdown(extensions=["meta"])
    md.convert(text)
    meta = {name: " ".join(value).strip() for name, value in md.Meta.items()}
    lines = field_lines(text)
    problems = []
    for variant, name in VARIANTS.items():
        if not meta.get(name):
            problems.append(
                f"{path}:{lines.get(name, 1)}: the {variant} banner text is missing. Add a "
                f"metadata line '{name.capitalize()}: <one or two sentences>' at the top of "
                "the file."
            )
    if problems:
        raise DisclaimerError("\n".join(problems))
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


def make_environment(template_dirs):
    """An autoescaping environment that loads from the theme's template folders.

    Pelican's own environment escapes nothing unless the site turns autoescape
    on; this one always does, so the banner text comes out as text.
    """
    return Environment(
        loader=FileSystemLoader([str(folder) for folder in template_dirs]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_banner(env, disclaimer, variant, url):
    """The banner in the given variant, linking to the full disclaimer at ``url``."""
    return Markup(env.get_template(TEMPLATE).render(
        variant=variant, text=disclaimer.texts[variant], url=url,
    ))


# --- Pelican glue --------------------------------------------------------------


def template_dirs(settings):
    return [*settings.get("THEME_TEMPLATES_OVERRIDES", []),
            os.path.join(settings["THEME"], "templates")]


def load_disclaimer(pelican):
    settings = pelican.settings
    source = os.path.join(settings["PATH"],
                          settings.get("DISCLAIMER_SOURCE", DEFAULTS["DISCLAIMER_SOURCE"]))
    path = os.path.relpath(source)
    try:
        with open(source, encoding="utf-8-sig") as handle:
            disclaimer = parse_disclaimer(handle.read(), path)
    except OSError as error:
        raise DisclaimerError(
            f"{path}: cannot read the disclaimer ({error.strerror}). Create it, or point "
            "DISCLAIMER_SOURCE at it (relative to PATH)."
        ) from None
    env = make_environment(template_dirs(settings))
    try:
        env.get_template(TEMPLATE)
    except TemplateNotFound:
        raise DisclaimerError(
            f"the theme has no template {TEMPLATE}: the disclaimer plugin renders the "
            f"banner with it. Add it under {template_dirs(settings)[-1]}."
        ) from None
    require_on_every_page(settings)
    _state.clear()
    _state.update(disclaimer=disclaimer, env=env, source=os.path.abspath(source), url=None)


def add_template_global(generator):
    generator.env.globals["disclaimer_banner"] = disclaimer_banner


def check_metadata(generator):
    """Log an error for every article or page with an unknown Disclaimer value."""
    groups = ("articles", "hidden_articles", "drafts", "drafts_translations",
              "pages", "hidden_pages", "draft_pages", "draft_translations",
              "translations", "hidden_translations")
    seen = set()
    for group in groups:
        for content in getattr(generator, group, []):
            if id(content) in seen:
                continue
            seen.add(id(content))
            try:
                select_variant(content.metadata.get("disclaimer"))
            except ValueError as error:
                logger.error("%s:%d: %s.", os.path.relpath(content.source_path),
                             _line_of(content.source_path, "disclaimer"), error)


def find_disclaimer_page(generator):
    pages = [*generator.pages, *generator.hidden_pages, *generator.draft_pages]
    page = next((p for p in pages if os.path.abspath(p.source_path) == _state["source"]), None)
    if page is None:
        raise DisclaimerError(
            f"{_state['disclaimer'].path}: the full Disclaimer page was not generated, so the "
            "banner would have nothing to link to. Keep the file under PAGE_PATHS."
        )
    _state["url"] = page.url


@pass_context
def disclaimer_banner(context):
    """The banner for the article or page being rendered (standard elsewhere)."""
    content = context.get("article") or context.get("page")
    try:
        variant = select_variant(getattr(content, "metadata", {}).get("disclaimer"))
    except ValueError:
        # Already reported by check_metadata; the stronger wording is the safe fallback.
        variant = "strong"
    url = f"{context.get('SITEURL') or ''}/{_state['url']}"
    return render_banner(_state["env"], _state["disclaimer"], variant, url)


def require_on_every_page(settings):
    """Ask the page_blocks plugin to check every written page for the banner."""
    if "plugins.page_blocks" not in settings["PLUGINS"]:
        raise DisclaimerError(
            "the disclaimer banner must be checked on every page, which the page_blocks "
            "plugin does: add 'page_blocks' to PLUGINS."
        )
    settings.setdefault("PAGE_BLOCKS_REQUIRED", {})[BLOCK_ID] = (
        "the disclaimer banner",
        "Keep base.html's {% block disclaimer %} in that template, or call "
        "{{ disclaimer_banner() }} at the top of its main content.",
    )


def _line_of(path, field):
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return field_lines(handle.read()).get(field, 1)
    except OSError:
        return 1


def register():
    signals.initialized.connect(load_disclaimer)
    signals.generator_init.connect(add_template_global)
    signals.article_generator_finalized.connect(check_metadata)
    signals.page_generator_finalized.connect(check_metadata)
    signals.page_generator_finalized.connect(find_disclaimer_page)
