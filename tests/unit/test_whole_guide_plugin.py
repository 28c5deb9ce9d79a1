"""The Pelican side of the whole guide: settings, its required blocks, the page from the chapters,
and writing it. The chapters are converted here as Pelican converts them (test_whole_guide's
own_page); whole builds are in tests/integration/test_whole_guide_build.py.
"""

import logging
from types import SimpleNamespace

import markdown
import pytest
from conftest import receivers
from pelican import signals
from test_whole_guide import BIB, CHAPTER_ONE, CHAPTER_TWO, SETTINGS, own_page

from guidelib import SettingsError
from plugins import build_record
from plugins.build_record.build_record import _record
from plugins.citations import CitationsExtension, load_library
from plugins.furniture import FurnitureExtension
from plugins.site_audit import collections, required_blocks
from plugins.whole_guide import plugin


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    monkeypatch.setattr(plugin, "_state", {})
    monkeypatch.setattr(plugin, "_prepared", {"links": None, "chapters": {}})
    monkeypatch.setattr(
        plugin, "_numbered", {"library": None, "chapters": [], "references": "", "cited": []}
    )
    build_record.reset()
    yield
    build_record.reset()


def start(**settings):
    pelican = SimpleNamespace(settings={"PLUGINS": ["plugins.site_audit"], **settings})
    plugin.load_settings(pelican)
    plugin.add_blocks(pelican)
    return pelican.settings


def test_the_defaults():
    start()
    assert plugin._state["config"] == plugin.Config(
        save_as="guide/all/index.html", url="guide/all/", template="whole_guide"
    )


@pytest.mark.parametrize("value", ["/guide/all/index.html", "guide/all/", "guide/all.htm"])
def test_the_page_must_be_an_output_path_ending_in_html(value):
    with pytest.raises(SettingsError, match="must be an output path ending in .html"):
        start(WHOLE_GUIDE_SAVE_AS=value)


def test_the_end_blocks_are_required_on_the_page_only_and_it_counts_as_a_collection():
    settings = start(WHOLE_GUIDE_SAVE_AS="book/index.html")
    blocks = required_blocks(settings)
    assert [(b.id, b.name, b.pages) for b in blocks] == [
        ("disclaimer-end", "the disclaimer at the end of the whole guide", "book/index.html"),
        ("crisis-help-end", "the crisis help at the end of the whole guide", "book/index.html"),
    ]
    assert blocks[0].fix == (
        "Keep the {{ disclaimer_banner(block_id=whole_guide.end_...) }} call at the end of "
        "theme/templates/whole_guide.html"
    )
    assert "crisis_help_block(block_id=" in blocks[1].fix
    assert collections(settings) == ("book/index.html",)


def chapter(order, text, library):
    html, points, _ = own_page(text, library)
    md_meta = own_meta(text, library)
    slug = ("one", "two")[order - 1]
    return SimpleNamespace(
        source_path=f"content/chapters/0{order}-{slug}.md",
        slug=slug,
        url=f"guide/{slug}/",
        order=order,
        title=slug.title(),
        metadata=md_meta,
        key_points=points,
        _content=html,
        get_content=lambda siteurl: html,
        review=SimpleNamespace(status="draft"),
    )


def own_meta(text, library):
    """The metadata Pelican keeps of the chapter: its citations and furniture records."""
    md = markdown.Markdown(
        extensions=[*SETTINGS["extension_configs"], CitationsExtension(library)]
        + [FurnitureExtension(30, [])],
        extension_configs=SETTINGS["extension_configs"],
    )
    md.convert(text)
    return {key: value[0] for key, value in md.Meta.items()}


def generators(chapters, library, **settings):
    settings = {
        "PLUGINS": ["plugins.site_audit"],
        "MARKDOWN": {"extensions": [CitationsExtension(library)]},
        "SITEURL": "https://guide.test",
        **settings,
    }
    context = {"chapters": chapters}
    return [SimpleNamespace(context=context, settings=settings), SimpleNamespace(context={})]


def test_the_page_holds_every_chapter_in_order_with_one_numbering():
    start()
    library = load_library(str(BIB))
    one, two = chapter(1, CHAPTER_ONE, library), chapter(2, CHAPTER_TWO, library)
    found = generators([one, two], library)
    plugin.render_guide(found)
    guide = plugin._state["guide"]
    assert [part.slug for part in guide.chapters] == ["one", "two"]
    assert guide.url == "guide/all/"
    assert guide.disclaimer_variant == "standard"
    assert [part.review.status for part in guide.drafts] == ["draft", "draft"]
    assert 'id="two-why-it-helps"' in guide.chapters[1].html
    assert guide.references.count("<li") == 3
    assert found[0].context["whole_guide"] is guide and found[1].context["whole_guide"] is guide
    assert _record["sections"]["whole_guide"] == {
        "output": "guide/all/index.html",
        "chapters": ["content/chapters/01-one.md", "content/chapters/02-two.md"],
        "cited": ["alpha2020", "beta2021", "gamma2022"],
    }
    settings = found[0].settings
    reviews = [b for b in required_blocks(settings) if b.id.endswith("review-status")]
    assert [(b.id, b.name, b.pages) for b in reviews] == [
        ("one-review-status", "the review status of chapter 1", "guide/all/index.html"),
        ("two-review-status", "the review status of chapter 2", "guide/all/index.html"),
    ]
    assert reviews[0].fix == (
        "Keep the review status partial in each chapter of theme/templates/whole_guide.html"
    )


def test_relative_urls_fit_the_links_to_the_pages_folder():
    start()
    library = load_library(str(BIB))
    found = generators([chapter(1, CHAPTER_ONE, library)], library, RELATIVE_URLS=True)
    plugin.render_guide(found)
    html = plugin._state["guide"].chapters[0].html
    assert 'href="../../get-help/"' in html


def test_a_chapter_whose_record_does_not_match_is_left_out_with_an_error(caplog):
    start()
    library = load_library(str(BIB))
    one, two = chapter(1, CHAPTER_ONE, library), chapter(2, CHAPTER_TWO, library)
    one.metadata = own_meta(CHAPTER_TWO, library)  # the record of another chapter
    with caplog.at_level(logging.ERROR, logger="plugins.whole_guide"):
        plugin.render_guide(generators([one, two], library))
    [message] = [r.getMessage() for r in caplog.records]
    assert message.startswith(
        "content/chapters/01-one.md: its citations cannot be numbered for the whole guide: "
    )
    assert message.endswith("Build again without the content cache (invoke rebuild).")
    assert [part.slug for part in plugin._state["guide"].chapters] == ["two"]


def test_nothing_is_made_without_the_settings_generators_or_chapters():
    library = load_library(str(BIB))
    plugin.render_guide(generators([chapter(1, CHAPTER_ONE, library)], library))
    assert "guide" not in plugin._state  # not started
    start()
    plugin.render_guide([])
    empty = generators([], library)
    plugin.render_guide(empty)
    assert "guide" not in plugin._state and "whole_guide" not in empty[0].context


class Writer:
    def __init__(self):
        self.calls = []

    def write_file(self, name, template, context, **extra):
        self.calls.append((name, template, context, extra))


def test_the_page_is_written_with_its_template_through_pelicans_writer():
    start(WHOLE_GUIDE_TEMPLATE="book")
    plugin._state["guide"] = "the guide"
    context = {"SITENAME": "Guide"}
    generator = SimpleNamespace(
        get_template=lambda name: f"template {name}",
        context=context,
        settings={"RELATIVE_URLS": True},
    )
    writer = Writer()
    plugin.write_page(generator, writer)
    assert writer.calls == [
        (
            "guide/all/index.html",
            "template book",
            context,
            {"relative_urls": True, "url": "guide/all/", "page_name": "whole_guide"},
        )
    ]
    generator.settings = {}
    plugin.write_page(generator, writer)
    assert writer.calls[1][3]["relative_urls"] is False


def test_no_page_is_written_without_a_guide():
    start()
    writer = Writer()
    plugin.write_page(SimpleNamespace(), writer)
    assert writer.calls == []


def test_a_missing_template_is_an_error_that_says_how_to_add_it(caplog):
    start()
    plugin._state["guide"] = "the guide"

    def missing(name):
        raise LookupError(f"no {name}")

    writer = Writer()
    with caplog.at_level(logging.ERROR, logger="plugins.whole_guide"):
        plugin.write_page(SimpleNamespace(get_template=missing), writer)
    assert [r.getMessage() for r in caplog.records] == [
        "theme: the whole guide's template 'whole_guide' cannot be loaded: no whole_guide. "
        "Add templates/whole_guide.html to the theme, or set WHOLE_GUIDE_TEMPLATE."
    ]
    assert writer.calls == []


def test_register_connects_each_handler_to_its_signal():
    import plugins.whole_guide

    plugins.whole_guide.register()
    assert plugin.load_settings in receivers(signals.initialized)
    assert plugin.add_blocks in receivers(signals.initialized)
    assert plugin.render_guide in receivers(signals.all_generators_finalized)
    assert plugin.write_page in receivers(signals.article_writer_finalized)
