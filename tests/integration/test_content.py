"""Guards on the guide itself: chapters' metadata, order and citations, pages, references.

Nothing here depends on today's date: a draft, or a review that has fallen
due, is a warning from `invoke check`, not a test failure.
"""

import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from markdown import Markdown

from guidelib import field_lines, relative
from plugins.chapters import check_chapter, parse_date, parse_ids
from plugins.citations import load_library
from plugins.editorial import derive_review, load_registry

CONTENT = ROOT / "content"
CHAPTERS = sorted((CONTENT / "chapters").glob("*.md"))
CITATION_KEY = re.compile(r"(?<![\w.])@([A-Za-z][\w:-]*\d{4}[a-z]?)")
WORDS_MIN, WORDS_MAX = 500, 1200


def body(path):
    text = path.read_text(encoding="utf-8")
    return text.split("\n\n", 1)[1]


def front_matter(path):
    """A chapter's front matter as {lower-case field: text}, read as Pelican reads it."""
    parser = Markdown(extensions=["markdown.extensions.meta"])
    parser.convert(path.read_text(encoding="utf-8"))
    return {name: "\n".join(value) for name, value in parser.Meta.items()}


@pytest.fixture(scope="module")
def registry():
    return load_registry(CONTENT / "data" / "editorial.yaml")


@pytest.fixture(scope="module")
def library():
    return load_library(str(CONTENT / "references.bib"))


def test_there_are_eight_chapters_numbered_one_to_eight_without_gaps():
    orders = sorted(int(front_matter(path)["order"]) for path in CHAPTERS)
    assert orders == list(range(1, 9))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_front_matter_is_complete_and_reviews_are_in_order(path):
    text = path.read_text(encoding="utf-8")
    raw = front_matter(path)
    assert check_chapter(raw, field_lines(text), relative(path)) == []
    if "reviewed" in raw:
        assert parse_date(raw["next_review"]) > parse_date(raw["reviewed"])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_chapter_names_a_person_missing_from_the_registry(path, registry):
    raw = front_matter(path)
    review = derive_review(
        registry,
        path=relative(path),
        lines=field_lines(path.read_text(encoding="utf-8")),
        authors=parse_ids(raw["authors"]),
        reviewers=parse_ids(raw.get("reviewers", "")),
        reviewed=None,
        next_review=None,
        today=None,
    )
    assert review.problems == []
    assert review.authors


def test_while_nobody_reviews_the_guide_every_chapter_says_it_is_a_draft(real_site, registry):
    pages = sorted((real_site / "guide").glob("*/index.html"))
    assert len(pages) == 8
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        status = soup.find(id="review-status")
        if not registry.reviewers:
            assert status["data-review-status"] == "draft", page
            assert "has not yet been reviewed by a clinician" in status.get_text(), page


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
        for phrase in (
            "successful attempt",
            "failed attempt",
            "commit suicide",
            "committed suicide",
        ):
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
