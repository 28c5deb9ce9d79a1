"""What site_audit finds in a single page, parsed once."""

import pytest

from plugins.site_audit import Block
from plugins.site_audit.pages import LINK, placeholder_in, refresh_url, scan_page, srcset_urls

SAFETY = (
    Block("disclaimer", "the disclaimer banner", "Keep it."),
    Block("crisis-help", "the crisis-help block", "Keep it."),
)

GOOD_HEAD = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>A page</title>"
    '<meta name="description" content="What the page is about.">'
)
GOOD_BODY = (
    '<div id="disclaimer">General information only.</div>'
    "<h1>A page</h1>{body}"
    '<aside><section id="crisis-help"><p>Call for help now.</p></section></aside>'
)


def page(body="", head=""):
    return GOOD_HEAD + head + "</head><body>" + GOOD_BODY.format(body=body) + "</body></html>"


def messages(html, path="p/index.html", blocks=SAFETY, **kwargs):
    found = scan_page(path, html.encode("utf-8"), blocks=blocks, **kwargs).problems
    return [p.message for p in found]


def test_a_complete_page_has_no_problems():
    assert messages(page("<p>Text.</p>")) == []


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            page().replace(' lang="en"', ""),
            'the <html> element has no lang attribute; add lang="en"',
        ),
        (page().replace(' lang="en"', ' lang=" "'), "the <html> element has no lang attribute"),
        (page().replace("<title>A page</title>", ""), "has 0 <title> elements"),
        (page().replace("<title>A page</title>", "<title> </title>"), "the <title> is empty"),
        (page().replace("<h1>A page</h1>", ""), "has 0 <h1> elements"),
        (page("<h1>Again</h1>"), "has 2 <h1> elements"),
        (
            page().replace('content="What the page is about."', 'content=" "'),
            'meta name="description"',
        ),
        (page().replace('id="disclaimer"', 'id="other"'), 'no element with id "disclaimer"'),
        (page().replace('id="crisis-help"', 'id="help"'), 'no element with id "crisis-help"'),
        (
            page().replace("General information only.", " "),
            'the element with id "disclaimer" is empty',
        ),
        (page().replace("<p>Call for help now.</p>", "<p> </p>"), '"crisis-help" is empty'),
    ],
)
def test_page_furniture_problems(html, expected):
    found = messages(html)
    assert len(found) == 1, found
    assert expected in found[0]


def test_duplicate_ids_are_reported_once_with_the_first_line():
    html = page('\n<p id="x">a</p>\n<p id="x">b</p>\n<p id="x">c</p>')
    (problem,) = scan_page("p.html", html.encode()).problems
    assert problem.message.startswith('duplicate id "x" (first on line 2)')
    assert problem.line == 3


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<script>alert(1)</script>", "inline <script>"),
        ('<script type="module">import "x";</script>', "inline <script>"),
        ("<style>p { color: red }</style>", "inline <style> element"),
        ('<p style="color: red">x</p>', "style= attribute on <p>"),
        ('<a href="#" onclick="go()">x</a>', "inline event handler onclick= on <a>"),
        ('<img src="/x.png" alt="" onerror="go()">', "inline event handler onerror= on <img>"),
        ('<a href="{static}/img/x.png">x</a>', "leftover Pelican placeholder {static}"),
        ('<a href="%7Bfilename%7D/pages/x.md">x</a>', "leftover Pelican placeholder {filename}"),
        ('<a href="|filename|x.md">x</a>', "leftover Pelican placeholder {filename}"),
    ],
)
def test_csp_and_placeholder_problems(body, expected):
    found = messages(page(body))
    assert len(found) == 1, found
    assert expected in found[0]


@pytest.mark.parametrize(
    "body",
    [
        '<script src="/js/menu.js"></script>',
        '<script type="application/ld+json">{"@type": "WebSite"}</script>',
        "<script></script>",
        '<a href="/x/" data-note="{curly} | pipes">x</a>',
        "<p>Write {filename} in Markdown to link to another file.</p>",
    ],
)
def test_things_that_are_allowed(body):
    assert messages(page(body)) == []


def test_references_are_collected_with_their_kind_and_line():
    html = page(
        '\n<a href="/a/" rel="noopener NoReferrer">a</a>'
        '\n<img src="i.png" srcset="i1.png 1x, i2.png 2x">'
        '\n<video src="v.mp4" poster="p.png"></video>'
        '\n<iframe src="https://example.org/"></iframe>'
        '\n<svg><use href="#icon"></use></svg>',
        head='<link rel="stylesheet" href="s.css">'
        '<link rel="stylesheet" media="print" href="pr.css">'
        '<link rel="preload" as="font" href="f.woff2"><link rel="icon" href="/favicon.ico">'
        '<link rel="alternate" href="/feed.xml"><link rel="preconnect" href="https://x.example">'
        '<meta http-equiv="refresh" content="0; url=/new/">',
    )
    refs = scan_page("p.html", html.encode()).refs
    kinds = [(ref.url, ref.kind) for ref in refs]
    assert kinds == [
        ("s.css", "stylesheet"),
        ("pr.css", "print stylesheet"),
        ("f.woff2", "font"),
        ("/favicon.ico", "icon"),
        ("/feed.xml", LINK),
        ("https://x.example", "connection"),
        ("/new/", LINK),
        ("/a/", LINK),
        ("i.png", "image"),
        ("i1.png", "image"),
        ("i2.png", "image"),
        ("v.mp4", "media"),
        ("p.png", "image"),
        ("https://example.org/", "frame"),
        ("#icon", "image"),
    ]
    assert refs[7].rel == frozenset({"noopener", "noreferrer"})
    assert refs[7].line == 2


def test_ids_include_named_anchors_and_the_no_referrer_policy_is_noticed():
    html = page(
        '<a name="old"></a><h2 id="new">x</h2>', head='<meta name="referrer" content="no-referrer">'
    )
    facts = scan_page("p.html", html.encode())
    assert {"old", "new", "disclaimer", "crisis-help"} <= facts.ids
    assert facts.no_referrer
    assert not scan_page("p.html", page().encode()).no_referrer


def test_chapter_markup_weight_leaves_out_text_and_references():
    long_text = "<p>" + "word " * 5000 + "</p>"
    references = (
        '<section id="references"><ol>' + "<li><a href='#c'>x</a></li>" * 500 + "</ol></section>"
    )
    bare = scan_page("c.html", page().encode(), chapter_exclude=("#references",)).markup_bytes
    full = scan_page(
        "c.html", page(long_text + references).encode(), chapter_exclude=("#references",)
    ).markup_bytes
    assert full == bare + len("<p></p>")
    kept = scan_page("c.html", page(references).encode(), chapter_exclude=()).markup_bytes
    assert kept > bare + 500 * len("<li><a href></a></li>")
    assert scan_page("c.html", page().encode()).markup_bytes is None


def test_class_selectors_are_left_out_of_the_weight_too():
    cites = '<a class="citation x" href="#r1">[1]</a>' * 100
    with_cites = scan_page("c.html", page(cites).encode(), chapter_exclude=(".citation",))
    without = scan_page("c.html", page().encode(), chapter_exclude=(".citation",))
    assert with_cites.markup_bytes == without.markup_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("{filename}/pages/a.md", "{filename}"),
        ("{STATIC}/x.png", "{static}"),
        ("%7battach%7d/x.pdf", "{attach}"),
        ("{index}", "{index}"),
        ("/guide/{slug}/", None),
        ("plain", None),
    ],
)
def test_placeholder_in(value, expected):
    assert placeholder_in(value) == expected


def test_srcset_and_refresh_parsing():
    assert srcset_urls("a.png 1x, b.png 2x,c.png") == ["a.png", "b.png", "c.png"]
    assert refresh_url("0; url='/new/'") == "/new/"
    assert refresh_url("5") is None


def test_scanning_leaves_the_tree_as_it_was():
    # The build scans the tree it parsed for the block check; the scan only reads it.
    from lxml import etree

    from plugins.site_audit.pages import parse_page, scan_tree

    references = '<section id="references"><p>Sources</p></section>'
    root = parse_page(page(references).encode())
    before = etree.tostring(root)
    facts = scan_tree("c.html", root, chapter_exclude=("#references",))
    assert etree.tostring(root) == before
    assert facts.markup_bytes == scan_page("c.html", page().encode(), ("#references",)).markup_bytes


def test_a_section_inside_another_left_out_is_subtracted_once():
    nested = '<section id="references"><p class="citation">x</p></section>'
    inside = scan_page("c.html", page(nested).encode(), ("#references", ".citation"))
    alone = scan_page("c.html", page().encode(), ("#references", ".citation"))
    assert inside.markup_bytes == alone.markup_bytes


def test_a_page_that_is_not_html_is_reported():
    (problem,) = scan_page("p.html", b"").problems
    assert problem.message.startswith("cannot be parsed as HTML")
