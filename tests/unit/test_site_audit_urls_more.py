"""How site_audit maps URLs onto files: reasons, the base path, shared resolutions.

A ``Site`` made from a handful of file names, as in test_site_audit_urls.py.
Resolutions are shared between pages, so several tests resolve one URL from
two pages and check that each gets its own answer, or count how often the
real work is done.
"""

import pytest

from plugins.site_audit.urls import INTERNAL, INVALID, Site, Target, normalise_base_path

FILES = {"index.html", "about/index.html", "guide/a.html", "guide/b.html"}
DIRS = {"", "about", "guide"}


@pytest.fixture
def site():
    return Site(FILES, DIRS)


@pytest.mark.parametrize("url", ["#intro", "", "?page=2#intro"])
def test_a_link_to_the_page_itself_names_the_page_as_wanted(site, url):
    fragment = "intro" if url else ""
    assert site.resolve("guide/a.html", url) == Target(
        INTERNAL, path="guide/a.html", wanted="guide/a.html", fragment=fragment
    )


@pytest.mark.parametrize("url", ["#intro", "", "?page=2"])
def test_a_link_to_the_page_itself_means_each_page_in_one_folder(site, url):
    assert site.resolve("guide/a.html", url).path == "guide/a.html"
    assert site.resolve("guide/b.html", url).path == "guide/b.html"


def test_two_query_strings_on_one_page_are_told_apart(site):
    assert site.resolve("guide/a.html", "?x").path == "guide/a.html"
    assert site.resolve("about/index.html", "?y").path == "about/index.html"


def test_climbing_one_folder_from_two_folders_leads_to_two_places():
    site = Site({"a/x/index.html", "c/x/index.html"}, {"", "a", "c", "a/x", "c/x"})
    assert site.resolve("a/b/index.html", "../x/").path == "a/x/index.html"
    assert site.resolve("c/d/index.html", "../x/").path == "c/x/index.html"


def test_a_climb_removes_exactly_the_dots(site):
    assert site.resolve("guide/sub/index.html", "../ab/").wanted == "guide/ab/index.html"
    assert site.resolve("guide/index.html", "b/").wanted == "guide/b/index.html"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("guide/a.html", "../about/"), ("guide/b.html", "../about/")),
        (("guide/sub/a.html", "../x.html"), ("guide/b.html", "x.html")),
        (("guide/a.html", "/about/"), ("about/index.html", "/about/")),
    ],
)
def test_a_url_naming_one_file_is_resolved_once(site, monkeypatch, first, second):
    calls = []
    real = site._resolve
    monkeypatch.setattr(site, "_resolve", lambda page, url: calls.append(url) or real(page, url))
    assert site.resolve(*first) == site.resolve(*second)
    assert calls == [first[1]]


def test_the_sites_own_address_without_a_path_is_its_home_page():
    site = Site(FILES, DIRS, site_url="https://guide.example.org")
    assert site.resolve("guide/a.html", "https://guide.example.org").path == "index.html"


@pytest.mark.parametrize(
    ("page", "url", "reason"),
    [
        (
            "guide/a.html",
            "javascript:void(0)",
            "javascript: URL, which a strict Content-Security-Policy blocks",
        ),
        ("guide/a.html", "../../x.html", "URL pointing outside the output directory"),
        ("index.html", "..", "URL pointing outside the output directory"),
        ("guide/a.html", "../..", "URL pointing outside the output directory"),
    ],
)
def test_invalid_urls_say_why(site, page, url, reason):
    assert site.resolve(page, url) == Target(INVALID, reason=reason)


@pytest.mark.parametrize(
    ("base_path", "site_url", "expected"),
    [
        ("", "https://example.org/mood/", "/mood/"),
        (None, "https://example.org/mood", "/mood/"),
        ("/mood", "https://example.org/other/", "/mood/"),
        ("/", "https://example.org/X/", "/X/"),
        ("/", "https://example.org/", "/"),
    ],
)
def test_a_base_path_given_wins_and_else_the_site_urls_path_is_used(base_path, site_url, expected):
    assert Site(FILES, DIRS, base_path=base_path, site_url=site_url).base_path == expected


@pytest.mark.parametrize(("given", "expected"), [("X", "/X/"), ("/X/", "/X/"), ("/a/X", "/a/X/")])
def test_normalise_base_path_strips_only_slashes(given, expected):
    assert normalise_base_path(given) == expected
