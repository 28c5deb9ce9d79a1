"""The whole guide's pieces: links, ids, and chapters converted with one citation numbering."""

from types import SimpleNamespace

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from plugins.citations import (
    CitationsExtension,
    ContinuedCitations,
    RecordMismatch,
    citation_groups,
    load_library,
)
from plugins.furniture import FurnitureExtension, read_record
from plugins.whole_guide import fill, prepare, rewrite_href
from plugins.whole_guide.plugin import (
    WholeChapter,
    disclaimer_variant,
    prepared_chapters,
    site_root,
)
from plugins.whole_guide.render import MARKER

BIB = ROOT / "tests" / "fixtures" / "citations_site" / "unit.bib"

CHAPTER_URLS = {"guide/one/": "one", "guide/two/": "two"}


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        (f"{MARKER}/guide/two/", "#two"),
        (f"{MARKER}/guide/one/", "#one"),
        # A heading of another chapter: its id starts with that chapter's slug.
        (f"{MARKER}/guide/two/#why-it-helps", "#two-why-it-helps"),
        # Within the chapter: to one of its own ids.
        ("#why-it-helps", "#one-why-it-helps"),
        ("#fn:1", "#one-fn:1"),
    ],
)
def test_links_to_chapters_lead_into_the_page(href, expected):
    assert rewrite_href(href, "one", {"why-it-helps", "fn:1"}, CHAPTER_URLS) == expected


@pytest.mark.parametrize(
    "href",
    [
        "https://example.org/",
        "#cite-ref-1",
        "#not-an-id-here",
        "../x/",
        f"{MARKER}/get-help/",
        f"{MARKER}/guide/nine/",
    ],
)
def test_other_links_are_left_alone(href):
    # MARKER stays, for prepare() to turn into the site's root.
    assert rewrite_href(href, "one", {"why-it-helps"}, CHAPTER_URLS) == href


def test_ids_start_with_the_chapters_slug():
    prepared = prepare(
        '<h2 id="the-widest-view">The widest view</h2>', (), "why-movement-helps", {}, ".."
    )
    assert prepared.html == ('<h3 id="why-movement-helps-the-widest-view">The widest view</h3>')


def test_a_chapter_with_an_image_of_over_ten_megabytes_inline_is_kept_whole():
    image = "data:image/png;base64," + "A" * 11_000_000
    prepared = prepare(
        f'<p><img alt="A chart" src="{image}"></p>\n<h2 id="after">After</h2>', (), "one", {}, ".."
    )
    assert (
        prepared.html == f'<p><img alt="A chart" src="{image}"></p>\n<h3 id="one-after">After</h3>'
    )


def test_site_root_is_relative_to_the_page_or_the_absolute_siteurl():
    assert site_root({"RELATIVE_URLS": True}, "guide/all/index.html") == "../.."
    settings = {"RELATIVE_URLS": False, "SITEURL": "https://guide.example.org"}
    assert site_root(settings, "guide/all/index.html") == "https://guide.example.org"


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


SETTINGS = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"toc_depth": "2-3"},
        "markdown.extensions.admonition": {},
    },
    "output_format": "html5",
}
# Pelican's link replacement, as it writes the chapters' links when given
# MARKER as the SITEURL (plugins/whole_guide/render.py's chapter_html).
PELICAN_LINKS = {
    "{filename}02-two.md": f"{MARKER}/guide/two/",
    "{filename}01-one.md": f"{MARKER}/guide/one/",
    "{filename}/pages/get-help.md": f"{MARKER}/get-help/",
}


def own_page(text, library):
    """One chapter as its own page has it: (HTML, key points, citation groups)."""
    md = markdown.Markdown(
        extensions=[*SETTINGS["extension_configs"], CitationsExtension(library)]
        + [FurnitureExtension(30, [])],
        extension_configs=SETTINGS["extension_configs"],
        output_format="html5",
    )
    html = md.convert(text)
    for mark, url in PELICAN_LINKS.items():
        html = html.replace(f'href="{mark}', f'href="{url}')
    metadata = {key: value[0] for key, value in md.Meta.items()}
    return html, read_record(metadata)["key_points"], citation_groups(metadata)


@pytest.fixture
def converted():
    library = load_library(str(BIB))
    citations = ContinuedCitations(library)
    parts = []
    for slug, text in (("one", CHAPTER_ONE), ("two", CHAPTER_TWO)):
        html, points, groups = own_page(text, library)
        prepared = prepare(html, points, slug, CHAPTER_URLS, "../..")
        html, points = fill(prepared, groups, citations.number(groups))
        parts.append(SimpleNamespace(html=html, key_points=points))
    return parts, citations


def test_the_site_extension_gives_the_continued_numbering_its_library():
    library = load_library(str(BIB))
    site = CitationsExtension(library, heading="Sources")
    continued = ContinuedCitations.from_markdown_settings(
        {"extensions": ["markdown.extensions.toc", site]}
    )
    assert continued.library is library and continued.heading == "Sources"
    assert ContinuedCitations.from_markdown_settings({"extensions": []}) is None


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


def test_a_chapter_unchanged_since_the_last_build_is_not_fitted_again(monkeypatch):
    from plugins.whole_guide import plugin

    fitted = []
    real = plugin.prepare

    def counting(*args):
        fitted.append(args[2])
        return real(*args)

    monkeypatch.setattr(plugin, "prepare", counting)
    monkeypatch.setitem(plugin._prepared, "links", None)

    def chapter(slug, html):
        return SimpleNamespace(
            source_path=f"/c/{slug}.md",
            slug=slug,
            url=f"guide/{slug}/",
            key_points=[],
            _content=html,
            get_content=lambda siteurl: html,
        )

    one, two = chapter("one", "<p>one</p>"), chapter("two", "<p>two</p>")
    first = prepared_chapters([one, two], "../..")
    assert fitted == ["one", "two"]
    again = prepared_chapters([one, two], "../..")
    assert fitted == ["one", "two"] and again[0] is first[0] and again[1] is first[1]
    # A chapter whose own page changed is fitted again, and only it.
    edited = chapter("two", "<p>edited</p>")
    prepared_chapters([one, edited], "../..")
    assert fitted == ["one", "two", "two"]
    # New link targets (another chapter, a new URL) fit every chapter again.
    prepared_chapters([one, edited, chapter("three", "<p>3</p>")], "../..")
    assert fitted == ["one", "two", "two", "one", "two", "three"]
    del fitted[:]
    # So do new targets elsewhere: a page or a static file moved.
    three = chapter("three", "<p>3</p>")
    prepared_chapters([one, edited, three], "../..", ((("pages/a.md", "a/"),), ()))
    assert fitted == ["one", "two", "three"]
    prepared_chapters([one, edited, three], "../..", ((("pages/a.md", "a/"),), ()))
    assert fitted == ["one", "two", "three"]


def test_link_targets_are_the_other_contents_urls_and_the_url_settings():
    from plugins.whole_guide.plugin import link_targets

    chapter = SimpleNamespace(url="guide/one/")
    context = {
        "generated_content": {"chapters/one.md": chapter, "get-help.md": SimpleNamespace(url="h/")},
        "static_content": {"images/a.png": SimpleNamespace(url="images/a.png")},
    }
    settings = {"TAG_URL": "tag/{slug}/", "TAG_SAVE_AS": "", "SITENAME": "Guide", "PATH": "c"}
    urls, forms = link_targets(context, settings, [chapter])
    assert urls == (("get-help.md", "h/"), ("images/a.png", "images/a.png"))
    assert forms == (("TAG_SAVE_AS", ""), ("TAG_URL", "tag/{slug}/"))
    assert link_targets({}, {}, []) == ((), ())


def test_a_source_pelican_could_not_read_is_no_link_target():
    from plugins.whole_guide.plugin import link_targets

    context = {"generated_content": {"chapters/two.md": None, "a.md": SimpleNamespace(url="a/")}}
    assert link_targets(context, {}, []) == ((("a.md", "a/"),), ())


def test_a_record_that_does_not_match_the_html_is_an_error():
    library = load_library(str(BIB))
    html, points, groups = own_page(CHAPTER_ONE, library)
    prepared = prepare(html, points, "one", CHAPTER_URLS, "../..")
    message = f"the HTML has {len(groups)} citations and the record {len(groups) - 1}"
    with pytest.raises(RecordMismatch, match=message):
        fill(prepared, groups[:-1], ContinuedCitations(library).number(groups[:-1]))


def test_chapters_whose_citations_are_unchanged_are_not_numbered_again(monkeypatch):
    from plugins.whole_guide import plugin

    monkeypatch.setitem(plugin._numbered, "library", None)
    library = load_library(str(BIB))
    one = [[[["alpha2020", "", "", ""]], None]]
    two = [[[["beta2021", "", "", ""]], None], [[["alpha2020", "", "", ""]], None]]

    def build(*all_groups):
        citations = ContinuedCitations(library)
        numbered = []
        real = citations.number

        def counting(groups):
            numbered.append(groups)
            return real(groups)

        citations.number = counting
        return plugin.numbered_chapters(list(all_groups), citations), numbered

    (first, references, cited), numbered = build(one, two)
    assert numbered == [one, two] and cited == ["alpha2020", "beta2021"]
    # A text edit: the same groups everywhere, so nothing is numbered.
    (again, references_again, cited_again), numbered = build(one, two)
    assert numbered == [] and again == first and references_again == references
    assert cited_again == cited
    # The second chapter cites something new: the first is numbered again
    # only to go on from it, and the page's list follows.
    three = [*two, [[["gamma2022", "", "", ""]], None]]
    (edited, references, cited), numbered = build(one, three)
    assert numbered == [one, three] and edited[0] == first[0]
    assert cited == ["alpha2020", "beta2021", "gamma2022"] and "cite-ref-3" in references


def test_a_chapter_keeps_its_markup_with_ids_links_and_files_fitted_to_the_page():
    html = (
        '<h2 id="why">Why</h2>\n'
        '<p>Text<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>, '
        '<a href="#why">here</a>, <a href="#elsewhere">gone</a>, '
        f'<a href="{MARKER}/guide/two/#how">two</a>, '
        f'<img alt="A walk" src="{MARKER}/images/walk.png"> &amp; &lt;tag&gt; caf\u00e9</p>\n'
        "<details><summary>More</summary><p>Hidden</p></details>\n"
        '<pre><code>id="x" &lt;b&gt; a  b\n  indented</code></pre>\n'
        '<div class="footnote"><hr><ol><li id="fn:1"><p>Note '
        '<a class="footnote-backref" href="#fnref:1">\u21a9</a></p></li></ol></div>'
    )
    fitted = prepare(html, (), "one", CHAPTER_URLS, "../..").html
    assert fitted == (
        '<h3 id="one-why">Why</h3>\n'
        '<p>Text<sup id="one-fnref:1"><a class="footnote-ref" href="#one-fn:1">1</a></sup>, '
        '<a href="#one-why">here</a>, <a href="#elsewhere">gone</a>, '
        '<a href="#two-how">two</a>, '
        '<img alt="A walk" src="../../images/walk.png"> &amp; &lt;tag&gt; caf\u00e9</p>\n'
        "<details><summary>More</summary><p>Hidden</p></details>\n"
        # Code is text: an "id=" in it is not an id.
        '<pre><code>id="x" &lt;b&gt; a  b\n  indented</code></pre>\n'
        '<div class="footnote"><hr><ol><li id="one-fn:1"><p>Note '
        '<a class="footnote-backref" href="#one-fnref:1">\u21a9</a></p></li></ol></div>'
    )


def test_the_chapters_html_is_taken_with_the_marker_as_siteurl():
    from plugins.whole_guide.render import chapter_html

    chapter = SimpleNamespace(get_content=lambda siteurl: f"<a href='{siteurl}/x/'>x</a>")
    assert chapter_html(chapter) == f"<a href='{MARKER}/x/'>x</a>"


def test_headings_after_a_comment_move_down_and_the_deepest_stays_h6():
    html = "<!-- a note -->\n<h5 id='a'>A</h5><h6 id='b'>B</h6>"
    assert prepare(html, (), "one", {}, "..").html == (
        '<!-- a note -->\n<h6 id="one-a">A</h6><h6 id="one-b">B</h6>'
    )


def test_key_points_get_the_chapters_ids_and_links_too():
    points = ('Walk <a href="#why">why</a><span id="why"></span>',)
    prepared = prepare("<p>x</p>", points, "one", {}, "..")
    assert prepared.key_points == ('Walk <a href="#one-why">why</a><span id="one-why"></span>',)


def test_a_chapter_whose_key_points_changed_is_fitted_again(monkeypatch):
    from plugins.whole_guide import plugin

    monkeypatch.setitem(plugin._prepared, "links", None)

    def chapter(points):
        return SimpleNamespace(
            source_path="/c/one.md",
            slug="one",
            url="guide/one/",
            key_points=points,
            _content="<p>one</p>",
            get_content=lambda siteurl: "<p>one</p>",
        )

    (first,) = plugin.prepared_chapters([chapter(["Old point."])], "..")
    (again,) = plugin.prepared_chapters([chapter(["New point."])], "..")
    assert first.key_points == ("Old point.",) and again.key_points == ("New point.",)


def test_without_the_citations_extension_nothing_is_numbered():
    assert plugin_numbered([[], []], None) == ([{}, {}], "", [])


def plugin_numbered(all_groups, citations):
    from plugins.whole_guide import plugin

    return plugin.numbered_chapters(all_groups, citations)


def test_a_chapter_without_a_citations_record_has_no_groups():
    assert citation_groups({}) == []
    assert citation_groups({"citations": '{"cited": [], "problems": []}'}) == []


def test_settings_without_extensions_have_no_continued_citations():
    assert ContinuedCitations.from_markdown_settings({}) is None


def test_a_new_library_numbers_every_chapter_again(monkeypatch):
    from plugins.whole_guide import plugin

    monkeypatch.setitem(plugin._numbered, "library", None)
    groups = [[[[["alpha2020", "", "", ""]], None]]]
    plugin.numbered_chapters(groups, ContinuedCitations(load_library(str(BIB))))
    again = ContinuedCitations(load_library(str(BIB)))  # the .bib changed: a new Library
    plugin.numbered_chapters(groups, again)
    assert again.sequence.numbering.keys == ["alpha2020"]


def test_without_siteurl_the_root_is_the_sites_own():
    assert site_root({"RELATIVE_URLS": False}, "guide/all/index.html") == ""


def test_links_to_chapters_in_key_points_and_between_chapters_stay_in_the_page(monkeypatch):
    from plugins.whole_guide import plugin

    monkeypatch.setitem(plugin._prepared, "links", None)
    one = SimpleNamespace(
        source_path="/c/one.md",
        slug="one",
        url="guide/one/",
        _content='<p><a href="{filename}two.md">two</a></p>',
        get_content=lambda siteurl: f'<p><a href="{siteurl}/guide/two/">two</a></p>',
    )  # no key points at all
    two = SimpleNamespace(
        source_path="/c/two.md",
        slug="two",
        url="guide/two/",
        key_points=[f'See <a href="{MARKER}/guide/one/#how">one</a>'],
        _content="<p>two</p>",
        get_content=lambda siteurl: "<p>two</p>",
    )
    first, second = plugin.prepared_chapters([one, two], "..")
    assert first.html == '<p><a href="#two">two</a></p>' and first.key_points == ()
    assert second.key_points == ('See <a href="#one-how">one</a>',)
