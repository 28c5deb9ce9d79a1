"""The Pelican side of site_audit: settings and the handlers run as the site is written."""

import logging
from types import SimpleNamespace

import pytest
from conftest import receivers
from pelican import signals

from guidelib import SettingsError
from plugins import site_audit
from plugins.site_audit.plugin import check_written_page, finish, read_config, start

BROKEN = (
    '<!DOCTYPE html><html lang="en"><head><title>T</title>'
    '<meta name="description" content="D."></head><body><h1>T</h1>'
    '<div id="disclaimer">Info.</div><section id="crisis-help">Help.</section>'
    '<a href="missing/">x</a></body></html>'
)


def fake_pelican(output, **settings):
    settings = {"SITEURL": "", "OUTPUT_PATH": str(output), **settings}
    return SimpleNamespace(output_path=str(output), settings=settings)


def build_one_page(pelican, html, rewrite=None):
    """Start a build, write index.html and hand it to the plugin, then finish."""
    start(pelican)
    page = f"{pelican.output_path}/index.html"
    with open(page, "w", encoding="utf-8") as handle:
        handle.write(html)
    check_written_page(page, {"OUTPUT_PATH": pelican.output_path})
    if rewrite is not None:
        with open(page, "w", encoding="utf-8") as handle:
            handle.write(rewrite)
    finish(pelican)


def test_defaults():
    _, config = read_config({"SITEURL": "https://guide.example.org/mood"})
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
        ({"SITE_AUDIT_ONBUILD": True}, "Did you mean SITE_AUDIT_ON_BUILD"),
    ],
)
def test_a_bad_setting_is_an_error_that_names_it(settings, named):
    with pytest.raises(SettingsError, match=named):
        start(SimpleNamespace(settings=settings))


def test_each_error_is_logged_with_the_page(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="plugins.site_audit"):
        build_one_page(fake_pelican(tmp_path), BROKEN)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == ["index.html:1: link to missing page missing/ (no file missing/index.html)"]


def test_switched_off_on_build(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="plugins.site_audit"):
        build_one_page(fake_pelican(tmp_path, SITE_AUDIT_ON_BUILD=False), BROKEN)
    assert caplog.records == []


def test_register_connects_module_level_receivers():
    site_audit.register()
    assert finish in receivers(signals.finalized)
    assert start in receivers(signals.initialized)
    assert check_written_page in receivers(signals.content_written)


def test_pages_are_scanned_from_the_tree_parsed_when_they_were_written(tmp_path, caplog):
    # The page on disk is fixed after it was parsed: the audit must use the
    # tree it scanned then, not read the page a second time.
    with caplog.at_level(logging.ERROR, logger="plugins.site_audit"):
        build_one_page(fake_pelican(tmp_path), BROKEN, rewrite=BROKEN.replace("missing/", "#"))
    assert [r.getMessage() for r in caplog.records] == [
        "index.html:1: link to missing page missing/ (no file missing/index.html)"
    ]
    # The next build starts with nothing scanned: the fixed page passes.
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="plugins.site_audit"):
        start(fake_pelican(tmp_path))
        finish(fake_pelican(tmp_path))
    assert caplog.records == []
