"""Blocks every written page must carry, checked as each page is written.

Readers land anywhere, so safety content may not depend on each template
author remembering it. Plugins declare the blocks they own in the setting
PAGE_BLOCKS_REQUIRED, {block id: (what it is, how a template puts it back)},
from their ``initialized`` handler (Pelican does not let one plugin import
another, so the setting is the contract). Each written HTML page (feeds
excluded) is parsed once, whatever the number of blocks, and a page where a
block is missing, empty or repeated is logged with the template that rendered
it. At the end of the build an exception stops it, so a plain ``pelican``
run fails too.

After the check, the parsed page is sent on the blinker signal
``page_blocks.page_parsed`` (sender: the file's path; ``root``: the lxml
tree, to be read and never changed; ``context``: the page's context), so
another plugin such as site_audit can check the page without parsing it a
second time. Every build writes a thousand pages or more, and parsing is the
largest part of checking them.

Pelican's writer does not say which template it used, but each generator puts
something recognisable in the page's context (see pelican/generators.py), so
``template_of`` reads it from there. That keeps Pelican's own writer in place:
Pelican uses only one writer class, and a second plugin that replaced it would
make Pelican warn and drop one of them.
"""

import logging
import os

from blinker import signal
from jinja2 import TemplateNotFound
from lxml import etree
from pelican import signals

logger = logging.getLogger(__name__)

SETTING = "PAGE_BLOCKS_REQUIRED"
# lxml's etree, not lxml.html, whose per-element class lookup costs a third
# more, and not BeautifulSoup, which costs ten times as much.
PARSER = etree.HTMLParser(encoding="utf-8")
page_parsed = signal("page_blocks.page_parsed")


class PageBlocksError(RuntimeError):
    """Written pages lack a required block."""


def block_problem(html, block_id):
    """Return what is wrong with the element ``id=block_id`` in ``html``, or None."""
    return block_problems(parse(html.encode("utf-8")), [block_id])[block_id]


def parse(data):
    """The root element of a page's bytes; None for a page with no elements."""
    try:
        return etree.fromstring(data, parser=PARSER)
    except etree.XMLSyntaxError:
        return None


def block_problems(root, block_ids):
    """{block id: what is wrong with it in the page ``root``, or None}.

    One walk of the tree finds every block, whatever their number.
    """
    found = {block_id: [] for block_id in block_ids}
    if root is not None:
        for element in root.iter(etree.Element):
            element_id = element.get("id")
            if element_id in found:
                found[element_id].append(element)
    return {block_id: _problem(elements) for block_id, elements in found.items()}


def _problem(elements):
    if not elements:
        return "is missing"
    if len(elements) > 1:
        return f"appears {len(elements)} times"
    if not "".join(elements[0].itertext()).strip():
        return "is empty"
    return None


def template_of(context):
    """Return the name of the template that rendered the page with this context."""
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


_state = {"env": None, "missing": []}


def start(pelican):
    _state.update(env=None, missing=[])


def keep_environment(generator):
    # Kept only to name the template file of a page that fails the check.
    _state["env"] = generator.env


def check_written_page(path, context):
    required = context.get(SETTING) or {}
    if not path.endswith(".html") or not (required or page_parsed.receivers):
        return
    with open(path, "rb") as handle:
        root = parse(handle.read())
    page = os.path.relpath(path, context.get("OUTPUT_PATH") or ".")
    problems = block_problems(root, required)
    for block_id, (name, fix) in required.items():
        problem = problems[block_id]
        if problem:
            logger.error(
                '%s: %s (id="%s") %s. The page was rendered by template %s. %s',
                page,
                name,
                block_id,
                problem,
                describe_template(context, _state["env"]),
                fix,
            )
            _state["missing"].append((page, name))
    if root is not None:
        page_parsed.send(path, root=root, context=context)


def fail_on_missing_blocks(pelican):
    missing, _state["missing"] = _state["missing"], []
    by_block = {}
    for page, name in missing:
        by_block.setdefault(name, []).append(page)
    if by_block:
        raise PageBlocksError(
            "; ".join(
                f"{len(pages)} page(s) lack {name}: {', '.join(pages)}"
                for name, pages in by_block.items()
            )
            + ". Each is logged above with the template that rendered it."
        )


def register():
    signals.initialized.connect(start)
    signals.generator_init.connect(keep_environment)
    signals.content_written.connect(check_written_page)
    signals.finalized.connect(fail_on_missing_blocks)
