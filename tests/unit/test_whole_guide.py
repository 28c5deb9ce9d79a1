"""The whole guide's pieces: links, ids, and chapters converted with one citation numbering."""

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from plugins.citations import CitationsExtension, load_library
from plugins.furniture import FurnitureExtension
from plugins.whole_guide import Target, markdown_for, prefixed_slugify, render_chapter, rewrite_href
from plugins.whole_guide.plugin import WholeChapter, disclaimer_variant, link_targets, site_root
from plugins.whole_guide.render import WholeGuideLinks, continued_citations

BIB = ROOT / "tests" / "fixtures" / "citations_site" / "unit.bib"

TARGETS = {
    "chapters/01-one.md": Target(anchor="one"),
    "chapters/02-two.md": Target(anchor="two"),
    "pages/get-help.md": Target(url="../../get-help/"),
}


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("{filename}/chapters/02-two.md", "#two"),
        ("{filename}02-two.md", "#two"),
        ("{filename}../chapters/02-two.md", "#two"),
        ("|filename|/chapters/01-one.md", "#one"),
        # A heading of another chapter: its id starts with that chapter's slug.
        ("{filename}/chapters/02-two.md#why-it-helps", "#two-why-it-helps"),
        ("{filename}/pages/get-help.md", "../../get-help/"),
        ("{filename}../pages/get-help.md#uk", "../../get-help/#uk"),
    ],
)
def test_filename_links_lead_into_the_page_or_to_the_other_page(href, expected):
    assert rewrite_href(href, "chapters", TARGETS) == expected


@pytest.mark.parametrize(
    "href", ["https://example.org/", "#cite-ref-1", "../x/", "{filename}/chapters/09-none.md"]
)
def test_other_links_are_left_alone(href):
    assert rewrite_href(href, "chapters", TARGETS) is None


def test_ids_start_with_the_chapters_slug():
    slugify = prefixed_slugify("why-movement-helps")
    assert slugify("The widest view", "-") == "why-movement-helps-the-widest-view"


def test_site_root_is_relative_to_the_page_or_the_absolute_siteurl():
    assert site_root({"RELATIVE_URLS": True}, "guide/all/index.html") == "../.."
    settings = {"RELATIVE_URLS": False, "SITEURL": "https://guide.example.org"}
    assert site_root(settings, "guide/all/index.html") == "https://guide.example.org"


def test_link_targets_name_chapters_by_slug_and_pages_by_url(tmp_path):
    def content(path, url, slug=""):
        return SimpleNamespace(source_path=str(tmp_path / path), url=url, slug=slug)

    one = content("chapters/01-one.md", "guide/one/", "one")
    help_page = content("pages/get-help.md", "get-help/")
    generated = {"a": one, "b": help_page, "c": SimpleNamespace(source_path=None)}
    assert link_targets(generated, [one], "../..", str(tmp_path)) == {
        "chapters/01-one.md": Target(anchor="one"),
        "pages/get-help.md": Target(url="../../get-help/"),
    }


@pytest.mark.parametrize(
    ("values", "expected"),
    [([None, None], "standard"), ([None, "strong"], "strong"), (["off"], "strong")],
)
def test_the_page_takes_the_strongest_disclaimer_its_chapters_ask_for(values, expected):
    chapters = [
        SimpleNamespace(metadata={"disclaimer": value} if value else {}) for value in values
    ]
    assert disclaimer_variant(chapters) == expected


def test_a_whole_chapter_reads_like_its_article_with_its_own_ids():
    article = SimpleNamespace(slug="one", title="One", order=1, key_points=["old"])
    part = WholeChapter(article, "<p>x</p>", ["new"])
    assert (part.title, part.order, part.id_prefix) == ("One", 1, "one-")
    # The key points are the ones converted with the page's numbering.
    assert part.key_points == ["new"]


CHAPTER_ONE = """Title: One
Slug: one

## In short

- Movement helps [@alpha2020].
- Start small.

## Why it helps

Text [@beta2021]. See [chapter two]({filename}02-two.md#why-it-helps)
and [help]({filename}/pages/get-help.md).

!!! urgent "Get help today"
    Call your doctor.
"""

CHAPTER_TWO = """Title: Two
Slug: two

## In short

- Be gentle [@beta2021].
- Rest is fine.

## Why it helps

Again [@gamma2022] and [@alpha2020]. Back to [one]({filename}01-one.md).
"""


@pytest.fixture
def converted():
    library = load_library(str(BIB))
    settings = {
        "extension_configs": {
            "markdown.extensions.extra": {},
            "markdown.extensions.meta": {},
            "markdown.extensions.toc": {"toc_depth": "2-3"},
            "markdown.extensions.admonition": {},
        },
        "extensions": [CitationsExtension(library), FurnitureExtension(30, [])],
        "output_format": "html5",
    }
    citations = continued_citations(settings)
    parts = []
    for slug, text in (("one", CHAPTER_ONE), ("two", CHAPTER_TWO)):
        md = markdown_for(settings, citations, slug, WholeGuideLinks("chapters", TARGETS))
        parts.append(render_chapter(text, md))
    return parts, citations


def test_the_site_extension_is_replaced_by_a_continued_one():
    library = load_library(str(BIB))
    site = CitationsExtension(library, heading="Sources")
    continued = continued_citations({"extensions": ["markdown.extensions.toc", site]})
    assert continued is not site and continued.continued and continued.heading == "Sources"
    assert continued_citations({"extensions": []}) is None


def test_chapters_share_one_numbering_and_one_references_list(converted):
    (one, two), citations = converted
    numbers = [
        [a.get_text() for a in BeautifulSoup(html, "lxml").select("a.citations-ref")]
        for html in (*one.key_points, one.html, *two.key_points, two.html)
    ]
    assert numbers == [["1"], [], ["2"], ["2"], [], ["3", "1"]]
    assert "cite-references" not in one.html + two.html
    references = BeautifulSoup(citations.references_html(), "lxml")
    assert [li["id"] for li in references.select("li")] == [
        "cite-ref-1",
        "cite-ref-2",
        "cite-ref-3",
    ]


def test_each_chapter_keeps_its_key_points_and_its_headings_move_down_a_level(converted):
    (one, two), _ = converted
    assert len(one.key_points) == 2 and len(two.key_points) == 2
    assert "In short" not in one.html and "Start small" not in one.html
    headings = BeautifulSoup(one.html + two.html, "lxml").select("h3")
    assert [h["id"] for h in headings] == ["one-why-it-helps", "two-why-it-helps"]
    # The care card's heading sits below its section's heading.
    assert BeautifulSoup(one.html, "lxml").select_one(".care-card__heading").name == "h4"


def test_ids_are_unique_across_the_chapters(converted):
    (one, two), citations = converted
    page = BeautifulSoup(
        "".join((*one.key_points, one.html, *two.key_points, two.html))
        + citations.references_html(),
        "lxml",
    )
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids)), ids
    # Every back-link of the References lands on a citation of the page.
    for link in page.select(".citations-backlinks a"):
        assert page.find(id=link["href"][1:]) is not None, link["href"]


def test_filename_links_are_rewritten_for_the_page(converted):
    (one, two), _ = converted
    assert 'href="#two-why-it-helps"' in one.html
    assert 'href="../../get-help/"' in one.html
    assert 'href="#one"' in two.html
    assert "{filename}" not in one.html + two.html


def test_a_chapter_unchanged_since_the_last_build_is_not_converted_again(tmp_path):
    from plugins.whole_guide.plugin import convert

    library = load_library(str(BIB))
    settings = {
        "extension_configs": {"markdown.extensions.meta": {}, "markdown.extensions.toc": {}},
        "extensions": [CitationsExtension(library)],
    }
    source = tmp_path / "01-one.md"
    source.write_text("Title: One\n\nText [@alpha2020] and [@beta2021].\n", "utf-8")
    chapter = SimpleNamespace(source_path=str(source), slug="one", content="<p>own</p>")
    made = []

    def make_markdown(citations):
        made.append(1)
        return markdown_for(settings, citations, "one", WholeGuideLinks("chapters", {}))

    def build(kept, content="<p>own</p>"):
        citations = continued_citations(settings)
        chapter.content = content
        fresh = {}
        rendered = convert(
            chapter, "chapters", citations, (), lambda: make_markdown(citations), kept, fresh
        )
        return rendered, citations, fresh

    first, citations, kept = build({})
    again, resumed, _ = build(kept)
    assert len(made) == 1 and again is first
    # The numbering goes on from where the converted chapter left it.
    assert resumed.numbering_state() == citations.numbering_state()
    assert "cite-ref-2" in resumed.references_html()
    # A chapter whose own page changed is converted again.
    build(kept, content="<p>edited</p>")
    assert len(made) == 2
