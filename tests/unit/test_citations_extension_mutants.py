"""The citations extension's edge cases that mutation testing found unpinned.

Where an unresolved citation's text goes back in the tree, which text the
mention check reads (never code, even a ``<pre>`` holding other elements),
the line of each repeat of a citation, a citation inside a link's emphasis,
one Markdown instance converting a second document, where the stages run
when the extension is listed before footnotes or toc, and a suffix's space.
Last, the site-wide index skips content that holds no record and goes on.

Each test converts a small document with Python-Markdown and asserts the
whole HTML or record a user sees.
"""

from types import SimpleNamespace

import markdown
from conftest import ROOT
from test_citations_mutants import number

from plugins.citations.extension import CitationsExtension
from plugins.citations.library import load_library
from plugins.citations.sitewide import build_index

BIB = ROOT / "tests" / "fixtures" / "citations_site" / "unit.bib"

ALPHA = "Alpha A. One. Published online 2020. doi:10.1000/one"
BETA = "Beta B, Bravo B. Two. Published online 2021."


def extension(**options):
    # A new library and extension per test, not a shared fixture (see
    # docs/mutation.md on fixtures).
    return CitationsExtension(load_library(str(BIB)), **options)


def convert(text, extensions=("extra",), **options):
    md = markdown.Markdown(extensions=[*extensions, extension(**options)], output_format="html5")
    html = md.convert(text)
    return html, md.citations


def body(text):
    """The HTML before the References section."""
    html, _ = convert(text)
    return html.split("\n<section", 1)[0]


def unknown(key, raw=None):
    """The error for an unknown key in the citation raw (by default "[@key]")."""
    message = (
        f"unknown citation key '{key}' in {raw or f'[@{key}]'}. No key in {BIB} is close; "
        "check the spelling or add the entry."
    )
    if raw and not raw.startswith("["):
        message += f" If this is not a citation, write \\@{key}."
    return message


# An unresolved citation's text goes back where it was.


def test_an_unresolved_citation_after_other_elements_keeps_its_place():
    # After an element with a tail, after one without, and as the first child.
    html, record = convert("[@nope] x *a* b *c*[@none] and *d* [@nil] y")
    assert html == "<p>[@nope] x <em>a</em> b <em>c</em>[@none] and <em>d</em> [@nil] y</p>"
    assert [p[2] for p in record["problems"]] == [unknown("nope"), unknown("none"), unknown("nil")]


def test_an_unresolved_citation_right_after_an_element_gets_no_stray_text():
    assert convert("x *a*[@nope] y")[0] == "<p>x <em>a</em>[@nope] y</p>"


# What the mention check reads.


def test_a_mention_in_an_elements_tail_is_reported():
    _, record = convert("*Note:* Smith et al. (2019) found it.")
    assert record["problems"] == [
        [
            "warning",
            1,
            "'Smith et al. (2019)' looks like a hand-typed citation, so it is not numbered "
            "or linked to the References. Write @key or [@key] with the source's key from "
            "the library, adding the source to the library first if it is missing.",
        ]
    ]


def test_a_mention_in_preformatted_text_is_not_reported():
    # md_in_html makes a <pre> with no <code> inside, and keeps a block in it.
    source = (
        '<div markdown="1">\n<pre markdown="1">\n<div markdown="1">\n'
        "Smith et al. (2019) found it.\n</div>\n</pre>\n</div>\n\n"
        '<div markdown="1">\n<pre markdown="1">Jones et al. (2018) too.</pre>\n</div>'
    )
    html, record = convert(source)
    assert "Smith et al. (2019)" in html and "Jones et al. (2018)" in html
    assert record["problems"] == []


# Lines of problems.


def test_each_repeat_of_an_unknown_citation_is_reported_on_its_own_line():
    _, record = convert("[@nope]\n\nx [@nope]\n\ny [@nope]")
    assert record["problems"] == [
        ["error", 1, unknown("nope")],
        ["error", 3, unknown("nope")],
        ["error", 5, unknown("nope")],
    ]


def test_a_narrative_citation_is_not_found_inside_an_earlier_bracket():
    _, record = convert("See [@alpha2020; @nope].\n\nThen @nope again.")
    assert record["problems"] == [
        ["error", 1, unknown("nope", "[@alpha2020; @nope]")],
        ["error", 3, unknown("nope", "@nope")],
    ]


def test_a_bracket_written_in_code_does_not_take_the_line_of_the_citation():
    _, record = convert("`[@nope]` is how\n\nto cite: [@nope]")
    assert record["problems"] == [["error", 3, unknown("nope")]]


# Citations inside a link.


def test_a_citation_in_a_links_emphasis_is_an_error_and_later_ones_are_numbered():
    html, record = convert("[*see [@alpha2020]*](https://example.org) then [@beta2021].")
    assert html.split("\n<section", 1)[0] == (
        '<p><a href="https://example.org"><em>see [@alpha2020]</em></a> then '
        + number(1, BETA)
        + ".</p>"
    )
    assert record["cited"] == ["beta2021"]
    assert record["problems"] == [
        [
            "error",
            1,
            "the citation [@alpha2020] is inside a link's text, which would nest links. "
            "Move the citation after the link.",
        ]
    ]


# One Markdown instance, several documents.


def test_a_second_document_converted_by_the_same_instance_is_a_document_again():
    md = markdown.Markdown(extensions=["meta", extension()], output_format="html5")
    md.convert("Title: one\n\nFirst [@beta2021].")
    md.reset()
    html = md.convert("Title: two\n\nSecond [@alpha2020].")
    assert html.split("\n<section", 1)[0] == "<p>Second " + number(1, ALPHA) + ".</p>"
    assert md.citations["cited"] == ["alpha2020"]
    assert md.citations["problems"] == []


# Where the stages run among other extensions, whatever order they are listed in.


def test_a_footnote_whose_name_holds_an_at_sign_stays_a_footnote():
    # Footnotes (175) are matched before bracketed citations (174), even when
    # the citations extension is listed first.
    md = markdown.Markdown(extensions=[extension(), "footnotes"], output_format="html5")
    html = md.convert("Note[^@alpha2020].\n\n[^@alpha2020]: A note.")
    assert html.split("\n", 1)[0] == (
        '<p>Note<sup id="fnref:@alpha2020"><a class="footnote-ref" '
        'href="#fn:@alpha2020">1</a></sup>.</p>'
    )
    assert md.citations == {"cited": [], "problems": [], "groups": []}


def test_a_prefix_gets_smart_quotes_before_it_is_taken_out_of_the_tree():
    html, _ = convert('It helps [see "this" @alpha2020].', extensions=("smarty",))
    assert html.split("\n<section", 1)[0] == (
        '<p>It helps <sup class="citations-cite"><span class="citations-prefix">'
        "see &ldquo;this&rdquo; </span>"
        + number(1, ALPHA).removeprefix('<sup class="citations-cite">')
        + ".</p>"
    )


def test_a_heading_id_leaves_out_its_citation_even_with_toc_listed_after():
    md = markdown.Markdown(extensions=[extension(), "toc"], output_format="html5")
    html = md.convert("## Walking [@alpha2020]\n\ntext")
    assert html.split("\n", 1)[0] == '<h2 id="walking">Walking ' + number(1, ALPHA) + "</h2>"


# A suffix's spacing.


def test_a_suffix_that_starts_with_a_word_gets_a_space_and_one_with_a_comma_none():
    assert body("x [@alpha2020{}passim] and [@beta2021{ii}, or so].") == (
        "<p>x "
        + number(1, ALPHA, '<span class="citations-suffix"> passim</span>')
        + " and "
        + number(
            2,
            BETA + " (p. ii)",
            '<span class="citations-locator">(p. ii)</span>'
            '<span class="citations-suffix">, or so</span>',
        )
        + ".</p>"
    )


# The site-wide index.


def test_the_index_skips_content_without_a_record_and_reads_the_rest():
    contents = [
        SimpleNamespace(title="Static file", url="a.pdf"),
        SimpleNamespace(title="No record", url="x/", metadata={}),
        SimpleNamespace(
            title="One",
            url="guide/one/",
            metadata={"citations": {"cited": ["beta2021"], "problems": []}},
        ),
    ]
    index = build_index(load_library(str(BIB)), contents)
    assert [
        (entry.key, [(c.title, c.url, c.number) for c in entry.cited_in]) for entry in index
    ] == [
        ("alpha2020", []),
        ("beta2021", [("One", "guide/one/", 1)]),
        ("gamma2022", []),
        ("delta2019", []),
    ]
