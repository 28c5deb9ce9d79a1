"""The Pelican side of feed_safety: settings, the two pages, each entry's preface, the check.

The handlers are called as Pelican calls them, with the few attributes of
Pelican's objects that they read, and a feed made with feedgenerator (which
Pelican writes its feeds with); real builds are in
tests/integration/test_feed_safety.py.
"""

import logging
import os
from types import SimpleNamespace

import pytest
from conftest import receivers
from feedgenerator import Atom1Feed
from pelican import signals

from guidelib import Problem, relative
from guidelib.settings import SETTINGS_FILE
from plugins.feed_safety import feed_safety
from plugins.feed_safety.feed_safety import FeedSafetyError

SHORT = "Information only, not medical advice."
STRONG = "This page talks about severe depression. Contact a crisis line now."
DISCLAIMER = f"Title: Disclaimer\nShort: {SHORT}\nStrong: {STRONG}\n\nText.\n"


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    monkeypatch.setattr(feed_safety, "_state", {})


@pytest.fixture
def folder(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "disclaimer.md").write_text(DISCLAIMER, encoding="utf-8")
    return content


def load(folder, **extra):
    settings = {
        "PATH": str(folder),
        "SITEURL": "https://guide.test/mood",
        "FEED_ALL_ATOM": "feeds/all.atom.xml",
        **extra,
    }
    feed_safety.load(SimpleNamespace(settings=settings))


def page(source, url):
    return SimpleNamespace(source_path=str(source), url=url)


def pages(folder, *, where="pages"):
    listed = {"pages": [], "hidden_pages": [], "draft_pages": []}
    listed[where] += [
        page(folder / "pages" / "disclaimer.md", "disclaimer/"),
        page(folder / "pages" / "get-help.md", "get-help/"),
    ]
    return SimpleNamespace(**listed)


def ready(folder, **extra):
    load(folder, **extra)
    feed_safety.find_pages(pages(folder))


@pytest.mark.parametrize(
    ("settings", "on"),
    [
        ({}, False),
        ({"FEED_ALL_ATOM": None, "TAG_FEED_RSS": ""}, False),
        ({"FEED_ALL_ATOM": "feeds/all.atom.xml"}, True),
        ({"CATEGORY_FEED_RSS": "feeds/{slug}.rss.xml"}, True),
        ({"FEED_DOMAIN": "https://x.test", "FEED_MAX_ITEMS": 10}, False),
        ({"FEED_ATOM_URL": "x"}, False),
    ],
)
def test_feeds_are_on_when_any_feed_setting_is(settings, on):
    assert feed_safety.feeds_enabled(settings) is on


def test_without_feeds_nothing_is_loaded_or_checked(folder):
    load(folder, FEED_ALL_ATOM=None, SITEURL="")
    assert feed_safety._state == {}
    feed_safety.find_pages(SimpleNamespace(pages=[], hidden_pages=[], draft_pages=[]))
    feed = SimpleNamespace(items=[{"link": "https://guide.test/x/", "content": "x"}])
    feed_safety.add_prefaces({}, feed)
    assert feed.items[0]["content"] == "x"
    feed_safety.check_written_feed("no/such/feed.xml", {}, None)  # reads nothing


def test_load_reads_the_disclaimer_texts_and_the_two_sources(folder):
    load(folder)
    assert feed_safety._state == {
        "site_url": "https://guide.test/mood/",
        "texts": {"standard": SHORT, "strong": STRONG},
        "sources": {
            "disclaimer": os.path.abspath(folder / "pages" / "disclaimer.md"),
            "get_help": os.path.abspath(folder / "pages" / "get-help.md"),
        },
    }


def test_the_two_sources_follow_the_other_plugins_settings(folder):
    (folder / "pages" / "disclaimer.md").rename(folder / "notice.md")
    load(folder, DISCLAIMER_SOURCE="notice.md", CRISIS_HELP_PAGE="help.md")
    assert feed_safety._state["sources"] == {
        "disclaimer": os.path.abspath(folder / "notice.md"),
        "get_help": os.path.abspath(folder / "help.md"),
    }


@pytest.mark.parametrize("site_url", ["", "/mood", "guide.test"])
def test_feeds_need_an_absolute_site_url(folder, site_url):
    with pytest.raises(FeedSafetyError) as raised:
        load(folder, SITEURL=site_url, **{SETTINGS_FILE: "site.py"})
    assert raised.value.problems == [
        Problem(
            "site.py",
            "feeds are switched on, but SITEURL is not an absolute address, so feed entries "
            "could not link to the Get help now page",
            hint="switch feeds on only in publishconf.py, which sets SITEURL",
        )
    ]


@pytest.mark.parametrize("site_url", ["https://g.test/mood ", "https://g.test/my\tmood"])
def test_a_site_url_with_a_space_is_refused(folder, site_url):
    with pytest.raises(FeedSafetyError) as raised:
        load(folder, SITEURL=site_url, **{SETTINGS_FILE: "site.py"})
    assert raised.value.problems == [
        Problem(
            "site.py",
            f"SITEURL {site_url!r} has a space in it, which would break every feed entry's links",
            hint="remove the space from SITEURL",
        )
    ]


def test_an_http_site_url_is_accepted_and_the_error_names_pelicanconf_by_default(folder):
    load(folder, SITEURL="http://localhost:8000")
    assert feed_safety._state["site_url"] == "http://localhost:8000/"
    with pytest.raises(FeedSafetyError) as raised:
        load(folder, SITEURL=None)
    assert raised.value.problems[0].path == "pelicanconf.py"


def test_a_missing_disclaimer_is_one_error_naming_it(folder):
    (folder / "pages" / "disclaimer.md").unlink()
    with pytest.raises(FeedSafetyError) as raised:
        load(folder)
    assert raised.value.problems == [
        Problem(
            relative(os.path.abspath(folder / "pages" / "disclaimer.md")),
            "cannot read the disclaimer, which every feed entry starts with "
            "(No such file or directory)",
            hint="create it, or point DISCLAIMER_SOURCE at it (relative to PATH)",
        )
    ]


def test_a_byte_order_mark_before_the_disclaimer_is_ignored(folder):
    (folder / "pages" / "disclaimer.md").write_bytes(b"\xef\xbb\xbf" + DISCLAIMER.encode())
    load(folder)
    assert feed_safety._state["texts"]["standard"] == SHORT


@pytest.mark.parametrize("where", ["pages", "hidden_pages", "draft_pages"])
def test_the_pages_absolute_urls_are_kept_wherever_pelican_lists_them(folder, where):
    load(folder)
    feed_safety.find_pages(pages(folder, where=where))
    assert feed_safety._state["disclaimer_url"] == "https://guide.test/mood/disclaimer/"
    assert feed_safety._state["get_help_url"] == "https://guide.test/mood/get-help/"


def test_a_page_that_was_not_generated_is_named(folder):
    load(folder)
    listed = pages(folder)
    listed.pages = listed.pages[:1]
    with pytest.raises(FeedSafetyError) as raised:
        feed_safety.find_pages(listed)
    assert raised.value.problems == [
        Problem(
            relative(os.path.abspath(folder / "pages" / "get-help.md")),
            "this page was not generated, so feed entries would have nothing to link to",
            hint="keep the file under PAGE_PATHS",
        )
    ]


def article(url, disclaimer=None, translations=()):
    metadata = {} if disclaimer is None else {"disclaimer": disclaimer}
    return SimpleNamespace(url=url, metadata=metadata, translations=list(translations))


def entry(link, content="<p>Body.</p>", description="<p>Summary.</p>"):
    return {"link": link, "content": content, "description": description}


def test_each_entry_starts_with_its_chapters_banner_and_the_help_link(folder):
    ready(folder)
    context = {
        "articles": [
            article("guide/a/"),
            article("guide/b/", "strong", [article("fr/guide/b/", "strong")]),
            article("guide/c/", "nonsense"),
        ]
    }
    feed = SimpleNamespace(
        items=[
            entry("https://guide.test/mood/guide/a/"),
            entry("https://guide.test/mood/guide/b/?utm=1#top"),
            entry("https://guide.test/mood/fr/guide/b/", description=None),
            entry("https://guide.test/mood/guide/c/"),
            entry("https://guide.test/mood/elsewhere/"),
        ]
    )
    feed_safety.add_prefaces(context, feed)
    standard = feed_safety.preface(
        SHORT, "https://guide.test/mood/disclaimer/", "https://guide.test/mood/get-help/"
    )
    strong = feed_safety.preface(
        STRONG, "https://guide.test/mood/disclaimer/", "https://guide.test/mood/get-help/"
    )
    starts = [item["content"][: -len("<p>Body.</p>")] for item in feed.items]
    assert starts == [standard, strong, strong, strong, standard]
    assert feed.items[0]["description"] == f"{standard}<p>Summary.</p>"
    assert feed.items[2]["description"] is None


def test_a_context_without_articles_still_gets_prefaces(folder):
    ready(folder)
    feed = SimpleNamespace(items=[entry("https://guide.test/mood/x/")])
    feed_safety.add_prefaces({}, feed)
    assert feed.items[0]["content"].startswith('<div class="feed-safety"><p>' + SHORT)


def write_feed(path, items):
    feed = Atom1Feed("Guide", "https://guide.test/mood/", "About it.")
    for number, item in enumerate(items):
        feed.add_item(
            f"Chapter {number}",
            item["link"],
            item["description"],
            content=item["content"],
            unique_id=str(number),
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        feed.write(handle, "utf-8")
    return feed


def test_a_written_feed_with_its_prefaces_passes(folder, tmp_path, caplog):
    ready(folder)
    feed = SimpleNamespace(items=[entry("https://guide.test/mood/guide/a/")])
    feed_safety.add_prefaces({"articles": [article("guide/a/")]}, feed)
    path = tmp_path / "output" / "feeds" / "all.atom.xml"
    write_feed(path, feed.items)
    with caplog.at_level(logging.ERROR, logger="plugins.feed_safety"):
        feed_safety.check_written_feed(str(path), {"OUTPUT_PATH": str(tmp_path / "output")}, feed)
    assert caplog.records == []


def test_an_entry_without_its_preface_is_an_error_naming_the_feed(folder, tmp_path, caplog):
    ready(folder)
    path = tmp_path / "output" / "feeds" / "all.atom.xml"
    write_feed(path, [entry("https://guide.test/mood/guide/a/")])
    with caplog.at_level(logging.ERROR, logger="plugins.feed_safety"):
        feed_safety.check_written_feed(str(path), {"OUTPUT_PATH": str(tmp_path / "output")}, None)
    [message] = [record.getMessage() for record in caplog.records]
    assert message.startswith("feeds/all.atom.xml:")
    assert "Chapter 0" in message


def test_register_connects_each_handler_to_its_signal():
    feed_safety.register()
    assert feed_safety.load in receivers(signals.initialized)
    assert feed_safety.find_pages in receivers(signals.page_generator_finalized)
    assert feed_safety.add_prefaces in receivers(signals.feed_generated)
    assert feed_safety.check_written_feed in receivers(signals.feed_written)
