"""The hosting plugin's files: robots.txt, sitemap.xml and its settings."""

from datetime import UTC, date, datetime
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest

from guidelib import SettingsError
from sitebuild import headers, hosting

SITE = "https://guide.example.org"
NS = {"s": hosting.SITEMAP_NAMESPACE}


def item(url, **dates):
    values = {name: datetime(*day, tzinfo=UTC) for name, day in dates.items()}
    return SimpleNamespace(url=url, **values)


def test_robots_txt_allows_everything_and_names_the_sitemap():
    assert hosting.robots_txt(SITE) == (
        "User-agent: *\nAllow: /\n\nSitemap: https://guide.example.org/sitemap.xml\n"
    )
    assert "Sitemap" not in hosting.robots_txt(SITE, sitemap=False)


def test_last_changed_is_the_newest_date_review_included():
    chapter = item("guide/a/", date=(2026, 1, 1), modified=(2026, 2, 1), reviewed=(2026, 3, 5))
    assert hosting.last_changed(chapter).isoformat() == "2026-03-05"
    assert hosting.last_changed(SimpleNamespace(url="about/")) is None


def test_sitemap_lists_home_chapters_and_pages_with_content_dates():
    chapters = [
        item("guide/a/", date=(2026, 1, 1), modified=(2026, 4, 2)),
        item("guide/b/", date=(2026, 1, 3)),
    ]
    pages = [item("about/"), item("privacy/", date=(2025, 12, 1))]
    entries = hosting.sitemap_entries(SITE, chapters, pages)
    assert [(url, day and day.isoformat()) for url, day in entries] == [
        (f"{SITE}/", "2026-04-02"),
        (f"{SITE}/about/", None),
        (f"{SITE}/guide/a/", "2026-04-02"),
        (f"{SITE}/guide/b/", "2026-01-03"),
        (f"{SITE}/privacy/", "2025-12-01"),
    ]


def test_sitemap_lists_pages_that_are_not_content_with_their_own_day():
    others = [("get-help/ie/", date(2026, 11, 1)), ("get-help/int/", None)]
    entries = hosting.sitemap_entries(SITE, [], [item("get-help/")], others=others)
    assert [(url, day and day.isoformat()) for url, day in entries] == [
        (f"{SITE}/", None),
        (f"{SITE}/get-help/", None),
        (f"{SITE}/get-help/ie/", "2026-11-01"),
        (f"{SITE}/get-help/int/", None),
    ]


def test_sitemap_xml_is_valid_and_escapes_urls():
    entries = hosting.sitemap_entries(SITE, [item("guide/a&b/", date=(2026, 1, 1))], [item("x/")])
    root = ElementTree.fromstring(hosting.sitemap_xml(entries).encode())
    urls = [u.findtext("s:loc", namespaces=NS) for u in root.findall("s:url", NS)]
    assert urls == [f"{SITE}/", f"{SITE}/guide/a&b/", f"{SITE}/x/"]
    assert [u.findtext("s:lastmod", namespaces=NS) for u in root.findall("s:url", NS)] == [
        "2026-01-01",
        "2026-01-01",
        None,
    ]


def test_host_files_follow_the_switches():
    settings = {"SITEURL": SITE, "HOSTING_SITEMAP": False}
    files = hosting.host_files(settings, [], [])
    assert sorted(files) == ["_headers", "robots.txt"]
    assert files["_headers"] == headers.headers_file()
    assert "Sitemap" not in files["robots.txt"]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"SITEURL": SITE, "HOSTING_ROBOTS": "yes"}, "HOSTING_ROBOTS must be True or False"),
        ({"SITEURL": ""}, "SITEURL is '': robots.txt and sitemap.xml need"),
    ],
)
def test_bad_settings_are_named(settings, message):
    with pytest.raises(SettingsError, match=message):
        hosting.check_settings(settings)


def test_a_build_lets_go_of_the_plugins_an_earlier_build_connected():
    # A production build connects this plugin; a later build in the same
    # process (a preview, a test) must not run it unless it asks for it.
    from pelican import signals

    from sitebuild.build import _disconnect_plugins

    hosting.register()
    assert hosting.write_host_files in signals.article_writer_finalized.receivers_for(None)
    _disconnect_plugins()
    assert list(signals.article_writer_finalized.receivers_for(None)) == []
    assert list(signals.initialized.receivers_for(None)) == []


def test_the_files_are_written_with_every_chapter_page_guide_and_region_page(tmp_path, caplog):
    chapter = item("guide/a/", date=(2026, 11, 1), modified=(2026, 11, 20))
    about = item("about/", date=(2026, 10, 1))
    get_help = item("get-help/", date=(2026, 9, 1), modified=(2026, 11, 5))
    generator = SimpleNamespace(
        settings={"SITEURL": SITE},
        output_path=str(tmp_path),
        context={
            "articles": [chapter],
            "pages": [about],
            "whole_guide": SimpleNamespace(url="guide/all/"),
            "region_pages": [SimpleNamespace(url="get-help/ie/", page=get_help)],
        },
    )
    with caplog.at_level("INFO", logger="sitebuild.hosting"):
        hosting.write_host_files(generator, writer=None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_headers", "robots.txt", "sitemap.xml"]
    root = ElementTree.parse(tmp_path / "sitemap.xml").getroot()
    days = {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
            for u in root.findall("s:url", NS)}  # fmt: skip
    assert days == {
        f"{SITE}/": "2026-11-20",
        f"{SITE}/guide/all/": "2026-11-20",
        f"{SITE}/guide/a/": "2026-11-20",
        f"{SITE}/about/": "2026-10-01",
        f"{SITE}/get-help/ie/": "2026-11-05",
    }
    assert [r.getMessage() for r in caplog.records] == [
        f"hosting: wrote {tmp_path / name}" for name in ("_headers", "robots.txt", "sitemap.xml")
    ]


def test_without_pages_or_a_whole_guide_only_the_chapters_are_listed(tmp_path):
    generator = SimpleNamespace(
        settings={"SITEURL": SITE, "HOSTING_HEADERS_FILE": False, "HOSTING_ROBOTS": False},
        output_path=str(tmp_path),
        context={"articles": [item("guide/a/", date=(2026, 11, 1))]},
    )
    hosting.write_host_files(generator)
    assert [p.name for p in tmp_path.iterdir()] == ["sitemap.xml"]
    text = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert text.count("<url>") == 2
