"""How site_audit maps URLs in built pages onto files, like a static host."""

import pytest

from plugins.site_audit.urls import EXTERNAL, INTERNAL, INVALID, OTHER, Site, normalise_base_path

FILES = {
    "index.html",
    "404.html",
    "guide/first/index.html",
    "about/index.html",
    "tag/café/index.html",
    "theme/css/site.css",
    "feeds/all.atom.xml",
}
DIRS = {"", "guide", "guide/first", "about", "tag", "tag/café", "theme", "theme/css", "feeds"}
PAGE = "guide/first/index.html"


@pytest.fixture
def site():
    return Site(FILES, DIRS)


@pytest.mark.parametrize(
    ("url", "path", "fragment"),
    [
        ("../../about/", "about/index.html", ""),
        ("../../about", "about/index.html", ""),
        ("../../about/index.html", "about/index.html", ""),
        ("/about/", "about/index.html", ""),
        ("/", "index.html", ""),
        ("../../", "index.html", ""),
        ("", PAGE, ""),
        ("#intro", PAGE, "intro"),
        ("?page=2#intro", PAGE, "intro"),
        ("./", PAGE, ""),
        ("../../tag/caf%C3%A9/", "tag/café/index.html", ""),
        ("/theme/css/site.css?v=3", "theme/css/site.css", ""),
        ("../../about/#team", "about/index.html", "team"),
        (" /about/ ", "about/index.html", ""),
    ],
)
def test_internal_urls_resolve_to_files(site, url, path, fragment):
    target = site.resolve(PAGE, url)
    assert (target.kind, target.path, target.fragment) == (INTERNAL, path, fragment)


@pytest.mark.parametrize(
    ("url", "wanted"),
    [
        ("../missing/", "guide/missing/index.html"),
        ("/about/team.html", "about/team.html"),
        ("../../about/index.html/", "about/index.html/index.html"),
        ("../../About/", "About/index.html"),
    ],
)
def test_missing_files_name_the_file_that_would_have_to_exist(site, url, wanted):
    target = site.resolve(PAGE, url)
    assert (target.kind, target.path, target.wanted) == (INTERNAL, None, wanted)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://doi.org/10.1000/1", EXTERNAL),
        ("http://example.org/", EXTERNAL),
        ("//cdn.example.com/lib.js", EXTERNAL),
        ("mailto:editors@example.org", OTHER),
        ("tel:+100", OTHER),
        ("javascript:void(0)", INVALID),
        ("data:image/png;base64,AAAA", INVALID),
        ("../../../../etc/passwd", INVALID),
    ],
)
def test_other_kinds_of_url(site, url, kind):
    assert site.resolve(PAGE, url).kind == kind


def test_links_to_the_sites_own_absolute_url_are_internal():
    site = Site(FILES, DIRS, site_url="https://guide.example.org")
    assert site.resolve(PAGE, "https://guide.example.org/about/").path == "about/index.html"
    assert site.resolve(PAGE, "https://GUIDE.example.org/nope/").wanted == "nope/index.html"
    assert site.resolve(PAGE, "https://other.example.org/about/").kind == EXTERNAL


def test_a_site_under_a_sub_path_resolves_root_relative_urls_after_the_base_path():
    site = Site(FILES, DIRS, base_path="/mood")
    assert site.resolve(PAGE, "/mood/about/").path == "about/index.html"
    assert site.resolve(PAGE, "/mood").path == "index.html"
    outside = site.resolve(PAGE, "/about/")
    assert outside.kind == INVALID
    assert "/mood/" in outside.reason


def test_the_base_path_comes_from_the_site_url_when_not_given():
    site = Site(FILES, DIRS, site_url="https://example.org/mood/")
    assert site.base_path == "/mood/"
    assert site.resolve(PAGE, "https://example.org/mood/about/").path == "about/index.html"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("", "/"), ("/", "/"), ("mood", "/mood/"), ("/mood/", "/mood/"), ("/a/b", "/a/b/")],
)
def test_normalise_base_path(given, expected):
    assert normalise_base_path(given) == expected


def test_one_relative_url_resolves_for_each_page_depth(site):
    # Resolutions are shared between pages; "../../about/" must still mean
    # a different thing one folder up, and nothing at the top.
    assert site.resolve(PAGE, "../../about/").path == "about/index.html"
    assert site.resolve("guide/index.html", "../../about/").kind == INVALID
    assert site.resolve("guide/index.html", "../about/").path == "about/index.html"
    assert site.resolve("about/index.html", "../guide/first/").path == PAGE
    assert site.resolve("guide/first/index.html", "../guide/first/").path is None
