"""The Pelican side of site_audit: every written page is checked as it is written.

* At ``initialized`` the SITE_AUDIT_* settings are read and checked
  (``read_config``); a bad value stops the build, naming the setting.
* Each HTML page Pelican writes (``content_written``) is parsed once by
  written.py: the blocks the safety plugins require (blocks.py) are checked
  on that tree and, with SITE_AUDIT_ON_BUILD (the default), the same tree is
  scanned for the whole-site audit (pages.scan_tree): ids, links,
  furniture, privacy, and the checks other plugins added (page_checks.py).
  On a build that writes many pages, when a core is spare, this runs in a
  worker process (guidelib.worker) while Pelican writes the next pages.
* At ``finalized`` each page's results are taken, in the order the pages
  were written; a page that lacks a block is logged with the template that
  rendered it. The links are resolved, now that every file exists, and
  each error is logged, which fails the strict build (sitebuild.build). A
  page without a required block raises SiteAuditError, so a plain
  ``pelican`` run fails too. The blocks, the added page checks (by name) and
  the audit settings go to the build record, so that ``invoke check`` checks
  the same things later.

The live preview switches the audit off (it writes a page or two and must be
quick); the blocks are checked on every build whatever the setting.
"""

import fnmatch
import logging
import os
from dataclasses import asdict, dataclass, field, replace
from typing import ClassVar

from pelican import signals

from guidelib import Problem, read_plugin_settings, relative
from guidelib.worker import Worker
from plugins.build_record import note, note_page

from .audit import AuditConfig, audit
from .blocks import collections, describe_template, required_blocks
from .page_checks import page_checks
from .written import check_written

logger = logging.getLogger(__name__)


def _glob(value):
    return None if value else "must be a glob of chapter pages"


def _selectors(value):
    if all(isinstance(item, str) and item[:1] in ("#", ".") for item in value):
        return None
    return 'must list "#id" or ".class" selectors'


@dataclass(frozen=True)
class Settings:
    PREFIX: ClassVar[str] = "SITE_AUDIT_"
    on_build: bool = True
    chapters: str = field(
        default=AuditConfig.chapters,
        metadata={"check": _glob, "example": 'SITE_AUDIT_CHAPTERS = "guide/*/index.html"'},
    )
    chapter_exclude: tuple[str, ...] = field(
        default=AuditConfig.chapter_exclude,
        metadata={"check": _selectors, "example": 'SITE_AUDIT_CHAPTER_EXCLUDE = ["#references"]'},
    )


class SiteAuditError(RuntimeError):
    """Written pages lack a block the safety plugins require."""


def read_config(settings):
    """(Settings, AuditConfig) for Pelican ``settings``; SettingsError names a bad one."""
    values = read_plugin_settings(settings, Settings)
    config = AuditConfig(
        site_url=settings.get("SITEURL", "") or "",
        chapters=values.chapters,
        chapter_exclude=values.chapter_exclude,
    )
    return values, config


# What this build has learnt so far; reset when a build starts.
_build = {}
# Checks written pages in a second process while Pelican writes (written.py).
_worker = Worker("site_audit")


def start(pelican):
    _worker.close()  # one a build that stopped half-way left running
    values, config = read_config(pelican.settings)
    _build.clear()
    _build.update(
        settings=pelican.settings,
        values=values,
        config=config,
        facts={},
        sources={},
        missing=[],
        collection_weights={},
        env=None,
        written=[],
    )


def keep_environment(generator):
    # Kept only to name the template file of a page that lacks a block.
    _build["env"] = generator.env


def check_written_page(path, context):
    """Hand the page Pelican has just written to the checks (written.py).

    On a build that writes many pages they run in a worker process while
    Pelican writes the next ones; ``finish`` takes the results.
    """
    if not path.endswith(".html") or "config" not in _build:
        return
    config, settings = _build["config"], _build["settings"]
    page = os.path.relpath(path, context.get("OUTPUT_PATH") or ".").replace(os.sep, "/")
    chapter = fnmatch.fnmatchcase(page, config.chapters) or page in collections(settings)
    with open(path, "rb") as handle:
        call = (
            handle.read(),
            page,
            required_blocks(settings),
            _build["values"].on_build,
            config.chapter_exclude if chapter else None,
            tuple(page_checks(settings).values()),
        )
    content = context.get("article") or context.get("page")
    source = getattr(content, "source_path", None)
    key = len(_build["written"])
    _build["written"].append((page, source, describe_template(context, _build["env"]), call))
    _worker.add(key, check_written, *call)


def take_written_pages():
    """Take the checks' results of every written page, in the order they were written."""
    for key, (page, source, template, call) in enumerate(_build.pop("written", [])):
        result = _worker.report(key) or check_written(*call)
        for block, problem, line in result.missing:
            Problem(
                page,
                f'{block.name} (id="{block.id}") {problem}. '
                f"The page was rendered by template {template}",
                line=line,
                hint=block.fix,
            ).log(logger)
            _build["missing"].append((page, block.name))
        if source:
            _build["sources"][page] = source
        if result.facts is not None:
            _build["facts"][page] = result.facts
            weight = {"bytes": result.size, "markup": result.facts.markup_bytes}
            if source:
                note_page(source, weight=weight)
            elif page in collections(_build["settings"]):
                _build["collection_weights"][page] = weight
    _worker.close()


def in_source(problem, source):
    """The problem of a built page, moved to the line of its source that caused it.

    The author fixes the Markdown, not the page, so a problem on a page built
    from a source file names the source and the line where the URL, attribute
    or tag the message quotes is written, and the built page as well. When
    nothing the message quotes is in the source (the theme made it), the
    problem stays on the page and names its source.
    """
    if not source:
        return problem
    try:
        with open(source, encoding="utf-8-sig") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return problem
    page = problem.location
    quoted = [word.strip("'\",;()") for word in problem.message.split()]
    quoted = [word for word in quoted if len(word) > 3 and any(c in word for c in "/:#=<{@")]
    for number, line in enumerate(lines, start=1):
        if any(word in line for word in quoted):
            return replace(
                problem,
                path=relative(source),
                line=number,
                message=f"{problem.message} (in {page})",
            )
    return replace(problem, message=f"{problem.message} (the page built from {relative(source)})")


def finish(pelican):
    if "config" not in _build:
        return
    take_written_pages()
    facts, missing = _build["facts"], _build["missing"]
    checks = page_checks(_build["settings"])
    # Pages that collect the chapters are declared once the chapters are read.
    config = replace(
        _build["config"],
        page_checks=tuple(checks.values()),
        collections=collections(_build["settings"]),
    )
    blocks = required_blocks(_build["settings"])
    note("required_blocks", [asdict(block) for block in blocks])
    note("page_checks", list(checks))
    note(
        "audit",
        {
            "site_url": config.site_url,
            "chapters": config.chapters,
            "chapter_exclude": list(config.chapter_exclude),
            "collections": list(config.collections),
        },
    )
    if _build["collection_weights"]:
        note("collection_weights", _build["collection_weights"])
    if _build["values"].on_build:
        result = audit(pelican.output_path, config, scanned=facts)
        for problem in sorted(result.errors):
            in_source(problem, _build["sources"].get(problem.path)).log(logger)
        logger.info("site_audit: %d pages checked in %.2f s", result.pages, result.seconds)
    _build.clear()
    by_block = {}
    for page, name in missing:
        by_block.setdefault(name, []).append(page)
    if by_block:
        raise SiteAuditError(
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
    signals.finalized.connect(finish)
