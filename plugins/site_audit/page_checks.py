"""Checks other plugins add to every page: what a plugin can see wrong in its own output.

site_audit knows pages, links and blocks, not what each plugin puts in the
text. A plugin that can tell from a built page that its own work went wrong
(the citations plugin: an ``@key`` left in the prose, unrendered) gives
site_audit a function at ``initialized``::

    from plugins.site_audit import add_page_check
    add_page_check(settings, leftover_citations)

The function takes the page's path (relative to the output) and its parsed
tree (an lxml element, only to be read) and returns ``guidelib.Problem``s.
It runs on every HTML page: in the build as the page is written (with
SITE_AUDIT_ON_BUILD), and in ``invoke check``. Errors fail both; during the
build each is moved to the line of the page's source that caused it, when
the message quotes something written there (plugin.in_source).

``invoke check`` runs without the plugins, from the build record: the build
records each check by its import name, ``package:function``, worked out from
the function itself (its plugin package, when the package exports it), and
the check imports it from there. So a check must be a module-level function
(no lambda or closure); ``add_page_check`` refuses anything else at once.
"""

import importlib

from guidelib import ERROR, Problem

# Where one build's checks are kept: in its own settings, as blocks.py does.
_SETTING = "AUDITED_PAGE_CHECKS"


class PageCheckError(TypeError):
    """A page check is not a function ``invoke check`` can import again."""


def _imported(name):
    module_name, _, attribute = name.partition(":")
    target = importlib.import_module(module_name)
    for part in attribute.split("."):
        target = getattr(target, part)
    return target


def check_name(check):
    """``package:function``, the name ``invoke check`` imports ``check`` by."""
    module = getattr(check, "__module__", None) or ""
    qualname = getattr(check, "__qualname__", "")
    if not module or not qualname or "<" in qualname:
        raise PageCheckError(
            f"page check {check!r} is not a module-level function; `invoke check` imports "
            "each page check by its name"
        )
    # The plugin's package first: other code imports only what it exports.
    parts = module.split(".")
    for end in range(min(2, len(parts)), len(parts) + 1):
        name = f"{'.'.join(parts[:end])}:{qualname}"
        try:
            if _imported(name) is check:
                return name
        except (ImportError, AttributeError):
            continue
    raise PageCheckError(f"page check {module}:{qualname} cannot be imported by that name")


def add_page_check(settings, check):
    """Run ``check(page, root)`` on every page of this build and of its `invoke check`."""
    settings.setdefault(_SETTING, {})[check_name(check)] = check


def page_checks(settings):
    """The checks added for this build, by name, in the order they were added."""
    return dict(settings.get(_SETTING, {}))


def load_page_checks(names):
    """The checks the build recorded, by name; raises ImportError or AttributeError."""
    return tuple(_imported(name) for name in names)


def run_page_checks(page, root, checks):
    """The Problems of ``checks`` on one page; a check that fails is itself an error."""
    found = []
    for check in checks:
        try:
            found.extend(check(page, root))
        # A broken check must not hide the rest of the report.
        except Exception as error:  # noqa: BLE001
            found.append(Problem(page, f"page check {check.__qualname__} failed: {error!r}", ERROR))
    return found
