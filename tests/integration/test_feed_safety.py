"""Feeds carry the safety content: the real site built with the production settings.

Every entry of the Atom feed starts with the disclaimer's banner text (the
strong form where the chapter asks for it) and a "Get help now" link to the
Get help now page; a build whose feed entry lacks them fails.
"""

import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_build
from lxml import etree, html

from plugins.disclaimer import parse_disclaimer
from sitebuild.build import build

SITEURL = "https://guide.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
GET_HELP = f"{SITEURL}/get-help/"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("production") / "output"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITEURL", SITEURL)
        result = run_build(ROOT / "publishconf.py", output)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="module")
def texts():
    path = ROOT / "content" / "pages" / "disclaimer.md"
    return parse_disclaimer(path.read_text(encoding="utf-8"), str(path)).texts


def entries(feed):
    root = etree.parse(str(feed)).getroot()
    return {entry.findtext(f"{ATOM}title"): entry for entry in root.iter(f"{ATOM}entry")}


def first_element(body):
    return html.fragments_fromstring(body)[0]


def strong_chapters():
    chapters = sorted((ROOT / "content" / "chapters").glob("*.md"))
    titles = set()
    for path in chapters:
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        if re.search(r"^Disclaimer:\s*strong\s*$", head, re.MULTILINE | re.IGNORECASE):
            titles.add(re.search(r"^Title:\s*(.+)$", head, re.MULTILINE).group(1).strip())
    return titles


def test_every_entry_starts_with_the_disclaimer_and_the_get_help_link(site, texts):
    found = entries(site / "feeds" / "all.atom.xml")
    # guide/all/ is the whole guide on one page, not a chapter of the feed.
    chapters = [p for p in (site / "guide").glob("*/index.html") if p.parent.name != "all"]
    assert len(found) == len(chapters) > 0
    strong = strong_chapters()
    assert strong, "the real guide has a chapter with the strong disclaimer"
    for title, entry in found.items():
        variant = "strong" if title in strong else "standard"
        bodies = [entry.findtext(f"{ATOM}content"), entry.findtext(f"{ATOM}summary")]
        assert all(bodies), title
        for body in bodies:
            first = first_element(body)
            assert first.get("class") == "feed-safety", title
            paragraphs = first.findall("p")
            assert paragraphs[0].text.strip() == texts[variant], title
            assert [(a.get("href"), a.text) for a in first.iter("a")] == [
                (f"{SITEURL}/disclaimer/", "Read the full disclaimer"),
                (GET_HELP, f"Get help now: {GET_HELP}"),
            ], title


def test_the_feed_links_to_the_built_get_help_and_disclaimer_pages(site):
    page = BeautifulSoup((site / "get-help" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert page.find("link", rel="canonical")["href"] == GET_HELP
    assert (site / "disclaimer" / "index.html").is_file()


def test_an_entry_that_lost_its_safety_content_fails_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", SITEURL)
    output = tmp_path / "output"
    result = run_build(FIXTURES / "feed_without_safety" / "settings.py", output)
    assert result.returncode == 1
    problems = [line.strip() for line in result.stderr.splitlines() if "ERROR:" in line]
    assert len(problems) == 1, result.stderr
    assert re.fullmatch(
        r"ERROR: feeds/all\.atom\.xml:\d+: the feed entry 'Keeping going' does not start "
        r"with the disclaimer and the 'Get help now: https://guide\.example\.org/get-help/' "
        r"link\. The feed_safety plugin puts them at the top of every entry when the feed "
        r"is generated; a plugin that rewrites feed entries must come before "
        r"plugins\.feed_safety in PLUGINS and keep them\.",
        problems[0],
    ), problems[0]
    assert not output.exists()


def test_feeds_without_an_absolute_siteurl_are_refused(tmp_path):
    result = build(
        FIXTURES / "mini_site" / "settings.py",
        tmp_path / "output",
        overrides={
            "FEED_ALL_ATOM": "feeds/all.atom.xml",
            "PLUGINS": [
                "plugins.disclaimer",
                "plugins.crisis_help",
                "plugins.site_audit",
                "plugins.feed_safety",
            ],
        },
    )
    # Pelican warns too ("Feeds generated without SITEURL ..."); this says what to do.
    assert (
        "tests/fixtures/mini_site/settings.py: feeds are switched on, but SITEURL is not an "
        "absolute address, so feed entries could not link to the Get help now page. Switch "
        "feeds on only in publishconf.py, which sets SITEURL."
    ) in [str(problem) for problem in result.problems]
    assert not (tmp_path / "output").exists()
