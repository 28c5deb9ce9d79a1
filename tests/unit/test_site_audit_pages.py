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


def test_what_follows_a_text_of_over_ten_megabytes_is_still_checked():
    html = page("<p>" + "word " * 2_200_000 + '</p>\n<a href="after/">After</a>')
    facts = scan_page("p.html", html.encode())
    assert [(ref.line, ref.url) for ref in facts.refs if ref.url == "after/"] == [
        (html.count("\n", 0, html.index('<a href="after/"')) + 1, "after/")
    ]


def test_a_page_that_is_not_html_is_reported():
    (problem,) = scan_page("p.html", b"").problems
    assert problem.message.startswith("cannot be parsed as HTML")


# Each problem in full: the page, the line and the whole message.


def problems_of(html, path="p/index.html", **kwargs):
    found = scan_page(path, html.encode("utf-8"), **kwargs).problems
    return [(p.path, p.line, p.message) for p in found]


def test_every_problem_of_a_page_names_the_page_its_line_and_the_fix():
    html = (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        "<title> </title>\n"
        '<meta name="description">\n'
        "<style>p {}</style>\n"
        "</head><body>\n"
        '<script src="/menu.js">go()</script>\n'
        "<script>go()</script>\n"
        '<p style="x" onclick="y" on="z">a</p>\n'
        '<a href="{static}/x.png">x</a>\n'
        '<p id="d">1</p><p id="d">2</p>\n'
        "</body></html>"
    )
    path = "p/index.html"
    assert problems_of(html, path) == [
        (path, 10, "style= attribute on <p>; move the rule to a stylesheet"),
        (path, 10, "inline event handler onclick= on <p>; move it to a script file"),
        (
            path,
            11,
            "leftover Pelican placeholder {static} in href='{static}/x.png'; "
            "the file it names does not exist or is not part of the site",
        ),
        (path, 12, 'duplicate id "d" (first on line 12); ids must be unique on a page'),
        (path, 4, "the <title> is empty"),
        (path, 6, "inline <style> element; move the rules to the site's stylesheet"),
        (
            path,
            9,
            "inline <script>; move it to a .js file so a strict "
            "Content-Security-Policy can allow it",
        ),
        (path, 2, 'the <html> element has no lang attribute; add lang="en"'),
        (path, None, "has 0 <h1> elements; a page needs exactly one"),
        (path, None, 'has no <meta name="description"> with content'),
    ]


def test_two_titles_are_counted_in_the_message():
    html = page(head="<title>Again</title>")
    assert problems_of(html) == [
        ("p/index.html", None, "has 2 <title> elements; a page needs exactly one")
    ]


def test_a_block_problem_names_the_page_and_the_line_of_the_block():
    html = (
        page()
        .replace("General information only.", " ")
        .replace('<div id="disclaimer">', '\n\n<div id="disclaimer">')
    )
    assert problems_of(html, "guide/x/index.html", blocks=SAFETY) == [
        ("guide/x/index.html", 3, 'the element with id "disclaimer" is empty')
    ]


def test_a_page_that_cannot_be_parsed_names_itself_and_why():
    assert problems_of("<!-- only a comment -->", "a/index.html") == [
        ("a/index.html", None, "cannot be parsed as HTML (it is empty)")
    ]


def test_an_attribute_named_on_alone_is_not_an_event_handler_but_any_longer_one_is():
    assert messages(page('<p on="x">a</p>')) == []
    assert messages(page('<p onx="x">a</p>')) == [
        "inline event handler onx= on <p>; move it to a script file"
    ]


def test_a_comment_in_the_page_is_not_an_element():
    assert messages(page("<!-- a note --><p>Text.</p>")) == []


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta name="referrer" content="no-referrer">', True),
        ('<meta name="referrer" content="origin">', False),
        ('<meta name="robots" content="no-referrer">', False),
    ],
)
def test_only_a_no_referrer_policy_counts_as_one(head, expected):
    assert scan_page("p.html", page(head=head).encode()).no_referrer is expected


def lines_and_refs(html):
    return [tuple(ref) for ref in scan_page("p.html", html.encode()).refs]


def test_every_kind_of_reference_carries_its_line():
    html = page(
        '\n<map name="m"><area href="/m/" rel="Next"><area alt="no link"></map>'
        '\n<input type="IMAGE" src="/go.png" alt="Go">'
        '\n<input type="image" alt="no source"><input type="text" src="/not.png">'
        '\n<img srcset="a.png 1x">'
        '\n<video poster="p.png"></video>'
        '\n<form action="/send/"></form>',
        head='\n<link rel="stylesheet" href="s.css"><link rel="icon">'
        '\n<meta http-equiv="REFRESH" content="0; url=/new/">',
    )
    assert lines_and_refs(html) == [
        (2, "s.css", "stylesheet", frozenset()),
        (3, "/new/", LINK, frozenset()),
        (4, "/m/", LINK, frozenset({"next"})),
        (5, "/go.png", "image", frozenset()),
        (7, "a.png", "image", frozenset()),
        (8, "p.png", "image", frozenset()),
        (9, "/send/", "form", frozenset()),
    ]


def test_a_link_without_rel_has_no_rel_tokens():
    (ref,) = lines_and_refs(page().replace("<h1>A page</h1>", '<h1><a href="/x/">A page</a></h1>'))
    assert ref == (1, "/x/", LINK, frozenset())


@pytest.mark.parametrize(
    ("link", "kind"),
    [
        ('<link href="/x">', LINK),
        ('<link rel="preload" href="/x">', "resource"),
        ('<link rel="preload" as="document" href="/x">', "resource"),
        ('<link rel="prefetch" as=" Image " href="/x">', "image"),
        ('<link rel="stylesheet" media=" PRINT " href="/x">', "print stylesheet"),
        ('<link rel="stylesheet" media="screen" href="/x">', "stylesheet"),
        ('<link rel="alternate stylesheet" href="/x">', "stylesheet"),
        ('<link rel="dns-prefetch" href="/x">', "connection"),
    ],
)
def test_what_a_link_element_loads(link, kind):
    (ref,) = lines_and_refs(page(head=link))
    assert ref[2] == kind


def test_a_refresh_without_content_points_nowhere():
    assert lines_and_refs(page(head='<meta http-equiv="refresh">')) == []


def test_a_script_with_a_source_is_not_inline_even_with_text_inside():
    assert messages(page('<script src="/a.js">ignored()</script>')) == []


@pytest.mark.parametrize(
    ("content", "url"),
    [
        ("0; url=/a;b", "/a;b"),
        ("0; url=/search?q=1", "/search?q=1"),
        ("0;URL='Xmas.html'", "Xmas.html"),
        ('3; url="/x/"', "/x/"),
        ("0; url", None),
        ("0; next=/x/", None),
    ],
)
def test_refresh_url(content, url):
    assert refresh_url(content) == url


def test_markup_weight_is_the_markup_without_text_plus_the_doctype_line():
    html = b"<!DOCTYPE html>\n<html><body><p>hi</p></body></html>"
    # <html><body><p></p></body></html> is 33 bytes; the doctype line 16.
    assert scan_page("c.html", html, chapter_exclude=()).markup_bytes == 33 + 16


def test_markup_weight_counts_an_empty_element_as_html_writes_it():
    bare = scan_page("c.html", page().encode(), chapter_exclude=()).markup_bytes
    with_break = scan_page("c.html", page("<br>").encode(), chapter_exclude=()).markup_bytes
    assert with_break - bare == len("<br>")


def test_markup_weight_of_non_ascii_attributes_is_counted_in_utf8_bytes():
    bare = scan_page("c.html", page().encode(), chapter_exclude=()).markup_bytes
    accented = scan_page(
        "c.html", page('<p title="é"></p>').encode(), chapter_exclude=()
    ).markup_bytes
    assert accented - bare == len('<p title="é"></p>'.encode())


def test_the_text_after_a_section_left_out_still_counts():
    tail = "&amp; more"
    with_section = scan_page(
        "c.html", page(f'<section id="references">x</section>{tail}').encode(), ("#references",)
    ).markup_bytes
    without = scan_page("c.html", page(tail).encode(), ("#references",)).markup_bytes
    assert with_section == without


def test_a_block_for_some_pages_is_required_on_those_only():
    review = Block("review-status", "the review status", "Keep it.", pages="guide/*")
    assert messages(page(), "guide/x/index.html", blocks=(review,)) == [
        'has no element with id "review-status" (the review status); every page must carry it'
    ]
    assert messages(page(), "about/index.html", blocks=(review,)) == []


def test_the_facts_of_a_page_that_cannot_be_parsed_name_it():
    assert scan_page("a/index.html", b"").path == "a/index.html"
