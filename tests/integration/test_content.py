"""Guards on the guide itself: chapters' metadata, order and citations, pages, references.

Nothing here depends on today's date: a review that has fallen due is a
warning from `invoke check`, not a test failure.
"""

import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from plugins.chapters import check_chapter, field_lines, parse_date
from plugins.chapters.front_matter import read_front_matter
from plugins.citations import load_library

CONTENT = ROOT / "content"
CHAPTERS = sorted((CONTENT / "chapters").glob("*.md"))
CITATION_KEY = re.compile(r"(?<![\w.])@([A-Za-z][\w:-]*\d{4}[a-z]?)")
WORDS_MIN, WORDS_MAX = 500, 1200


def body(path):
    text = path.read_text(encoding="utf-8")
    return text.split("\n\n", 1)[1]


@pytest.fixture(scope="module")
def library():
    return load_library(str(CONTENT / "references.bib"))


def test_there_are_eight_chapters_numbered_one_to_eight_without_gaps():
    orders = sorted(int(read_front_matter(path)["order"]) for path in CHAPTERS)
    assert orders == list(range(1, 9))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_front_matter_is_complete_and_reviews_are_in_order(path):
    text = path.read_text(encoding="utf-8")
    raw = read_front_matter(path)
    assert check_chapter(raw, field_lines(text)) == []
    assert parse_date(raw["next_review"]) > parse_date(raw["reviewed"])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_length_is_within_the_brief(path):
    words = len(body(path).split())
    assert WORDS_MIN <= words <= WORDS_MAX, words


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_cites_at_least_two_sources_that_exist(path, library):
    keys = set(CITATION_KEY.findall(body(path)))
    assert len(keys) >= 2, keys
    assert keys <= set(library.references), keys - set(library.references)


def test_every_library_entry_is_cited_somewhere(library):
    cited = set()
    for path in [*CHAPTERS, *sorted((CONTENT / "pages").glob("*.md"))]:
        cited |= set(CITATION_KEY.findall(body(path)))
    assert set(library.references) - cited == set()


def test_anxiety_source_is_only_cited_for_anxiety():
    for path in CHAPTERS:
        for paragraph in body(path).split("\n\n"):
            if "@stubbs2017" in paragraph:
                assert "anxi" in paragraph.lower(), (path.name, paragraph)


def test_suicide_wording_follows_safe_messaging():
    for path in [*CHAPTERS, *sorted((CONTENT / "pages").glob("*.md"))]:
        text = body(path).lower()
        for phrase in ("successful attempt", "failed attempt", "commit suicide",
                       "committed suicide"):
            assert phrase not in text, (path.name, phrase)


def test_the_built_guide_has_its_pages_and_a_home_page_that_offers_help(real_site):
    for slug in ("get-help", "disclaimer", "about", "privacy", "references"):
        assert (real_site / slug / "index.html").is_file(), slug
    home = BeautifulSoup((real_site / "index.html").read_text(encoding="utf-8"), "lxml")
    assert len(home.select(".intro p")) == 2
    starts = [a["href"] for a in home.select(".start-links a")]
    assert starts == ["./guide/why-movement-helps/", "./get-help/"]
    assert len(home.select("ol.chapter-list li")) == 8


def test_each_chapter_page_has_numbered_references_that_resolve(real_site):
    for page in sorted((real_site / "guide").glob("*/index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        citations = soup.select("sup a[href^='#cite-ref-']")
        assert len(citations) >= 2, page
        for link in citations:
            assert soup.find(id=link["href"][1:]), (page, link["href"])
