"""Blocks every written page must carry: the contract between the safety plugins and the check.

Readers land anywhere, so safety content may not depend on each template
author remembering it. A plugin that owns such a block (the disclaimer, the
crisis help, a chapter's review status) declares it at ``initialized``::

    from plugins.site_audit import Block, require_block
    require_block(settings, Block("disclaimer", "the disclaimer banner", "Keep ..."))

Every written page whose output path matches ``Block.pages`` must then hold
exactly one non-empty element with that id. The build checks each page as
it is written (plugin.py) and fails, naming the page and the template that
rendered it, so a plain ``pelican`` run fails too. The list is also written
to the build record, so ``invoke check`` enforces the same blocks.
"""

import fnmatch
import os
from dataclasses import dataclass

from lxml import etree

# Where the blocks of one build are kept: in its own settings, so that each
# build (a live preview runs many in one process) has its own list.
_SETTING = "REQUIRED_PAGE_BLOCKS"
_COLLECTIONS = "CHAPTER_COLLECTION_PAGES"
PLUGIN = __name__.rpartition(".")[0]


def with_id(root):
    """Every element of the tree ``root`` that has an id, in document order.

    One walk of the tree: on the whole guide (30,000 ids in 14 MB) it takes
    a seventh of the time of the XPath query ``//*[@id]``.
    """
    return [element for element in root.iter(etree.Element) if element.get("id") is not None]


class MissingAuditError(RuntimeError):
    """A safety plugin runs without the check that enforces its block."""


@dataclass(frozen=True)
class Block:
    """An element every page (or every page matching ``pages``) must hold once, with text."""

    id: str
    name: str
    fix: str
    pages: str = "*"

    def applies_to(self, page):
        return self.pages == "*" or fnmatch.fnmatchcase(page, self.pages)


def require_block(settings, block):
    """Declare ``block`` for this build; the site_audit plugin must be enabled."""
    if PLUGIN not in settings.get("PLUGINS", ()):
        raise MissingAuditError(
            f"{block.name} must be checked on every page, which the site_audit plugin "
            f"does: add '{PLUGIN}' to PLUGINS."
        )
    settings.setdefault(_SETTING, {})[block.id] = block


def add_collection(settings, page):
    """Declare ``page`` (an output path) as holding every chapter.

    The audit checks it like a chapter, with the markup budget of all the
    chapter pages together rather than that of one.
    """
    collections = settings.setdefault(_COLLECTIONS, [])
    if page not in collections:
        collections.append(page)


def collections(settings):
    """The pages declared with ``add_collection`` for this build."""
    return tuple(settings.get(_COLLECTIONS, ()))


def required_blocks(settings):
    """The blocks declared for this build, in the order they were declared."""
    return tuple(settings.get(_SETTING, {}).values())


def _applying(page, blocks):
    """The blocks that apply to ``page``, each distinct ``pages`` pattern matched once.

    The whole guide declares a block per chapter for its one page: on a guide
    of a thousand chapters, matching every block against every page was a
    million pattern matches.
    """
    matched = {}
    for block in blocks:
        if block.pages not in matched:
            matched[block.pages] = block.applies_to(page)
        if matched[block.pages]:
            yield block


def block_problems(page, root, blocks):
    """Yield (block, what is wrong, line) for each block ``page`` lacks, repeats or leaves empty."""
    wanted = list(_applying(page, blocks))
    if not wanted:
        return
    found = {block.id: [] for block in wanted}
    if root is not None:
        # Every element with an id, sorted out here: two to three times
        # faster than libxml2 testing each element against each id.
        for element in with_id(root):
            elements = found.get(element.get("id"))
            if elements is not None:
                elements.append(element)
    for block in wanted:
        elements = found[block.id]
        if not elements:
            yield block, "is missing", None
        elif len(elements) > 1:
            yield block, f"appears {len(elements)} times", elements[1].sourceline
        elif not any(text.strip() for text in elements[0].itertext()):
            yield block, "is empty", elements[0].sourceline


def template_of(context):
    """Return the name of the template that rendered the page with this context.

    Pelican's writer does not say which template it used, but each generator
    puts something recognisable in the page's context (pelican/generators.py).
    """
    for key in ("article", "page"):
        template = getattr(context.get(key), "template", None)
        if isinstance(template, str):
            return template
    # Articles also carry their category, so these come after them.
    for key in ("tag", "category", "author"):
        if context.get(key) is not None:
            return key
    if "period" in context:
        return "period_archives"
    output = context.get("output_file")
    for source, destination in (context.get("TEMPLATE_PAGES") or {}).items():
        if destination == output:
            return source
    page_name = context.get("page_name")
    for name in context.get("DIRECT_TEMPLATES") or ():
        save_as = context.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as and os.path.splitext(save_as)[0] == page_name:
            return name
    return "unknown"


def template_file(env, name, extensions=(".html",)):
    """Return the file the environment ``env`` loads for template ``name``, or None."""
    if env is None:
        return None
    from jinja2 import TemplateNotFound  # only the build has templates

    for extension in (*extensions, ""):
        try:
            return env.get_template(name + extension).filename
        except TemplateNotFound:
            continue
    return None


def describe_template(context, env):
    """'article (theme/templates/article.html)', for an error message."""
    name = template_of(context)
    filename = template_file(env, name, tuple(context.get("TEMPLATE_EXTENSIONS") or (".html",)))
    return f"{name} ({os.path.relpath(filename)})" if filename else name


def check_message(block, problem):
    """How `invoke check`, which knows no template, words a block's problem."""
    if problem == "is missing":
        return f'has no element with id "{block.id}" ({block.name}); every page must carry it'
    return f'the element with id "{block.id}" {problem}'
