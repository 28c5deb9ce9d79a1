"""Crisis help on every page, from one helpline data file.

- When Pelican starts, the data file (CRISIS_HELP_DATA, relative to PATH) and
  the settings are checked; any problem stops the build with the file, the
  entry and the fix (see data.py).
- Templates get three globals, rendered with autoescape on (see render.py):
  ``crisis_help_bar()``, ``crisis_help_block()`` and
  ``crisis_help_directory()`` for the Get help now page.
- Every written HTML page must contain the element with id "crisis-help": the
  site_audit plugin checks it (declared here with ``require_block``) and
  stops the build, so a plain ``pelican`` run fails too.
"""

import logging
import os

from jinja2 import TemplateNotFound, pass_context
from pelican import signals

from plugins.site_audit import Block, require_block

from . import data, render

logger = logging.getLogger(__name__)

BLOCK_ID = "crisis-help"
DEFAULTS = {
    "CRISIS_HELP_DATA": "data/helplines.yaml",
    "CRISIS_HELP_PAGE": "pages/get-help.md",
    "CRISIS_HELP_REGIONS": ["US", "GB", "CA", "AU", "IE", "NZ", "INT"],
    "CRISIS_HELP_MAX_AGE_DAYS": data.DEFAULT_MAX_AGE_DAYS,
}
GET_HELP_TEMPLATE = "get-help"

# What the build learnt at start-up, for the template globals and the check.
# Filled by load_data(); the globals are plain functions (Jinja calls them
# with the page's context), so the state lives here rather than in closures.
_state = {}


class CrisisHelpError(RuntimeError):
    """The crisis help cannot be shown correctly; the build must stop."""


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def settings_problems(settings, codes, data_path):
    """Return messages for CRISIS_HELP_* settings that cannot be used."""
    problems = []
    regions = setting(settings, "CRISIS_HELP_REGIONS")
    if not (isinstance(regions, (list, tuple)) and regions
            and all(isinstance(code, str) for code in regions)):
        problems.append(
            f"CRISIS_HELP_REGIONS must be a non-empty list of region codes, such as "
            f"{DEFAULTS['CRISIS_HELP_REGIONS']!r}; it is {regions!r}."
        )
    else:
        for code in regions:
            if code not in codes:
                problems.append(
                    f"CRISIS_HELP_REGIONS: {code!r} is not a region of {data_path}. "
                    f"Use codes from: {', '.join(codes)}."
                )
    max_age = setting(settings, "CRISIS_HELP_MAX_AGE_DAYS")
    if isinstance(max_age, bool) or not isinstance(max_age, int) or max_age <= 0:
        problems.append(
            f"CRISIS_HELP_MAX_AGE_DAYS must be a positive number of days, such as 365; "
            f"it is {max_age!r}."
        )
    return problems


def template_dirs(settings):
    """The theme's template folders, overrides first, as Pelican searches them."""
    return [*settings.get("THEME_TEMPLATES_OVERRIDES", []),
            os.path.join(settings["THEME"], "templates")]


def load_data(pelican):
    """Read and check the data, the settings and the partial templates."""
    settings = pelican.settings
    data_path = os.path.relpath(
        os.path.join(settings["PATH"], setting(settings, "CRISIS_HELP_DATA")))
    directory = data.load_directory(data_path)
    problems = settings_problems(settings, directory.codes, data_path)
    env = render.make_environment(template_dirs(settings))
    for name in render.TEMPLATES:
        try:
            env.get_template(name)
        except TemplateNotFound:
            problems.append(
                f"the theme has no template {name}: the crisis-help plugin renders its "
                f"blocks with it. Add it under {template_dirs(settings)[-1]}."
            )
    if problems:
        raise CrisisHelpError("\n".join(problems))
    require_on_every_page(settings)
    _state.clear()
    _state.update(
        directory=directory,
        env=env,
        regions=list(setting(settings, "CRISIS_HELP_REGIONS")),
        page_source=os.path.abspath(os.path.join(settings["PATH"],
                                                 setting(settings, "CRISIS_HELP_PAGE"))),
        get_help_url=None,
    )


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
    if page is None:
        raise CrisisHelpError(
            f"{os.path.relpath(source)}: the Get help now page was not generated. Create it "
            "(with 'Template: get-help') or point CRISIS_HELP_PAGE at it, relative to PATH."
        )
    if page.template != GET_HELP_TEMPLATE:
        raise CrisisHelpError(
            f"{os.path.relpath(source)}:1: the Get help now page uses template "
            f"{page.template!r}, which does not list the helplines. "
            f"Add the line 'Template: {GET_HELP_TEMPLATE}' to its metadata."
        )
    _state["get_help_url"] = page.url


def crisis_help_bar():
    """The compact bar that jumps to the crisis-help block."""
    return render.render_bar(_state["env"])


@pass_context
def crisis_help_block(context):
    """The crisis-help block for the configured regions."""
    url = f"{context.get('SITEURL') or ''}/{_state['get_help_url']}"
    # The block differs between pages only by this link (relative URLs), so
    # each variant is rendered once per build rather than once per page.
    rendered = _state.setdefault("rendered_blocks", {})
    if url not in rendered:
        rendered[url] = render.render_block(
            _state["env"], _state["directory"], _state["regions"], url
        )
    return rendered[url]


def crisis_help_directory():
    """Every region and helpline, for the Get help now page."""
    return render.render_directory(_state["env"], _state["directory"])


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
