"""Check a built site: links, anchors, page furniture, privacy and weight.

``audit(output)`` is the whole check, shared by the plugin (after Pelican has
written the site) and the command line (``python -m site_audit``). It returns
an ``AuditResult``; nothing is printed or logged here.
"""

import fnmatch
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from guidelib import ERROR, WARNING, Problem

from .assets import Stylesheets, budget_problems, kilobytes
from .pages import LINK, placeholder_in, scan_page
from .urls import EXTERNAL, INTERNAL, INVALID, Site

PAGE_SUFFIXES = (".html", ".htm")
# Chapters must render with text and CSS alone.
RENDER_KINDS = frozenset({"image", "font"})


@dataclass(frozen=True)
class AuditConfig:
    """What the audit needs to know about the site; the defaults fit the guide."""

    site_url: str = ""
    base_path: str = "/"
    chapters: str = "guide/*/index.html"
    # Left out of a chapter's markup weight: the reference list is as long as
    # the evidence needs.
    chapter_exclude: tuple = ("#references",)
    max_css_bytes: int = 20 * 1024
    max_js_bytes: int = 10 * 1024
    max_chapter_bytes: int = 15 * 1024
    # Pages that hold every chapter (the whole guide on one page): checked
    # like a chapter, with the budget of all the chapter pages together.
    collections: tuple = ()
    # The blocks every page must carry (blocks.Block), as the build recorded them.
    blocks: tuple = ()
    # Functions (page, root) -> Problems that other plugins added (page_checks.py).
    page_checks: tuple = ()


@dataclass
class AuditResult:
    problems: list = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    # Outbound http(s) links, each with the pages that use it, for --external.
    outbound: dict = field(default_factory=dict)

    @property
    def errors(self):
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self):
        return [p for p in self.problems if p.severity == WARNING]


def shorten(url, limit=80):
    return url if len(url) <= limit else url[: limit - 3] + "..."


def list_tree(output):
    """Return (files, folders) under ``output`` as POSIX paths relative to it."""
    files, dirs = {}, {""}
    root = str(output)
    for folder, subfolders, names in os.walk(root):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        dirs.update(prefix + name for name in subfolders)
        for name in names:
            files[prefix + name] = os.path.getsize(os.path.join(folder, name))
    return files, dirs


def anchor_exists(fragment, ids):
    if fragment in ids or unquote(fragment) in ids:
        return True
    # The empty fragment and "top" scroll to the top, and ":~:" starts a text
    # fragment: browsers need no id for them.
    return fragment == "" or fragment.lower() == "top" or fragment.startswith(":~:")


def ref_message(facts, ref, target, pages):
    """Return what is wrong with one link or resource of a page, or None."""
    url = shorten(ref.url.strip())
    if target.kind == EXTERNAL:
        if ref.kind == "form":
            return (
                f"form sends what readers type to another site: {url}; a form may only "
                "post to the site itself"
            )
        if ref.kind != LINK:
            return f"{ref.kind} loaded from another origin: {url}; serve it from the site"
        if facts.no_referrer or {"noopener", "noreferrer"} <= ref.rel:
            return None
        return (
            f'outbound link to {url} without rel="noopener noreferrer"; add it, or '
            '<meta name="referrer" content="no-referrer"> to the page'
        )
    if target.kind == INVALID:
        return f"{target.reason}: {url}"
    if target.kind != INTERNAL:
        return None
    if target.path is None:
        what = "link to missing page" if ref.kind == LINK else f"missing {ref.kind}"
        return f"{what} {url} (no file {target.wanted})"
    if target.path in pages and not anchor_exists(target.fragment, pages[target.path].ids):
        if target.path == facts.path:
            return f"link to missing anchor {url}"
        return f'link to missing anchor {url} ({target.path} has no id "{target.fragment}")'
    return None


def ref_problems(facts, pages, site):
    """Return the problems with the links and resources of one page."""
    found = []
    for ref in facts.refs:
        # Most links go to an id on their own page: settle those at once.
        if ref.url[:1] == "#" and anchor_exists(ref.url[1:], facts.ids):
            continue
        if placeholder_in(ref.url):
            continue  # scan_page has reported it
        target = site.resolve(facts.path, ref.url)
        message = ref_message(facts, ref, target, pages)
        if message:
            found.append(Problem(facts.path, message, line=ref.line))
        if target.kind == EXTERNAL and ref.url.strip()[:7].lower() == "http://":
            found.append(
                Problem(
                    facts.path,
                    f"plain http:// link to {shorten(ref.url.strip())}",
                    WARNING,
                    ref.line,
                    hint="link to the https:// address, which most sites offer",
                )
            )
    return found


def chapter_messages(facts, stylesheets, site, limit):
    """Yield (line, message) for what keeps a chapter from rendering light."""
    rule = "chapters must render without images or fonts"
    for ref in facts.refs:
        if ref.kind in RENDER_KINDS:
            yield ref.line, f"chapter loads {ref.kind} {shorten(ref.url)}; {rule}"
        elif ref.kind == "stylesheet":
            sheet = site.resolve(facts.path, ref.url).path
            for need in stylesheets.render_assets(sheet) if sheet else ():
                yield ref.line, f"chapter's stylesheet {sheet} needs {shorten(need)}; {rule}"
    if facts.markup_bytes is not None and facts.markup_bytes > limit:
        yield (
            None,
            (
                f"chapter markup weighs {kilobytes(facts.markup_bytes)} without its text and "
                f"references, over the {kilobytes(limit)} budget; simplify the templates"
            ),
        )


def chapter_problems(facts, stylesheets, site, limit):
    """Return the problems of a chapter that must render with text and CSS only."""
    return [
        Problem(facts.path, message, line=line)
        for line, message in chapter_messages(facts, stylesheets, site, limit)
    ]


def markup_limits(pages, config):
    """{page: markup budget} for the chapter pages and the pages that collect them."""
    collections = set(config.collections)
    chapters = [
        page
        for page in pages
        if fnmatch.fnmatchcase(page, config.chapters) and page not in collections
    ]
    limits = dict.fromkeys(chapters, config.max_chapter_bytes)
    for page in collections & set(pages):
        limits[page] = config.max_chapter_bytes * max(1, len(chapters))
    return limits


def outbound_links(scanned, site):
    """Return {url: set of pages} for the links that lead to other sites."""
    links = {}
    for facts in scanned:
        for ref in facts.refs:
            url = ref.url.strip()
            if (
                ref.kind == LINK
                and url.lower().startswith(("http://", "https://"))
                and site.resolve(facts.path, url).kind == EXTERNAL
            ):
                links.setdefault(url, set()).add(facts.path)
    return links


def source_problems(warning_sources):
    """Call each warning source; each returns Problems (warnings, as a rule)."""
    found = []
    for source in warning_sources:
        try:
            found.extend(source())
        # A broken source must not hide the rest of the report; it becomes an error.
        except Exception as error:  # noqa: BLE001
            name = getattr(source, "__qualname__", repr(source))
            found.append(Problem(name, f"warning source failed: {error!r}"))
    return found


# Below this many pages a second process costs more than it saves.
PARALLEL_MIN_PAGES = 200


def _scan_chunk(output, paths, config):
    facts = []
    for path in paths:
        chapter = fnmatch.fnmatchcase(path, config.chapters) or path in config.collections
        exclude = config.chapter_exclude if chapter else None
        data = (output / path).read_bytes()
        facts.append(scan_page(path, data, exclude, config.blocks, config.page_checks))
    return facts


def scan_pages(output, pages, config):
    """Parse every page once; return {path: PageFacts}.

    Parsing is most of the work and each page is independent, so large sites
    are parsed by one process per core.
    """
    workers = min(os.cpu_count() or 1, len(pages) // PARALLEL_MIN_PAGES)
    if workers < 2:
        return {facts.path: facts for facts in _scan_chunk(output, pages, config)}
    chunks = [pages[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        results = pool.map(_scan_chunk, [output] * workers, chunks, [config] * workers)
        found = {facts.path: facts for chunk in results for facts in chunk}
    return {path: found[path] for path in pages}


def audit(output, config=None, warning_sources=(), scanned=None):
    """Check the built site in ``output``; return an AuditResult.

    ``warning_sources`` are callables taking no argument and returning
    Problems (content warnings the build recorded, reviews due ...). ``scanned`` holds the
    PageFacts of pages already scanned, by path relative to ``output``
    (the build scans each page as it writes it); the other pages are read
    from ``output``.
    """
    started = time.perf_counter()
    config = config or AuditConfig()
    output = Path(output)
    files, dirs = list_tree(output)
    site = Site(files, dirs, config.base_path, config.site_url)
    pages = sorted(path for path in files if path.endswith(PAGE_SUFFIXES))
    known = scanned or {}
    fresh = scan_pages(output, [path for path in pages if path not in known], config)
    scanned = {path: known.get(path) or fresh[path] for path in pages}
    stylesheets = Stylesheets(output, site, [path for path in files if path.endswith(".css")])

    problems = []
    limits = markup_limits(pages, config)
    for facts in scanned.values():
        problems.extend(facts.problems)
        problems.extend(ref_problems(facts, scanned, site))
        if facts.path in limits:
            problems.extend(chapter_problems(facts, stylesheets, site, limits[facts.path]))
    problems.extend(stylesheets.problems())
    problems.extend(budget_problems(files, (".css",), config.max_css_bytes, "CSS"))
    problems.extend(budget_problems(files, (".js", ".mjs"), config.max_js_bytes, "JavaScript"))
    problems.extend(source_problems(warning_sources))
    outbound = outbound_links(scanned.values(), site)
    return AuditResult(problems, len(pages), time.perf_counter() - started, outbound)
