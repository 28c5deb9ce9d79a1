"""Crisis help on every page, from one helpline data file.

- When Pelican starts, the CRISIS_HELP_* settings (``CrisisHelpConfig``) and
  the data file (CRISIS_HELP_DATA, relative to PATH) are checked; any problem
  stops the build with the file, the line, the entry and the fix (data.py).
- Templates get three globals, rendered with autoescape on (see render.py):
  ``crisis_help_bar()``, ``crisis_help_block()`` and
  ``crisis_help_directory()`` for the Get help now page.
- The build record keeps each helpline's source and dates, so that
  ``invoke check`` can warn about unverified and stale entries
  (``helpline_warnings`` in freshness.py) without reading the data again.
  Nothing is hidden for being unverified: crisis numbers are always shown.
- ``emergency_numbers()`` gives other plugins the emergency numbers of the
  configured regions.
- A helpline's ``verified_by`` must be a person of the editorial registry
  (plugins.editorial, loaded before this plugin): a confirmation by someone
  the guide does not name is an error, never shown to readers.
- Each region gets its own Get help page (``get-help/ie/``), with that
  region first, and every other page loads the region script, which puts
  the reader's region first in the browser (regions.py). ``RegionPages``
  writes both, through Pelican's writer, once the pages are read.
- Every written HTML page must contain the element with id "crisis-help": the
  site_audit plugin checks it (declared here with ``require_block``) and
  stops the build, so a plain ``pelican`` run fails too.
"""

import os
from dataclasses import dataclass, field
from typing import ClassVar

from jinja2 import TemplateNotFound, pass_context
from pelican import signals
from pelican.generators import Generator

from guidelib import (
    Problem,
    ProblemsError,
    make_environment,
    read_plugin_settings,
    relative,
    template_dirs,
)
from guidelib.settings import SETTINGS_FILE
from plugins import build_record
from plugins.editorial import EditorialError, current
from plugins.site_audit import Block, require_block

from . import data, regions, render

BLOCK_ID = "crisis-help"
GET_HELP_TEMPLATE = "get-help"

# What the build learnt at start-up, for the template globals and the other
# plugins. Filled by load_data(); the globals are plain functions (Jinja calls
# them with the page's context), so the state lives here rather than in closures.
_state = {}


def _positive(value):
    return None if value > 0 else "must be a positive number of days"


@dataclass(frozen=True)
class CrisisHelpConfig:
    """The plugin's settings, CRISIS_HELP_<NAME>; the defaults live here only."""

    PREFIX: ClassVar[str] = "CRISIS_HELP_"
    data: str = field(
        default="data/helplines.yaml",
        metadata={"example": 'CRISIS_HELP_DATA = "data/helplines.yaml" (relative to PATH)'},
    )
    page: str = field(
        default="pages/get-help.md",
        metadata={"example": 'CRISIS_HELP_PAGE = "pages/get-help.md" (relative to PATH)'},
    )
    regions: tuple[str, ...] = field(
        default=("US", "GB", "CA", "AU", "IE", "NZ", "INT"),
        metadata={
            "check": lambda codes: None if codes else "must list at least one region code",
            "example": 'CRISIS_HELP_REGIONS = ["US", "GB", "INT"]',
        },
    )
    max_age_days: int = field(
        default=365, metadata={"check": _positive, "example": "CRISIS_HELP_MAX_AGE_DAYS = 365"}
    )


class CrisisHelpError(ProblemsError):
    """The crisis help cannot be shown correctly; the build must stop."""


def load_data(pelican):
    """Read and check the settings, the data and the partial templates."""
    settings = pelican.settings
    config = read_plugin_settings(settings, CrisisHelpConfig)
    directory = data.load_directory(os.path.join(settings["PATH"], config.data))
    where = str(settings.get(SETTINGS_FILE) or "pelicanconf.py")
    problems = [
        Problem(where, f"CRISIS_HELP_REGIONS: {code!r} is not a region of {directory.path}",
                hint=f"use codes from: {', '.join(directory.codes)}")
        for code in config.regions if code not in directory.codes
    ]  # fmt: skip
    problems += verifier_problems(directory)
    folders = template_dirs(settings)
    env = make_environment(folders)
    for name in (*render.TEMPLATES, regions.SCRIPT_TEMPLATE):
        try:
            env.get_template(name)
        except TemplateNotFound:
            problems.append(Problem(
                folders[-1], f"the theme has no template {name}, which the crisis-help "
                "plugin renders its blocks with", hint=f"add it under {folders[-1]}",
            ))  # fmt: skip
    if problems:
        raise CrisisHelpError(problems)
    require_on_every_page(settings)
    _state.clear()
    _state.update(
        directory=directory,
        env=env,
        regions=list(config.regions),
        max_age_days=config.max_age_days,
        page_source=os.path.abspath(os.path.join(settings["PATH"], config.page)),
        get_help_url=None,
        region_pages=(),
        script=regions.render_script(env, config.regions, regions.zone_table()),
    )


def verifier_problems(directory, registry=None):
    """A problem for each helpline whose ``verified_by`` the editorial registry does not list.

    ``registry`` is the build's (plugins.editorial) when not given.
    """
    verified = [line for line in directory.helplines if line.verified_by]
    if not verified:
        return []
    if registry is None:
        try:
            registry = current().registry
        except EditorialError:
            return [Problem(
                directory.path, "verified_by names people, but the editorial registry that "
                "lists them is not loaded", line=verified[0].verified_line,
                hint="add 'plugins.editorial' to PLUGINS, before 'plugins.crisis_help'",
            )]  # fmt: skip
    problems = []
    for line in verified:
        if registry.get(line.verified_by) is not None:
            continue
        close = registry.close_ids(line.verified_by)
        hint = (
            f"did you mean {' or '.join(map(repr, close))}?"
            if close
            else f"add the person to {relative(registry.path)} first, or leave verified_by "
            "and verified_on empty"
        )
        problems.append(Problem(
            directory.path, f"{line.service} ({line.region}): verified_by {line.verified_by!r} "
            "is nobody in the editorial registry", line=line.verified_line, hint=hint,
        ))  # fmt: skip
    return problems


def helplines_section(directory):
    """What the build record keeps of each helpline: where it is, its source and dates."""
    return [
        {"path": directory.path, "line": line.line, "region": line.region,
         "service": line.service, "source": line.source, "as_of": line.as_of.isoformat(),
         "verified_by": line.verified_by,
         "verified_on": line.verified_on and line.verified_on.isoformat()}
        for line in directory.helplines
    ]  # fmt: skip


def record_helplines(generators):
    """Write the helplines section of the build record, for `invoke check`."""
    build_record.note(
        "helplines",
        {
            "max_age_days": _state["max_age_days"],
            "entries": helplines_section(_state["directory"]),
        },
    )


def emergency_numbers():
    """(region name, emergency numbers) of the configured regions, in order (see model.py).

    Valid once the plugin's ``initialized`` handler has run.
    """
    return _state["directory"].emergency_numbers(_state["regions"])


def add_template_globals(generator):
    generator.env.globals.update(
        crisis_help_bar=crisis_help_bar,
        crisis_help_block=crisis_help_block,
        crisis_help_directory=crisis_help_directory,
    )


def find_get_help_page(generator):
    """Remember the Get help now page's URL; it must exist and use its template."""
    source = _state["page_source"]
    pages = [*generator.pages, *generator.hidden_pages, *generator.draft_pages]
    page = next((p for p in pages if os.path.abspath(p.source_path) == source), None)
    shown = os.path.relpath(source)
    if page is None:
        raise CrisisHelpError([Problem(
            shown, "the Get help now page was not generated",
            hint="create it (with 'Template: get-help') or point CRISIS_HELP_PAGE at it, "
            "relative to PATH",
        )])  # fmt: skip
    if page.template != GET_HELP_TEMPLATE:
        raise CrisisHelpError([Problem(
            shown, f"the Get help now page uses template {page.template!r}, which does not "
            "list the helplines", line=1, hint=f"add the line 'Template: {GET_HELP_TEMPLATE}' "
            "to its metadata",
        )])  # fmt: skip
    _state["get_help_url"] = page.url
    _state["region_pages"] = regions.region_pages(page, _state["directory"], GET_HELP_TEMPLATE)


class RegionPages(Generator):
    """Writes each region's page and the region script (see regions.py)."""

    def generate_context(self):
        # For the sitemap (sitebuild.hosting), which lists every page worth a visit.
        self.context["region_pages"] = list(_state["region_pages"])

    def generate_output(self, writer):
        for page in _state["region_pages"]:
            writer.write_file(
                page.save_as,
                self.get_template(page.template),
                self.context,
                page=page,
                help_region=page.region,
                relative_urls=self.settings["RELATIVE_URLS"],
            )
        static = os.path.join(self.output_path, self.settings["THEME_STATIC_DIR"])
        path = os.path.join(static, regions.REGION_SCRIPT)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(_state["script"])


def add_region_pages(pelican):
    return RegionPages


def crisis_help_bar():
    """The compact bar that jumps to the crisis-help block."""
    return render.render_bar(_state["env"])


@pass_context
def crisis_help_block(context, block_id=BLOCK_ID):
    """The crisis-help block for the configured regions (a region page's region
    first); ``block_id`` for a second copy."""
    url = f"{context.get('SITEURL') or ''}/{_state['get_help_url']}"
    first = context.get("help_region") or None
    # The block differs between pages only by this link (relative URLs) and
    # a region page's region, so each variant is rendered once per build
    # rather than once per page.
    rendered = _state.setdefault("rendered_blocks", {})
    key = (url, first and first.code, block_id)
    if key not in rendered:
        rendered[key] = render.render_block(
            _state["env"], _state["directory"], _state["regions"], url, first, block_id=block_id
        )
    return rendered[key]


@pass_context
def crisis_help_directory(context):
    """Every region and helpline, for the Get help now page and the region pages."""
    site = context.get("SITEURL") or ""
    urls = {
        code: f"{site}/{regions.region_url(_state['get_help_url'], code)}"
        for code in _state["directory"].codes
    }
    first = context.get("help_region") or None
    return render.render_directory(_state["env"], _state["directory"], urls, first)


BLOCK = Block(
    BLOCK_ID,
    "the crisis-help block",
    "Keep base.html's {% block crisis_help %} in that template, or call "
    "{{ crisis_help_block() }} where the block belongs.",
)


def require_on_every_page(settings):
    """Have the site_audit plugin check every written page for the block."""
    require_block(settings, BLOCK)


def register():
    signals.initialized.connect(load_data)
    signals.generator_init.connect(add_template_globals)
    signals.page_generator_finalized.connect(find_get_help_page)
    signals.get_generators.connect(add_region_pages)
    # Not at initialized: the build record starts afresh there, after this plugin.
    signals.all_generators_finalized.connect(record_helplines)
