"""Markdown in, HTML out: every citation form, the edge cases and each author error."""

import logging
from types import SimpleNamespace

import markdown
import pytest
from conftest import ROOT

from plugins.citations import (
    ContinuedCitations,
    RecordMismatch,
    fill_citations,
    held_groups,
    hold_citations,
)
from plugins.citations.extension import CitationsExtension, read_record
from plugins.citations.library import load_library
from plugins.citations.plugin import content_object_init

BIB = ROOT / "tests" / "fixtures" / "citations_site" / "unit.bib"

ALPHA = "Alpha A. One. Published online 2020. doi:10.1000/one"
BETA = "Beta B, Bravo B. Two. Published online 2021."
GAMMA = "Gamma G, Golf G, Grey G. Three. Published online 2022."
DELTA = "World Health Organization. Four. Published online 2019."


@pytest.fixture(scope="module")
def library():
    return load_library(str(BIB))


@pytest.fixture(scope="module")
def extension(library):
    return CitationsExtension(library)


def convert(extension, text, extensions=("extra", "toc", "smarty")):
    md = markdown.Markdown(extensions=[*extensions, extension], output_format="html5")
    html = md.convert(text)
    return html, md.citations


def body(extension, text):
    """The HTML before the References section."""
    html, _ = convert(extension, text)
    return html.split("\n<section", 1)[0]


def link(number, label, group):
    return (
        f'<a aria-describedby="cite-tip-{group}" aria-label="Reference {number}" '
        f'class="citations-ref" href="#cite-ref-{number}" id="cite-{number}-{label}">{number}</a>'
    )


def tip(group, *items):
    inner = "".join(f'<span class="citations-tip-item">{item}</span>' for item in items)
    return f'<span class="citations-tip" hidden id="cite-tip-{group}" role="tooltip">{inner}</span>'


def sup(*parts):
    return '<sup class="citations-cite">' + "".join(parts) + "</sup>"


def test_single_citation(extension):
    assert body(extension, "Movement helps [@alpha2020].") == (
        f"<p>Movement helps {sup(link(1, 'a', 1), tip(1, '1. ' + ALPHA))}.</p>"
    )


def test_citation_after_punctuation_and_at_start_of_paragraph(extension):
    assert body(extension, "[@alpha2020] found this. It helps.[@beta2021]") == (
        f"<p>{sup(link(1, 'a', 1), tip(1, '1. ' + ALPHA))} found this. "
        f"It helps.{sup(link(2, 'a', 2), tip(2, '2. ' + BETA))}</p>"
    )


def test_group_of_two_is_listed(extension):
    assert body(extension, "x [@alpha2020; @beta2021]") == (
        "<p>x "
        + sup(link(1, "a", 1), ",", link(2, "a", 1), tip(1, "1. " + ALPHA, "2. " + BETA))
        + "</p>"
    )


def test_group_of_three_consecutive_numbers_is_a_range(extension):
    range_ = (
        link(1, "a", 1)
        + '<span id="cite-2-a"></span>'
        + '<span aria-hidden="true" class="citations-dash">\u2013</span>'
        + '<span class="citations-sr"> to </span>'
        + link(3, "a", 1)
    )
    tips = tip(1, "1. " + ALPHA, "2. " + BETA, "3. " + GAMMA)
    html = body(extension, "x [@alpha2020; @beta2021; @gamma2022]")
    assert html == f"<p>x {sup(range_, tips)}</p>"


def test_group_is_sorted_and_consecutive_numbers_join_whatever_the_written_order(extension):
    html = body(extension, "[@gamma2022]. Later [@delta2019; @gamma2022; @alpha2020]")
    range_ = (
        link(1, "b", 2)
        + '<span id="cite-2-a"></span>'
        + '<span aria-hidden="true" class="citations-dash">\u2013</span>'
        + '<span class="citations-sr"> to </span>'
        + link(3, "a", 2)
    )
    tips = tip(2, "1. " + GAMMA, "2. " + DELTA, "3. " + ALPHA)
    assert html == (
        f"<p>{sup(link(1, 'a', 1), tip(1, '1. ' + GAMMA))}. Later {sup(range_, tips)}</p>"
    )


def test_group_with_a_gap_is_not_a_range(extension):
    html = body(extension, "[@alpha2020; @beta2021]. [@alpha2020; @gamma2022; @delta2019]")
    assert html.endswith(
        sup(
            link(1, "b", 2),
            ",",
            link(3, "a", 2),
            ",",
            link(4, "a", 2),
            tip(2, "1. " + ALPHA, "3. " + GAMMA, "4. " + DELTA),
        )
        + "</p>"
    )


def test_locator(extension):
    assert body(extension, "x [@alpha2020, p. 12] and [@beta2021, table 2]") == (
        "<p>x "
        + sup(
            link(1, "a", 1),
            '<span class="citations-locator">(p. 12)</span>',
            tip(1, f"1. {ALPHA} (p. 12)"),
        )
        + " and "
        # "table" is not a Pandoc locator term: ", table 2" is a suffix, shown as written.
        + sup(
            link(2, "a", 2),
            '<span class="citations-suffix">, table 2</span>',
            tip(2, f"2. {BETA}"),
        )
        + "</p>"
    )


def prefix(html):
    return f'<span class="citations-prefix">{html} </span>'


def locator(text):
    return f'<span class="citations-locator">({text})</span>'


def suffix(html):
    return f'<span class="citations-suffix">{html}</span>'


def narrative(name, *parts):
    return f'<span class="citations-narrative">{name}{sup(*parts)}</span>'


A1 = link(1, "a", 1)
B1 = link(2, "a", 1)


# Each form of the Pandoc manual's "Citation syntax" section, and what this
# numbered style makes of it: the prefix before the number, the locator in
# brackets after it, then the suffix, all inside the citation's superscript;
# the author named only by a narrative citation.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "[see @doe99, pp. 33-35; also @smith04, chap. 1]": prefixes and locators.
        (
            "x [see @alpha2020, p. 33; also @beta2021, chap. 2]",
            "<p>x "
            + sup(
                prefix("see"),
                A1,
                locator("p. 33"),
                ",",
                prefix("also"),
                B1,
                locator("chap. 2"),
                tip(1, f"1. {ALPHA} (p. 33)", f"2. {BETA} (chap. 2)"),
            )
            + "</p>",
        ),
        # "[@doe99, pp. 33-35, 38-39 and *passim*]": locator, then a suffix with markup.
        (
            "x [@alpha2020, pp. 33-35, 38-39 and *passim*]",
            "<p>x "
            + sup(
                A1,
                locator("pp. 33-35, 38-39"),
                suffix(" and <em>passim</em>"),
                tip(1, f"1. {ALPHA} (pp. 33-35, 38-39)"),
            )
            + "</p>",
        ),
        # A locator without the comma, a term in full, an abbreviation.
        (
            "x [@alpha2020 pp. 33-35]",
            f"<p>x {sup(A1, locator('pp. 33-35'), tip(1, f'1. {ALPHA} (pp. 33-35)'))}</p>",
        ),
        (
            "x [@alpha2020, chapter 2]",
            f"<p>x {sup(A1, locator('chapter 2'), tip(1, f'1. {ALPHA} (chapter 2)'))}</p>",
        ),
        (
            "x [@alpha2020 p. 3]",
            f"<p>x {sup(A1, locator('p. 3'), tip(1, f'1. {ALPHA} (p. 3)'))}</p>",
        ),
        (
            "x [@alpha2020, vols. 2-3]",
            f"<p>x {sup(A1, locator('vols. 2-3'), tip(1, f'1. {ALPHA} (vols. 2-3)'))}</p>",
        ),
        # "If no locator term is used, page is assumed."
        (
            "x [@alpha2020, 33]",
            f"<p>x {sup(A1, locator('p. 33'), tip(1, f'1. {ALPHA} (p. 33)'))}</p>",
        ),
        # Not a locator term: a suffix, kept as written.
        (
            "x [@alpha2020, table 2]",
            f"<p>x {sup(A1, suffix(', table 2'), tip(1, f'1. {ALPHA}'))}</p>",
        ),
        (
            "x [@alpha2020 and nowhere else]",
            f"<p>x {sup(A1, suffix(' and nowhere else'), tip(1, f'1. {ALPHA}'))}</p>",
        ),
        # Braces force a locator, or with nothing in them prevent one.
        (
            "x [@alpha2020{ii, A, D-Z}, with a suffix]",
            "<p>x "
            + sup(
                A1,
                locator("pp. ii, A, D-Z"),
                suffix(", with a suffix"),
                tip(1, f"1. {ALPHA} (pp. ii, A, D-Z)"),
            )
            + "</p>",
        ),
        (
            "x [@alpha2020{}, 99 years later]",
            f"<p>x {sup(A1, suffix(', 99 years later'), tip(1, f'1. {ALPHA}'))}</p>",
        ),
        # "Smith says blah [-@smith04]": the number alone (a numbered citation
        # never names the author), never the raw text.
        ("Alpha says [-@alpha2020].", f"<p>Alpha says {sup(A1, tip(1, '1. ' + ALPHA))}.</p>"),
        ("Alpha says -@alpha2020.", f"<p>Alpha says {sup(A1, tip(1, '1. ' + ALPHA))}.</p>"),
        (
            "Alpha says [see -@alpha2020, p. 4].",
            "<p>Alpha says "
            + sup(prefix("see"), A1, locator("p. 4"), tip(1, f"1. {ALPHA} (p. 4)"))
            + ".</p>",
        ),
        # "@smith04 [p. 33] says blah": narrative, with a locator.
        (
            "@alpha2020 [p. 33] says",
            "<p>"
            + narrative("Alpha (2020)", A1, locator("p. 33"), tip(1, f"1. {ALPHA} (p. 33)"))
            + " says</p>",
        ),
        (
            "@alpha2020\n[p. 33] says",
            "<p>"
            + narrative("Alpha (2020)", A1, locator("p. 33"), tip(1, f"1. {ALPHA} (p. 33)"))
            + " says</p>",
        ),
        # Pandoc: "@item1 [-@item2 p. 30; see also @item3]" is one citation.
        (
            "@alpha2020 [p. 33; see also @beta2021] says",
            "<p>"
            + narrative(
                "Alpha (2020)",
                A1,
                locator("p. 33"),
                ",",
                prefix("see also"),
                B1,
                tip(1, f"1. {ALPHA} (p. 33)", f"2. {BETA}"),
            )
            + " says</p>",
        ),
        (
            "@beta2021 [@alpha2020] says",
            "<p>"
            + narrative(
                "Beta and Bravo (2021)",
                A1,
                ",",
                B1,
                tip(1, f"1. {BETA}", f"2. {ALPHA}"),
            )
            + " says</p>",
        ),
        # Braced key; markup in a prefix; a link in a prefix; a group over two lines.
        (
            "x [@{alpha2020}, p. 3]",
            f"<p>x {sup(A1, locator('p. 3'), tip(1, f'1. {ALPHA} (p. 3)'))}</p>",
        ),
        (
            "x [*see* @alpha2020 p. **32**]",
            "<p>x "
            + sup(prefix("<em>see</em>"), A1, locator("p. 32"), tip(1, f"1. {ALPHA} (p. 32)"))
            + "</p>",
        ),
        (
            "x [see [the trial](https://example.org/) @alpha2020]",
            "<p>x "
            + sup(
                prefix('see <a href="https://example.org/">the trial</a>'),
                A1,
                tip(1, "1. " + ALPHA),
            )
            + "</p>",
        ),
        (
            "x [see `[@beta2021]` and \\* @alpha2020,\np. 3]",
            "<p>x "
            + sup(
                prefix("see <code>[@beta2021]</code> and *"),
                A1,
                locator("p. 3"),
                tip(1, f"1. {ALPHA} (p. 3)"),
            )
            + "</p>",
        ),
        # A prefix is not part of a heading's id.
        (
            "## Results [see @alpha2020]",
            f'<h2 id="results">Results {sup(prefix("see"), A1, tip(1, "1. " + ALPHA))}</h2>',
        ),
    ],
)
def test_pandoc_citation_forms(extension, text, expected):
    html, record = convert(extension, text)
    assert html.split("\n<section", 1)[0] == expected
    assert record["problems"] == []


def test_locator_prefix_and_suffix_keep_a_source_out_of_a_range(extension):
    html = body(extension, "[@alpha2020; see @beta2021; @gamma2022]")
    assert html == (
        "<p>"
        + sup(
            link(1, "a", 1),
            ",",
            prefix("see"),
            link(2, "a", 1),
            ",",
            link(3, "a", 1),
            tip(1, "1. " + ALPHA, "2. " + BETA, "3. " + GAMMA),
        )
        + "</p>"
    )


KEYS_BIB = """@misc{doe:2020-x, author = {Doe, Dan}, title = {Five}, year = {2020}}
@misc{Foo_bar.baz, author = {Foo, Fay}, title = {Six}, year = {2021}}
@misc{Foo_bar.baz., author = {Foo, Fay}, title = {Seven}, year = {2022}}
@misc{_x1#2$3%4&5+6?7<8>9~a/b, author = {Ex, Xu}, title = {Eight}, year = {2023}}
"""


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("As @doe:2020-x showed.", ["doe:2020-x"]),
        ("See @Foo_bar.baz. Then", ["Foo_bar.baz"]),
        ("See [@{Foo_bar.baz.}].", ["Foo_bar.baz."]),
        ("See [@_x1#2$3%4&5+6?7<8>9~a/b, p. 2].", ["_x1#2$3%4&5+6?7<8>9~a/b"]),
    ],
)
def test_keys_with_the_characters_pandoc_allows(tmp_path, text, cited):
    bib = tmp_path / "keys.bib"
    bib.write_text(KEYS_BIB, encoding="utf-8")
    _, record = convert(CitationsExtension(load_library(str(bib))), text)
    assert (record["cited"], record["problems"], len(record["groups"])) == (cited, [], 1)


@pytest.mark.parametrize(
    ("key", "short", "number_html"),
    [
        ("alpha2020", "Alpha (2020)", f"{link(1, 'a', 1)}{tip(1, '1. ' + ALPHA)}"),
        ("beta2021", "Beta and Bravo (2021)", f"{link(1, 'a', 1)}{tip(1, '1. ' + BETA)}"),
        ("gamma2022", "Gamma et al. (2022)", f"{link(1, 'a', 1)}{tip(1, '1. ' + GAMMA)}"),
        (
            "delta2019",
            "World Health Organization (2019)",
            f"{link(1, 'a', 1)}{tip(1, '1. ' + DELTA)}",
        ),
    ],
)
def test_narrative_citation(extension, key, short, number_html):
    assert body(extension, f"As @{key} showed.") == (
        f'<p>As <span class="citations-narrative">{short}{sup(number_html)}</span> showed.</p>'
    )


def test_repeated_source_reuses_its_number_with_a_new_anchor(extension):
    assert body(extension, "A [@alpha2020]. B [@alpha2020].") == (
        f"<p>A {sup(link(1, 'a', 1), tip(1, '1. ' + ALPHA))}. "
        f"B {sup(link(1, 'b', 2), tip(2, '1. ' + ALPHA))}.</p>"
    )


def test_numbers_follow_reading_order_not_processing_order(extension):
    # Python-Markdown's inline stage handles the paragraph before the list
    # item; numbering happens later, in document order.
    html = body(extension, "- first [@beta2021]\n\nthen [@alpha2020]")
    assert html == (
        f"<ul>\n<li>first {sup(link(1, 'a', 1), tip(1, '1. ' + BETA))}</li>\n</ul>\n"
        f"<p>then {sup(link(2, 'a', 2), tip(2, '2. ' + ALPHA))}</p>"
    )


def test_citation_in_heading_does_not_change_its_id(extension):
    assert body(extension, "## Results [@alpha2020]") == (
        f'<h2 id="results">Results {sup(link(1, "a", 1), tip(1, "1. " + ALPHA))}</h2>'
    )


def test_citation_in_table_cell(extension):
    html = body(extension, "| Finding | Source |\n| --- | --- |\n| Helps | [@alpha2020] |")
    assert f"<td>{sup(link(1, 'a', 1), tip(1, '1. ' + ALPHA))}</td>" in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Use `[@alpha2020]` or `@alpha2020`.",
            "<p>Use <code>[@alpha2020]</code> or <code>@alpha2020</code>.</p>",
        ),
        ("```\n[@alpha2020] @alpha2020\n```", "<pre><code>[@alpha2020] @alpha2020\n</code></pre>"),
        ("    [@alpha2020]", "<pre><code>[@alpha2020]\n</code></pre>"),
        ("Write to help@example.org.", "<p>Write to help@example.org.</p>"),
        ("Not a citation: \\@alpha2020.", "<p>Not a citation: @alpha2020.</p>"),
        (
            "[a link](https://example.org/@alpha2020)",
            '<p><a href="https://example.org/@alpha2020">a link</a></p>',
        ),
        (
            "[@alpha2020](https://example.org/)",
            '<p><a href="https://example.org/">@alpha2020</a></p>',
        ),
    ],
)
def test_text_that_is_not_a_citation_is_left_alone(extension, text, expected):
    html, record = convert(extension, text)
    assert html == expected
    assert record == {"cited": [], "problems": [], "groups": []}


def test_references_section(extension):
    html, record = convert(extension, "A [@alpha2020; @gamma2022]. B [@alpha2020]. C @beta2021.")
    section = html.split("\n<section", 1)[1]
    assert "<section" + section == (
        '<section aria-labelledby="cite-references" class="citations-references">\n'
        '<h2 id="cite-references">References</h2>\n'
        '<ol class="citations-list">\n'
        f'<li id="cite-ref-1"><span class="citations-entry">{ALPHA}</span> '
        '<span class="citations-links">'
        '<a aria-label="DOI for reference 1" href="https://doi.org/10.1000/one">DOI</a> '
        '<a aria-label="PubMed record for reference 1" href="https://pubmed.ncbi.nlm.nih.gov/111/">PubMed</a>'
        "</span> "
        '<span class="citations-backlinks">Back to text: '
        '<a aria-label="Back to citation a of reference 1" href="#cite-1-a">a</a> '
        '<a aria-label="Back to citation b of reference 1" href="#cite-1-b">b</a></span></li>\n'
        f'<li id="cite-ref-2"><span class="citations-entry">{GAMMA}</span> '
        '<span class="citations-links">'
        '<a aria-label="PubMed Central full text for reference 2" '
        'href="https://pmc.ncbi.nlm.nih.gov/articles/PMC333/">PubMed Central</a></span> '
        '<span class="citations-backlinks">Back to text: '
        '<a aria-label="Back to citation a of reference 2" href="#cite-2-a">a</a></span></li>\n'
        f'<li id="cite-ref-3"><span class="citations-entry">{BETA}</span> '
        '<span class="citations-backlinks">Back to text: '
        '<a aria-label="Back to citation a of reference 3" href="#cite-3-a">a</a></span></li>\n'
        "</ol>\n</section>"
    )
    assert record["cited"] == ["alpha2020", "gamma2022", "beta2021"]


def test_no_citations_means_no_references_section(extension):
    html, record = convert(extension, "Plain text.")
    assert html == "<p>Plain text.</p>"
    assert record == {"cited": [], "problems": [], "groups": []}


def test_heading_text_comes_from_the_setting(library):
    html, _ = convert(CitationsExtension(library, heading="Sources"), "x [@alpha2020]")
    assert '<h2 id="cite-references">Sources</h2>' in html


def test_ids_are_unique_and_every_fragment_resolves(extension):
    from bs4 import BeautifulSoup

    text = (
        "## A [@alpha2020]\n\n[@alpha2020; @beta2021; @gamma2022] and @delta2019, "
        "[@beta2021, p. 2].\n\n- [@gamma2022]\n"
    )
    html, _ = convert(extension, text)
    soup = BeautifulSoup(html, "html.parser")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    targets = {a["href"][1:] for a in soup.find_all("a", href=True) if a["href"].startswith("#")}
    described = {a["aria-describedby"] for a in soup.select("a[aria-describedby]")}
    assert targets | described <= set(ids)
    assert not soup.select("a a"), "links must not nest"


# Errors: each is recorded with its line and logged with the file by the plugin.

SOURCE = """Title: Example
Date: 2026-11-22

First paragraph [@alpha2020].

A typo [@alpah2020] here.

Group with a typo [@alpha2020; @gama2022].

As @nobody2024 put it.

Wrong form [@alpha2020, see @beta2021].

As Gamma et al. (2022) found, and Smith et al. (2019) too.

[a link with [@alpha2020]](https://example.org/)
"""


HOW = (
    "Write each source as @key, with an optional prefix before it and a locator or suffix "
    "after it, and separate sources with semicolons, e.g. [see @key, p. 12; @other]. "
    "If the @ does not start a citation, write \\@"
)


def test_errors_are_recorded_with_lines(extension):
    _, record = convert(extension, SOURCE, extensions=("extra", "meta", "toc", "smarty"))
    assert record["problems"] == [
        [
            "warning",
            14,
            "'Gamma et al. (2022)' looks like a hand-typed citation, so it is not numbered "
            "or linked to the References. Write @gamma2022 (narrative) or [@gamma2022] instead.",
        ],
        [
            "warning",
            14,
            "'Smith et al. (2019)' looks like a hand-typed citation, so it is not numbered "
            "or linked to the References. Write @key or [@key] with the source's key from "
            "the library, adding the source to the library first if it is missing.",
        ],
        [
            "error",
            6,
            "unknown citation key 'alpah2020' in [@alpah2020]. "
            "Closest keys in the library: alpha2020.",
        ],
        [
            "error",
            8,
            "unknown citation key 'gama2022' in [@alpha2020; @gama2022]. "
            "Closest keys in the library: gamma2022.",
        ],
        [
            "error",
            10,
            "unknown citation key 'nobody2024' in @nobody2024. No key in "
            f"{BIB} is close; check the spelling or add the entry. "
            "If this is not a citation, write \\@nobody2024.",
        ],
        [
            "error",
            12,
            "cannot read the citation [@alpha2020, see @beta2021]: '@alpha2020, see "
            "@beta2021' names more than one source without a semicolon between them. "
            f"{HOW}.",
        ],
        [
            "error",
            16,
            "the citation [@alpha2020] is inside a link's text, which would nest links. "
            "Move the citation after the link.",
        ],
    ]
    # Resolvable sources in a group with a typo are still cited.
    assert record["cited"] == ["alpha2020"]


UNREADABLE = """Title: Example

A source without @: [@alpha2020; beta2021].

Two sources, no semicolon [@alpha2020 @beta2021].

A dangling semicolon [@alpha2020;] and a comma [@beta2021,].

An @ alone [see @ 5 pm] and [-@nobody2024].

Narrative with a bad bracket @alpha2020 [p. 3; beta2021].
"""


def test_unreadable_citations_are_errors_with_lines(extension):
    html, record = convert(extension, UNREADABLE, extensions=("extra", "meta"))
    assert record["problems"] == [
        [
            "error",
            3,
            f"cannot read the citation [@alpha2020; beta2021]: 'beta2021' names no source. {HOW}.",
        ],
        [
            "error",
            5,
            "cannot read the citation [@alpha2020 @beta2021]: '@alpha2020 @beta2021' names "
            f"more than one source without a semicolon between them. {HOW}.",
        ],
        [
            "error",
            7,
            "cannot read the citation [@alpha2020;]: a semicolon is not followed by a "
            f"source. {HOW}.",
        ],
        [
            "error",
            7,
            "the citation [@beta2021,] has a comma but no locator. Remove the comma or add "
            "the locator, e.g. [@key, p. 12].",
        ],
        [
            "error",
            9,
            "cannot read the citation [see @ 5 pm]: an @ is not followed by a citation "
            f"key. {HOW}.",
        ],
        [
            "error",
            9,
            "unknown citation key 'nobody2024' in [-@nobody2024]. No key in "
            f"{BIB} is close; check the spelling or add the entry.",
        ],
        [
            "error",
            11,
            "cannot read the citation @alpha2020 [p. 3; beta2021]: 'beta2021' names no "
            f"source. {HOW}.",
        ],
    ]
    assert record["cited"] == []
    assert "<sup" not in html


def test_unresolved_citations_keep_their_source_text(extension):
    html, _ = convert(extension, "A typo [@alpah2020] and @nobody2024 here.")
    assert html == "<p>A typo [@alpah2020] and @nobody2024 here.</p>"


def test_citation_in_summary_is_an_error_on_the_summary_line(extension):
    md = markdown.Markdown(extensions=["meta", extension])
    md.convert("Title: x\nSummary: see [@alpha2020]\n\nBody [@beta2021].")
    record = md.citations
    meta = md.Meta
    # Pelican converts Summary with the same instance after removing "meta".
    md.preprocessors.deregister("meta")
    md.reset()
    assert md.convert("see [@alpha2020]") == "<p>see [@alpha2020]</p>"
    assert record["cited"] == ["beta2021"]
    assert record["problems"] == [
        [
            "error",
            2,
            "the citation [@alpha2020] is in a metadata field such as Summary, which is "
            "shown away from the References list. Remove the citation from the field.",
        ]
    ]
    # The metadata Pelican keeps (strings only, as every reader expects) has it too.
    assert read_record({"citations": meta["citations"][0]}) == record


def test_missing_library_names_the_file(tmp_path):
    missing = load_library(str(tmp_path / "references.bib"))
    _, record = convert(CitationsExtension(missing), "x [@alpha2020]")
    assert record["problems"] == [
        [
            "error",
            1,
            f"unknown citation key 'alpha2020' in [@alpha2020]. The library "
            f"{tmp_path / 'references.bib'} does not exist; create it or set CITATIONS_BIB.",
        ]
    ]


def test_mention_check_can_be_turned_off(library):
    _, record = convert(CitationsExtension(library, check_mentions=False), "Smith et al. (2019)")
    assert record["problems"] == []


def test_plugin_logs_each_problem_with_file_and_line(extension, caplog):
    html, record = convert(extension, SOURCE, extensions=("extra", "meta"))
    content = SimpleNamespace(metadata={"citations": record}, source_path="/site/content/ch.md")
    with caplog.at_level(logging.WARNING, logger="plugins.citations"):
        content_object_init(content)
    logged = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert logged[0] == (
        "WARNING",
        "/site/content/ch.md:14: 'Gamma et al. (2022)' looks like a hand-typed citation, so "
        "it is not numbered or linked to the References. Write @gamma2022 (narrative) or "
        "[@gamma2022] instead.",
    )
    assert logged[2] == (
        "ERROR",
        "/site/content/ch.md:6: unknown citation key 'alpah2020' in [@alpah2020]. "
        "Closest keys in the library: alpha2020.",
    )
    assert len(logged) == 7


# One numbering across documents already converted, as the whole guide needs
# (plugins/citations/continued.py).


def continued(shared, extension, text):
    """``text`` converted on its own, then numbered on by ``shared``."""
    html, record = convert(extension, text)
    return fill_citations(hold_citations(html), shared.number(record["groups"])), record


def test_a_continued_numbering_goes_on_across_documents_without_a_list(library, extension):
    shared = ContinuedCitations(library)
    first, _ = continued(shared, extension, "One [@alpha2020]. Two [@beta2021].")
    second, record = continued(shared, extension, "Again [@beta2021]. New [@gamma2022].")
    assert first == (
        f"<p>One {sup(link(1, 'a', 1), tip(1, '1. ' + ALPHA))}. "
        f"Two {sup(link(2, 'a', 2), tip(2, '2. ' + BETA))}.</p>"
    )
    # Source 2's second use is "b", and the tooltips count on from the first document.
    assert second == (
        f"<p>Again {sup(link(2, 'b', 3), tip(3, '2. ' + BETA))}. "
        f"New {sup(link(3, 'a', 4), tip(4, '3. ' + GAMMA))}.</p>"
    )
    assert shared.sequence.numbering.keys == ["alpha2020", "beta2021", "gamma2022"]
    # The document's own page numbers from 1 and has its own list.
    assert record["cited"] == ["beta2021", "gamma2022"]


def test_a_continued_numbering_gives_one_list_for_every_document(library, extension):
    shared = ContinuedCitations(library)
    continued(shared, extension, "One [@alpha2020].")
    continued(shared, extension, "Two [@alpha2020; @beta2021].")
    html = shared.references_html()
    assert html.count('<section aria-labelledby="cite-references"') == 1
    assert '<li id="cite-ref-1">' in html and '<li id="cite-ref-2">' in html
    assert 'href="#cite-1-a"' in html and 'href="#cite-1-b"' in html
    assert 'href="#cite-2-a"' in html and "cite-ref-3" not in html


def test_a_continued_numbering_with_nothing_cited_has_no_list(library, extension):
    shared = ContinuedCitations(library)
    html, _ = continued(shared, extension, "No citation here.")
    assert shared.references_html() == "" and html == "<p>No citation here.</p>"


def test_the_default_extension_starts_again_in_each_document(extension):
    convert(extension, "One [@alpha2020]. Two [@beta2021].")
    html, record = convert(extension, "Only [@beta2021].")
    assert record["cited"] == ["beta2021"]
    assert link(1, "a", 1) in html and '<li id="cite-ref-1">' in html


@pytest.mark.parametrize(
    "text",
    [
        "Ranges [@alpha2020; @beta2021; @gamma2022; @delta2019] and [see @beta2021, p. 3].",
        "@alpha2020 [p. 33] says so; [-@beta2021] too, and @gamma2022 agrees.",
        "Again [@alpha2020] [@alpha2020] [@beta2021, table 2; @alpha2020].",
    ],
)
def test_numbered_again_from_its_record_a_document_is_as_converted(extension, library, text):
    # Numbered on its own, a held document comes back exactly as it was
    # converted: the record holds everything the markup needs.
    html, record = convert(extension, text)
    shared = ContinuedCitations(library)
    held = hold_citations(html)
    assert "citations-cite" not in held and "cite-references" not in held
    assert held_groups(held) == set(range(1, len(record["groups"]) + 1))
    refilled = fill_citations(held, shared.number(record["groups"]))
    assert refilled + "\n" + shared.references_html() == html


def test_a_record_without_a_held_citation_is_a_mismatch(library):
    with pytest.raises(RecordMismatch, match="citation 2"):
        fill_citations(hold_citations("<p>x</p>") + "\ue0002\ue001", {})


CODE_MENTIONS = """\
Type `Smith et al. (2019)` to show the form.

```
Smith et al. (2019) in a fenced block
```

~~~text
(Jones, 2018) in a tilde fence
~~~

    Brown et al., 2017 in an indented block

As Smith et al. (2019) found in prose.
"""


def test_mentions_in_code_are_not_reported_and_prose_ones_get_their_own_line(extension):
    html, record = convert(extension, CODE_MENTIONS)
    # The code is left as it was written.
    assert "<code>Smith et al. (2019)</code>" in html
    assert "(Jones, 2018) in a tilde fence" in html
    assert record["problems"] == [
        [
            "warning",
            13,
            "'Smith et al. (2019)' looks like a hand-typed citation, so it is not numbered "
            "or linked to the References. Write @key or [@key] with the source's key from "
            "the library, adding the source to the library first if it is missing.",
        ]
    ]


def hand_typed(record):
    return [(line, message.split("'")[1]) for _, line, message in record["problems"]]


def test_each_repeat_of_a_mention_is_reported_on_its_own_line(extension):
    _, record = convert(extension, "Gamma (2022) a.\n\nGamma (2022) b.\n\nGamma (2022) c.\n")
    assert hand_typed(record) == [(1, "Gamma (2022)"), (3, "Gamma (2022)"), (5, "Gamma (2022)")]
    assert record["problems"][0][2].endswith(
        "Write @gamma2022 (narrative) or [@gamma2022] instead."
    )


def test_a_mention_with_a_year_suffix_suggests_the_key_of_that_year(extension):
    _, record = convert(extension, "As Gamma et al. (2022a) found.")
    assert record["problems"][0][2].endswith(
        "Write @gamma2022 (narrative) or [@gamma2022] instead."
    )


def test_a_mention_that_fits_two_sources_suggests_both(tmp_path):
    bib = tmp_path / "two.bib"
    bib.write_text(
        BIB.read_text(encoding="utf-8")
        + "@misc{gamma2022b,\n  author = {Gamma, Gil},\n  title = {Five},\n  year = {2022},\n}\n",
        encoding="utf-8",
    )
    _, record = convert(CitationsExtension(load_library(str(bib))), "As Gamma (2022) found.")
    assert record["problems"][0][2].endswith(
        "Write @gamma2022 or @gamma2022b (narrative) or [@gamma2022] instead."
    )
