"""The Pelican side of site_audit: settings and the handler run after the site is written."""

import logging
import weakref
from types import SimpleNamespace

import pytest
from pelican import signals

from plugins import site_audit
from plugins.site_audit.plugin import (
    SiteAuditSettingsError,
    audit_written_site,
    check_settings,
    config_from_settings,
)

BROKEN = (
    '<!DOCTYPE html><html lang="en"><head><title>T</title>'
    '<meta name="description" content="D."></head><body><h1>T</h1>'
    '<div id="disclaimer">Info.</div><section id="crisis-help">Help.</section>'
    '<a href="missing/">x</a></body></html>'
)


def fake_pelican(output, **settings):
    settings = {"SITEURL": "", "OUTPUT_PATH": str(output), **settings}
    return SimpleNamespace(output_path=str(output), settings=settings)


def test_defaults():
    config = config_from_settings({"SITEURL": "https://guide.example.org/mood"})
    assert config.site_url == "https://guide.example.org/mood"
    assert config.chapters == "guide/*/index.html"
    assert config.chapter_exclude == ("#references",)


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"SITE_AUDIT_ON_BUILD": "no"}, "SITE_AUDIT_ON_BUILD"),
        ({"SITE_AUDIT_CHAPTERS": ""}, "SITE_AUDIT_CHAPTERS"),
        ({"SITE_AUDIT_CHAPTER_EXCLUDE": "#references"}, "SITE_AUDIT_CHAPTER_EXCLUDE"),
        ({"SITE_AUDIT_CHAPTER_EXCLUDE": ["references"]}, "SITE_AUDIT_CHAPTER_EXCLUDE"),
    ],
)
def test_a_bad_setting_is_an_error_that_names_it(settings, named):
    with pytest.raises(SiteAuditSettingsError, match=named):
        check_settings(SimpleNamespace(settings=settings))


def test_each_error_is_logged_with_the_page(tmp_path, caplog):
    (tmp_path / "index.html").write_text(BROKEN, encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="plugins.site_audit"):
        audit_written_site(fake_pelican(tmp_path))
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [
        "site_audit: index.html:1: link to missing page missing/ (no file missing/index.html)"
    ]


def test_switched_off_on_build(tmp_path, caplog):
    (tmp_path / "index.html").write_text(BROKEN, encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="plugins.site_audit"):
        audit_written_site(fake_pelican(tmp_path, SITE_AUDIT_ON_BUILD=False))
    assert caplog.records == []


def receivers(signal):
    return [r() if isinstance(r, weakref.ref) else r for r in signal.receivers.values()]


def test_register_connects_module_level_receivers():
    site_audit.register()
    assert audit_written_site in receivers(signals.finalized)
    assert check_settings in receivers(signals.initialized)


def test_pages_parsed_during_the_build_are_scanned_from_their_tree(tmp_path, caplog):
    from blinker import signal

    from plugins.page_blocks import page_blocks

    site_audit.register()
    pelican = fake_pelican(tmp_path)
    check_settings(pelican)
    page = tmp_path / "index.html"
    page.write_text(BROKEN, encoding="utf-8")
    root = page_blocks.parse(page.read_bytes())
    # The page on disk is fixed after it was parsed: the audit must use the
    # tree it was given, not read the page a second time.
    page.write_text(BROKEN.replace("missing/", "#"), encoding="utf-8")
    results = {
        page_blocks.receiver_name(receiver): facts
        for receiver, facts in signal("page_blocks.page_parsed").send(
            str(page), root=root, settings=pelican.settings
        )
    }
    signal("page_blocks.page_checked").send(str(page), results=results)
    with caplog.at_level(logging.ERROR, logger="plugins.site_audit"):
        audit_written_site(pelican)
    assert [r.getMessage() for r in caplog.records] == [
        "site_audit: index.html:1: link to missing page missing/ (no file missing/index.html)"
    ]
    # The next build starts with nothing scanned.
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="plugins.site_audit"):
        audit_written_site(pelican)
    assert caplog.records == []
