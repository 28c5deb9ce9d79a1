"""Run the site audit on the output Pelican has just written.

The same checks run standalone as ``invoke check``; CI runs that, so the
build-time run can be switched off with ``SITE_AUDIT_ON_BUILD = False``.
Each error is logged, which fails the strict build (sitebuild.build).
Warnings from other plugins are not repeated here: those plugins log them
while they work.

Pages are scanned as they are written, from the tree the page_blocks plugin
has parsed and sends on its ``page_blocks.page_parsed`` signal, so a build
parses each page once; page_blocks may do that in a second process, and
hands the facts back on ``page_blocks.page_checked``. Links are resolved at
the end, when every file exists; pages that came without a tree (static HTML
files, or a build without page_blocks) are read from the output then.
"""

import fnmatch
import logging
import os

from blinker import signal
from pelican import signals

from .audit import AuditConfig, audit
from .pages import scan_tree

logger = logging.getLogger(__name__)

DEFAULTS = {
    "SITE_AUDIT_ON_BUILD": True,
    "SITE_AUDIT_CHAPTERS": AuditConfig.chapters,
    "SITE_AUDIT_CHAPTER_EXCLUDE": AuditConfig.chapter_exclude,
}


class SiteAuditSettingsError(ValueError):
    """A SITE_AUDIT_* setting has a value the plugin cannot use."""


def config_from_settings(settings):
    """Return the AuditConfig for Pelican ``settings``; a bad value names its setting."""
    values = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    if not isinstance(values["SITE_AUDIT_ON_BUILD"], bool):
        raise SiteAuditSettingsError("SITE_AUDIT_ON_BUILD must be True or False")
    if not isinstance(values["SITE_AUDIT_CHAPTERS"], str) or not values["SITE_AUDIT_CHAPTERS"]:
        raise SiteAuditSettingsError(
            'SITE_AUDIT_CHAPTERS must be a glob of chapter pages, like "guide/*/index.html"'
        )
    exclude = values["SITE_AUDIT_CHAPTER_EXCLUDE"]
    if isinstance(exclude, str) or not all(
        isinstance(item, str) and item[:1] in ("#", ".") for item in exclude
    ):
        raise SiteAuditSettingsError(
            'SITE_AUDIT_CHAPTER_EXCLUDE must be a list of "#id" or ".class" selectors'
        )
    return AuditConfig(
        site_url=settings.get("SITEURL", "") or "",
        chapters=values["SITE_AUDIT_CHAPTERS"],
        chapter_exclude=tuple(exclude),
    )


# The pages this build has scanned so far, by path in the output.
_build = {"scanned": {}}


def check_settings(pelican):
    config_from_settings(pelican.settings)
    _build["scanned"] = {}


def scan_written_page(path, root, settings):
    """The PageFacts of a page page_blocks parsed; may run in its second process."""
    output = settings.get("OUTPUT_PATH")
    if not output or not settings.get("SITE_AUDIT_ON_BUILD", True):
        return None
    config = config_from_settings(settings)
    page = os.path.relpath(path, output).replace(os.sep, "/")
    chapter = fnmatch.fnmatchcase(page, config.chapters)
    return scan_tree(page, root, config.chapter_exclude if chapter else None)


SCAN = f"{scan_written_page.__module__}.{scan_written_page.__qualname__}"


def keep_scan(path, results):
    facts = results.get(SCAN)
    if facts is not None:
        _build["scanned"][facts.path] = facts


def audit_written_site(pelican):
    # Pages page_blocks is still checking come back first.
    signal("page_blocks.wait").send(pelican)
    scanned, _build["scanned"] = _build["scanned"], {}
    if not pelican.settings.get("SITE_AUDIT_ON_BUILD", True):
        return
    result = audit(pelican.output_path, config_from_settings(pelican.settings), scanned=scanned)
    for problem in sorted(result.errors, key=lambda p: (p.path, p.line or 0)):
        logger.error("site_audit: %s: %s", problem.location, problem.message)
    logger.info(
        "site_audit: %d pages checked in %.2f s, %d errors",
        result.pages,
        result.seconds,
        len(result.errors),
    )


def register():
    signals.initialized.connect(check_settings)
    signal("page_blocks.page_parsed").connect(scan_written_page)
    signal("page_blocks.page_checked").connect(keep_scan)
    signals.finalized.connect(audit_written_site)
