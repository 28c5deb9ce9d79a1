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

Other plugins check the same parse instead of parsing the page again (site
audit does), through three blinker signals:

* ``page_blocks.page_parsed`` is sent for each page with the file's path,
  ``root``, the lxml tree, to be read and never changed, and ``settings``,
  the build's settings. A receiver returns a picklable result, or None.
* ``page_blocks.page_checked`` is then sent in the build's process with the
  path and ``results``, {receiver's "module.name": what it returned}.
* ``page_blocks.wait``, sent by another plugin, returns once every written
  page's results have been delivered.

Pages are checked in a second process where the build can fork one: Pelican
renders pages on one core, so parsing and checking run alongside the
rendering instead of adding to it. The process is forked when the build
starts (``initialized``), while the build still runs a single thread: forking
a process with threads can deadlock, and Pelican's command line starts a
progress-spinner thread before it generates the site. Being a fork, the
process has every plugin's receivers and the build's settings as they were
when it started. Where a build has threads from the start (a live preview's
server), on one core, or with ``PAGE_BLOCKS_SECOND_PROCESS = False``, each
page is checked in the build's own process as it is written.

Pelican's writer does not say which template it used, but each generator puts
something recognisable in the page's context (see pelican/generators.py), so
``template_of`` reads it from there. That keeps Pelican's own writer in place:
Pelican uses only one writer class, and a second plugin that replaced it would
make Pelican warn and drop one of them.
"""

import logging
import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor

from blinker import signal
from jinja2 import TemplateNotFound
from lxml import etree
from pelican import signals

logger = logging.getLogger(__name__)

SETTING = "PAGE_BLOCKS_REQUIRED"
# False checks every page in the build's own process (the live preview,
# which writes a page or two, has no use for a second one).
PROCESS_SETTING = "PAGE_BLOCKS_SECOND_PROCESS"
# lxml's etree, not lxml.html, whose per-element class lookup costs a third
# more, and not BeautifulSoup, which costs ten times as much.
PARSER = etree.HTMLParser(encoding="utf-8")
page_parsed = signal("page_blocks.page_parsed")
page_checked = signal("page_blocks.page_checked")
wait_for_pages = signal("page_blocks.wait")


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


def receiver_name(receiver):
    """How results are keyed: "site_audit.plugin.scan_written_page"."""
    return f"{receiver.__module__}.{receiver.__qualname__}"


def check_page(path, block_ids):
    """Parse one written page; return (block problems, other checks' results)."""
    with open(path, "rb") as handle:
        root = parse(handle.read())
    results = {}
    if root is not None:
        for receiver, result in page_parsed.send(path, root=root, settings=_state["settings"]):
            if result is not None:
                results[receiver_name(receiver)] = result
    return block_problems(root, block_ids), results


_state = {"env": None, "missing": [], "pending": deque(), "pool": None, "settings": {}}


def start(pelican):
    stop_pool()
    settings = getattr(pelican, "settings", {})
    _state.update(env=None, missing=[], pending=deque(), settings=settings)
    if settings.get(PROCESS_SETTING, True) and can_fork():
        _state["pool"] = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        # The process is forked at the first task: now, while there is one thread.
        _state["pool"].submit(int).result()


def keep_environment(generator):
    # Kept only to name the template file of a page that fails the check.
    _state["env"] = generator.env


def can_fork():
    return (
        threading.active_count() == 1
        and (os.cpu_count() or 1) > 1
        and "fork" in multiprocessing.get_all_start_methods()
    )


def stop_pool():
    if _state["pool"] is not None:
        _state["pool"].shutdown(cancel_futures=True)
        _state["pool"] = None


def check_written_page(path, context):
    required = context.get(SETTING) or {}
    if not path.endswith(".html") or not (required or page_parsed.receivers):
        return
    checker = _state["pool"]
    if checker is None:
        report(path, context, *check_page(path, list(required)))
        return
    _state["pending"].append((path, context, checker.submit(check_page, path, list(required))))
    deliver(wait=False)


def deliver(sender=None, wait=True):
    """Report the pages checked so far, in the order they were written."""
    pending = _state["pending"]
    while pending and (wait or pending[0][2].done()):
        path, context, future = pending.popleft()
        report(path, context, *future.result())


def report(path, context, problems, results):
    page = os.path.relpath(path, context.get("OUTPUT_PATH") or ".")
    for block_id, (name, fix) in (context.get(SETTING) or {}).items():
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
    if results:
        page_checked.send(path, results=results)


def fail_on_missing_blocks(pelican):
    deliver()
    stop_pool()
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
    wait_for_pages.connect(deliver)
    signals.finalized.connect(fail_on_missing_blocks)
