"""The Pelican side of the furniture: settings, emergency numbers, which problems count."""

import json
import logging
from types import SimpleNamespace

import pytest
from conftest import ROOT
from pelican.contents import Article, Page
from pelican.settings import DEFAULT_CONFIG

from guidelib import SettingsError
from plugins.furniture import plugin
from plugins.furniture.extension import FurnitureExtension

MINI_SITE = ROOT / "tests" / "fixtures" / "mini_site" / "content"
PROBLEM = [3, "the 'In short' list has 1 point; it needs 2 to 4.", "add points"]


def settings(**overrides):
    values = {
        "PATH": str(MINI_SITE),
        "MARKDOWN": {"extension_configs": {"markdown.extensions.admonition": {}}},
        **overrides,
    }
    return values


def initialize(values):
    plugin.initialized(SimpleNamespace(settings=values))
    (extension,) = [
        ext for ext in values["MARKDOWN"]["extensions"] if isinstance(ext, FurnitureExtension)
    ]
    return extension


def test_the_extension_is_installed_once_with_the_settings():
    from plugins.crisis_help.crisis_help import load_data

    values = settings(
        FURNITURE_KEY_POINTS_MAX_WORDS=12,
        CRISIS_HELP_REGIONS=["GB", "IE", "INT"],
        THEME=str(ROOT / "theme"),
        PLUGINS=["plugins.crisis_help", "plugins.site_audit"],
    )
    load_data(SimpleNamespace(settings=values))  # crisis_help's initialized handler
    initialize(values)
    extension = initialize(values)
    assert extension.max_words == 12
    assert extension.emergency_numbers == [
        ("United Kingdom", ("999",)),
        ("Ireland", ("112", "999")),
        ("Anywhere else", ()),
    ]


def test_emergency_numbers_come_from_crisis_help(monkeypatch):
    monkeypatch.setattr(plugin, "emergency_numbers", lambda: [("Testland", ("123",))])
    assert initialize(settings()).emergency_numbers == [("Testland", ("123",))]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "FURNITURE_KEY_POINTS_MAX_WORDS must be more than 0"),
        ("30", "FURNITURE_KEY_POINTS_MAX_WORDS must be a whole number, not '30'"),
    ],
)
def test_a_bad_word_limit_stops_the_build_naming_the_setting(value, message, monkeypatch):
    monkeypatch.setattr(plugin, "emergency_numbers", lambda: [])
    with pytest.raises(SettingsError) as raised:
        initialize(settings(FURNITURE_KEY_POINTS_MAX_WORDS=value))
    assert [problem.message for problem in raised.value.problems] == [message]


def test_without_the_admonition_extension_the_build_fails(monkeypatch, caplog):
    monkeypatch.setattr(plugin, "emergency_numbers", lambda: [])
    with caplog.at_level(logging.ERROR, logger=plugin.__name__):
        initialize(settings(MARKDOWN={"extension_configs": {}}))
    assert [record.getMessage() for record in caplog.records] == [
        "pelicanconf.py: furniture: care cards need Python-Markdown's admonition extension. "
        "Add 'markdown.extensions.admonition': {} to MARKDOWN['extension_configs']."
    ]


def content(kind, record, path="content/chapters/01-a.md"):
    metadata = {"title": "A", "furniture": json.dumps(record)}
    return kind("<p>x</p>", metadata=metadata, settings=dict(DEFAULT_CONFIG), source_path=path)


def record(key_points=(), problems=()):
    return {"key_points": list(key_points), "heading_line": 3, "problems": list(problems)}


def test_a_chapter_reports_every_problem_and_gets_its_key_points(caplog):
    chapter = content(Article, record(["One."], [PROBLEM]))
    with caplog.at_level(logging.ERROR, logger=plugin.__name__):
        plugin.content_object_init(chapter)
    assert chapter.key_points == ["One."]
    assert [record.getMessage() for record in caplog.records] == [
        "content/chapters/01-a.md:3: the 'In short' list has 1 point; it needs 2 to 4. Add points."
    ]


def test_a_page_may_skip_key_points_and_use_other_admonitions():
    page = content(Page, record([], [PROBLEM]), path="content/pages/about.md")
    assert plugin.content_problems(page, record([], [PROBLEM])) == []


def test_a_page_with_key_points_is_an_error_because_they_would_not_be_shown():
    page = content(Page, record(["One."]), path="content/pages/about.md")
    (problem,) = plugin.content_problems(page, record(["One.", "Two."]))
    assert str(problem) == (
        "content/pages/about.md:3: an 'In short' section is shown only on chapters, so this "
        "one would be lost. Give the section another heading, or move the page into a "
        "chapter folder."
    )


def test_content_without_a_record_is_left_alone():
    page = SimpleNamespace(metadata={}, source_path="x.html")
    plugin.content_object_init(page)
    assert not hasattr(page, "key_points")
