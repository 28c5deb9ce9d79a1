"""The Pelican side of the disclaimer plugin: loading, the template global, each page's
Disclaimer value and the full Disclaimer page. Whole builds are in the integration tests.
"""

import logging
import os
import shutil
from types import SimpleNamespace

import pytest
from conftest import ROOT, receivers
from pelican import signals

from guidelib import Problem, relative
from plugins.disclaimer import DisclaimerError
from plugins.disclaimer import disclaimer as plugin
from plugins.site_audit import MissingAuditError, required_blocks

DISCLAIMER = "Title: Disclaimer\nShort: Information only.\nStrong: Get help now.\n\nText.\n"


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    monkeypatch.setattr(plugin, "_state", {})


@pytest.fixture
def folder(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "disclaimer.md").write_text(DISCLAIMER, encoding="utf-8")
    return content


def load(folder, **extra):
    settings = {
        "PATH": str(folder),
        "THEME": str(ROOT / "theme"),
        "PLUGINS": ["plugins.site_audit", "plugins.disclaimer"],
        **extra,
    }
    plugin.load_disclaimer(SimpleNamespace(settings=settings))
    return settings


def test_load_reads_the_texts_and_declares_the_banner_block(folder):
    settings = load(folder)
    assert plugin._state["disclaimer"].texts == {
        "standard": "Information only.",
        "strong": "Get help now.",
    }
    assert plugin._state["source"] == os.path.abspath(folder / "pages" / "disclaimer.md")
    assert plugin._state["url"] is None
    assert plugin._state["env"].autoescape is True
    assert [block.id for block in required_blocks(settings)] == ["disclaimer"]


def test_the_source_setting_is_relative_to_path(folder):
    shutil.move(folder / "pages" / "disclaimer.md", folder / "notice.md")
    load(folder, DISCLAIMER_SOURCE="notice.md")
    assert plugin._state["source"] == os.path.abspath(folder / "notice.md")


def test_a_byte_order_mark_is_not_part_of_the_first_field(folder):
    (folder / "pages" / "disclaimer.md").write_bytes(b"\xef\xbb\xbf" + DISCLAIMER.encode())
    load(folder)
    assert plugin._state["disclaimer"].texts["standard"] == "Information only."


def test_a_theme_without_the_banner_template_is_named(folder, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme" / "templates", theme / "templates")
    (theme / "templates" / plugin.TEMPLATE).unlink()
    with pytest.raises(DisclaimerError) as raised:
        load(folder, THEME=str(theme))
    assert raised.value.problems == [
        Problem(
            relative(str(theme / "templates")),
            f"the theme has no template {plugin.TEMPLATE}: the disclaimer plugin renders the "
            "banner with it",
            hint=f"add {plugin.TEMPLATE} to the theme",
        )
    ]
    assert plugin._state == {}


def test_the_banner_needs_the_site_audit(folder):
    with pytest.raises(MissingAuditError):
        load(folder, PLUGINS=["plugins.disclaimer"])


def test_templates_get_the_banner_global():
    generator = SimpleNamespace(env=SimpleNamespace(globals={}))
    plugin.add_template_global(generator)
    assert generator.env.globals == {"disclaimer_banner": plugin.disclaimer_banner}


def test_an_unknown_disclaimer_value_is_an_error_at_its_line(tmp_path, caplog):
    source = tmp_path / "01-a.md"
    source.write_text("Title: A\nDisclaimer: off\n\nText.\n", encoding="utf-8")
    fine = SimpleNamespace(source_path=str(tmp_path / "02-b.md"), metadata={"disclaimer": "strong"})
    bad = SimpleNamespace(source_path=str(source), metadata={"disclaimer": "off"})
    with caplog.at_level(logging.ERROR, logger="plugins.disclaimer"):
        plugin.check_metadata(SimpleNamespace(articles=[fine, bad]))
    [message] = [r.getMessage() for r in caplog.records]
    assert message.startswith(f"{relative(str(source))}:2: unknown Disclaimer value 'off'.")


def page(source, url):
    return SimpleNamespace(source_path=str(source), url=url)


@pytest.mark.parametrize("where", ["pages", "hidden_pages", "draft_pages"])
def test_the_disclaimer_pages_url_is_kept_wherever_pelican_lists_it(folder, where):
    load(folder)
    lists = {"pages": [page(folder / "pages" / "about.md", "about/")], "hidden_pages": [],
             "draft_pages": []}  # fmt: skip
    lists[where].append(page(folder / "pages" / "disclaimer.md", "disclaimer/"))
    plugin.find_disclaimer_page(SimpleNamespace(**lists))
    assert plugin._state["url"] == "disclaimer/"


def test_a_disclaimer_page_that_was_not_generated_stops_the_build(folder):
    load(folder)
    with pytest.raises(DisclaimerError) as raised:
        plugin.find_disclaimer_page(
            SimpleNamespace(pages=[page(folder / "x.md", "x/")], hidden_pages=[], draft_pages=[])
        )
    assert raised.value.problems == [
        Problem(
            relative(str(folder / "pages" / "disclaimer.md")),
            "the full Disclaimer page was not generated, so the banner would have nothing to "
            "link to",
            hint="keep the file under PAGE_PATHS",
        )
    ]


def test_register_connects_each_handler_to_its_signal():
    plugin.register()
    assert plugin.load_disclaimer in receivers(signals.initialized)
    assert plugin.add_template_global in receivers(signals.generator_init)
    assert plugin.check_metadata in receivers(signals.article_generator_finalized)
    assert plugin.check_metadata in receivers(signals.page_generator_finalized)
    assert plugin.find_disclaimer_page in receivers(signals.page_generator_finalized)
