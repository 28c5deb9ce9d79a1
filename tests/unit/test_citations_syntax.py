"""The pure parts of the citations plugin: groups, numbering, ranges, mentions, lines.

What each citation form means is checked against the Pandoc manual's
"Citation syntax" section, whose examples are quoted where they are used.
"""

import re

import pytest

from plugins.citations.locators import Locator, split_locator
from plugins.citations.mentions import SourceLocator, find_mentions
from plugins.citations.syntax import (
    GROUP_RE,
    NARRATIVE_RE,
    CitationSyntaxError,
    Item,
    Numbering,
    Segment,
    compress,
    leftover_citation_marks,
    occurrence_label,
    parse_group,
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("@a", [Item("a")]),
        ("@a; @b", [Item("a"), Item("b")]),
        ("  @a ;@b  ", [Item("a"), Item("b")]),
        ("@key, p. 12", [Item("key", "p. 12")]),
        # "table" is not one of Pandoc's locator terms: ", table 2" is a suffix.
        ("@key, table 2", [Item("key", suffix=", table 2")]),
        ("@a; @b, pp. 3-4", [Item("a"), Item("b", "pp. 3-4")]),
        ("@a; @a", [Item("a")]),
        ("@a, p. 1; @a, p. 5", [Item("a", "p. 1"), Item("a", "p. 5")]),
        ("@doe:2020-x", [Item("doe:2020-x")]),
        # The manual: "the first item (doe99) has prefix see, locator pp. 33-35,
        # and suffix and *passim*. The second item (smith04) has locator chap. 1".
        (
            "see @doe99, pp. 33-35 and *passim*; @smith04, chap. 1",
            [Item("doe99", "pp. 33-35", "see", " and *passim*"), Item("smith04", "chap. 1")],
        ),
        (
            "see @key, p. 33; also @other, chap. 2",
            [Item("key", "p. 33", "see"), Item("other", "chap. 2", "also")],
        ),
        ("@key pp. 33-35", [Item("key", "pp. 33-35")]),
        ("@key, chapter 2", [Item("key", "chapter 2")]),
        ("@key p. 3", [Item("key", "p. 3")]),
        (
            "@doe99, pp. 33-35, 38-39 and *passim*",
            [Item("doe99", "pp. 33-35, 38-39", "", " and *passim*")],
        ),
        ("@key and nowhere else", [Item("key", suffix=" and nowhere else")]),
        # Braces keep a locator whole, semicolons included; so do brackets in a suffix.
        ("@a, {chap. 2; 3}; @b", [Item("a", "chap. 2; 3"), Item("b")]),
        ("@a, {p. {1; 2}}; @b", [Item("a", "p. {1; 2}"), Item("b")]),
        ("@a, pp. 3 [and; 4]; @b", [Item("a", "pp. 3", suffix=" [and; 4]"), Item("b")]),
        # A brace never closed is no locator: the text stays as the suffix.
        ("@a, {p. 3", [Item("a", suffix=", {p. 3")]),
        # Runs of spaces and line breaks in a suffix become one space.
        ("@a, p. 3   and\n  more", [Item("a", "p. 3", suffix=" and more")]),
        # "If no locator term is used, page is assumed."
        ("@key, 33", [Item("key", "p. 33")]),
        ("@key 33-35", [Item("key", "pp. 33-35")]),
        # "A minus sign (-) before the @ will suppress mention of the author."
        ("-@smith04", [Item("smith04", suppress_author=True)]),
        ("see -@smith04, p. 44", [Item("smith04", "p. 44", "see", suppress_author=True)]),
        # Braces force a locator, or (empty) prevent one.
        (
            "@smith{ii, A, D-Z}, with a suffix",
            [Item("smith", "pp. ii, A, D-Z", "", ", with a suffix")],
        ),
        (
            "@smith, {pp. iv, vi-xi, (xv)-(xvii)} with suffix here",
            [Item("smith", "pp. iv, vi-xi, (xv)-(xvii)", "", " with suffix here")],
        ),
        ("@smith{}, 99 years later", [Item("smith", suffix=", 99 years later")]),
        ("*see* @item1 p. **32**", [Item("item1", "p. 32", "*see*")]),
        (
            "@{https://example.com/bib?name=foobar&date=2000}, p. 33",
            [Item("https://example.com/bib?name=foobar&date=2000", "p. 33")],
        ),
        ("@a;\n  @b", [Item("a"), Item("b")]),
        (
            "see [the trial](https://example.org/) @a",
            [Item("a", prefix="see [the trial](https://example.org/)")],
        ),
        ("write to help@example.org, see @a", [Item("a", prefix="write to help@example.org, see")]),
    ],
)
def test_parse_group(body, expected):
    assert parse_group(body) == expected


@pytest.mark.parametrize(
    ("head", "tail", "expected"),
    [
        # "@smith04 [p. 33] says blah."
        ("@smith04", "p. 33", [Item("smith04", "p. 33")]),
        ("@smith04", "p. 30, with suffix", [Item("smith04", "p. 30", suffix=", with suffix")]),
        # Pandoc's own test: "@item1 [-@item2 p. 30; see also @item3] says blah."
        (
            "@item1",
            "-@item2 p. 30; see also @item3",
            [
                Item("item1"),
                Item("item2", "p. 30", suppress_author=True),
                Item("item3", prefix="see also"),
            ],
        ),
        ("@a", "p. 3; @b", [Item("a", "p. 3"), Item("b")]),
        ("-@a", "chap. 2", [Item("a", "chap. 2", suppress_author=True)]),
        ("@{a.b.}", "", [Item("a.b.")]),
    ],
)
def test_parse_narrative_bracket(head, tail, expected):
    assert parse_group(tail, head=head) == expected


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("@a; b", "'b' names no source"),
        ("@a, see @b", "'@a, see @b' names more than one source without a semicolon between them"),
        ("@a @b", "'@a @b' names more than one source without a semicolon between them"),
        ("@a;", "a semicolon is not followed by a source"),
        ("@", "an @ is not followed by a citation key"),
        ("see @ 5pm", "an @ is not followed by a citation key"),
    ],
)
def test_parse_group_rejects_what_pandoc_does_not_read(body, reason):
    with pytest.raises(CitationSyntaxError) as error:
        parse_group(body)
    assert str(error.value) == (
        f"cannot read the citation [{body}]: {reason}. Write each source as @key, with an "
        "optional prefix before it and a locator or suffix after it, and separate sources "
        "with semicolons, e.g. [see @key, p. 12; @other]. If the @ does not start a "
        "citation, write \\@"
    )


def test_a_comma_without_a_locator_is_an_error():
    with pytest.raises(CitationSyntaxError) as error:
        parse_group("@a,")
    assert str(error.value) == (
        "the citation [@a,] has a comma but no locator. "
        "Remove the comma or add the locator, e.g. [@key, p. 12]"
    )


# Every locator term of the manual's list, long and short, singular and plural,
# with the CSL term it names. The manual's "number, no./nos." is the term issue.
TERMS = {
    "book": ["book", "books", "bk.", "bks."],
    "chapter": ["chapter", "chapters", "chap.", "chaps."],
    "column": ["column", "columns", "col.", "cols."],
    "figure": ["figure", "figures", "fig.", "figs."],
    "folio": ["folio", "folios", "fol.", "fols."],
    "issue": ["number", "numbers", "no.", "nos.", "issue", "issues"],
    "line": ["line", "lines", "l.", "ll."],
    "note": ["note", "notes", "n.", "nn."],
    "opus": ["opus", "opera", "op.", "opp."],
    "page": ["page", "pages", "p.", "pp."],
    "paragraph": ["paragraph", "paragraphs", "para.", "paras.", "\u00b6", "\u00b6\u00b6"],
    "part": ["part", "parts", "pt.", "pts."],
    "section": ["section", "sections", "sec.", "secs.", "\u00a7", "\u00a7\u00a7"],
    "sub-verbo": ["sub verbo", "sub verbis", "s.v.", "s.vv."],
    "verse": ["verse", "verses", "v.", "vv."],
    "volume": ["volume", "volumes", "vol.", "vols."],
}
WRITTEN = [(term, form) for term, forms in TERMS.items() for form in forms]


@pytest.mark.parametrize(("term", "form"), WRITTEN)
@pytest.mark.parametrize("comma", [", ", " "])
def test_every_locator_term_with_or_without_the_comma(term, form, comma):
    assert split_locator(f"{comma}{form} 12") == (Locator(f"{form} 12", term), "")
    assert split_locator(f"{comma}{form.upper()} 12-14") == (
        Locator(f"{form.upper()} 12-14", term),
        "",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (", chap. IV", (Locator("chap. IV", "chapter"), "")),  # Roman numerals with a term
        (", iv", (None, ", iv")),  # but not without one
        (", chap. two", (None, ", chap. two")),  # a locator needs a number
        (", p.3", (Locator("p. 3", "page"), "")),
        (", l. 34(1)", (Locator("l. 34(1)", "line"), "")),
        (", fig. 2a", (Locator("fig. 2a", "figure"), "")),
        (", p. 3.2", (Locator("p. 3.2", "page"), "")),
        (" vols. 2 and 3", (Locator("vols. 2", "volume"), " and 3")),
        (", 2020 data", (Locator("p. 2020", "page"), " data")),
        ("", (None, "")),
    ],
)
def test_split_locator(text, expected):
    assert split_locator(text) == expected


@pytest.mark.parametrize(
    ("locale", "shown"),
    [("bg-BG", "стр."), ("uk-UA", "С."), ("zh-CN", "页"), ("zh-TW", "頁"), ("de-DE", "S.")],
)
def test_a_bare_page_number_takes_the_locales_own_short_form(locale, shown):
    # The first four locales write the short "page" term as one text, without
    # <single> and <multiple>.
    assert split_locator(", 33", locale) == (Locator(f"{shown} 33", "page"), "")
    assert split_locator(", 33-35", locale) == (Locator(f"{shown} 33-35", "page"), "")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # The manual: "In @Foo_bar.baz., the key is Foo_bar.baz", "In
        # @{Foo_bar.baz.}, the key is Foo_bar.baz.", "In @Foo_bar--baz, the key is Foo_bar".
        ("@Foo_bar.baz.", "Foo_bar.baz"),
        ("@{Foo_bar.baz.}", "{Foo_bar.baz.}"),
        ("@Foo_bar--baz", "Foo_bar"),
        ("@_x1:2#3$4%5&6-7+8?9<a>b~c/d", "_x1:2#3$4%5&6-7+8?9<a>b~c/d"),
        ("@doi:10.1000/one,", "doi:10.1000/one"),
        ("@http://example.org/a.", "http://example.org/a"),
        ("@1999report", "1999report"),
        ("@øverland2018", "øverland2018"),
    ],
)
def test_keys_take_the_characters_pandoc_allows(text, key):
    match = re.match(NARRATIVE_RE, text)
    assert (match["key"] or match["braced"]) == key


@pytest.mark.parametrize(
    "text",
    ["help@example.org", "https://example.org/@name", "a-@b", "x\\@key", "@", "@-a", "@.a"],
)
def test_not_a_citation_mark(text):
    assert not re.search(NARRATIVE_RE, text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("[@a] is [-@b] or @c.", ["[@a]", "[-@b]"]),
        ("@a [p. 3] and @b", ["@a [p. 3]"]),
        ("@a says [@b]", ["[@b]"]),
        ("@a\n[p. 3; @b]", ["@a\n[p. 3; @b]"]),
        ("[see @ 5pm]", ["[see @ 5pm]"]),  # unreadable, so taken and reported
        ("[mail a@b.org]", []),
        ("[@a](https://example.org/)", []),
        ("[@a][ref]", []),
        (
            "[see [the trial](https://example.org/) @a]",
            ["[see [the trial](https://example.org/) @a]"],
        ),
    ],
)
def test_group_pattern(text, found):
    assert [m.group(0) for m in re.finditer(GROUP_RE, text)] == found


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("As @singh2023 showed [-@bull2020].", ["@singh2023", "-@bull2020"]),
        ("See [@{odd key}] and @{https://x.org/a}.", ["@{https://x.org/a}"]),
        ("Write to help@example.org or https://example.org/@guide.", []),
        ("Alpha (2020)1 found it.", []),
        ("An @ sign, @ alone and @. too", []),
    ],
)
def test_leftover_citation_marks(text, marks):
    assert leftover_citation_marks(text) == marks


@pytest.mark.parametrize(
    ("index", "label"), [(0, "a"), (1, "b"), (25, "z"), (26, "aa"), (27, "ab"), (52, "ba")]
)
def test_occurrence_label(index, label):
    assert occurrence_label(index) == label


@pytest.mark.parametrize(
    ("numbered", "expected"),
    [
        ([(1, "")], [Segment(1, 1)]),
        ([(1, ""), (2, "")], [Segment(1, 1), Segment(2, 2)]),
        ([(3, ""), (1, ""), (2, "")], [Segment(1, 3)]),
        ([(1, ""), (2, ""), (3, ""), (5, "")], [Segment(1, 3), Segment(5, 5)]),
        ([(1, ""), (3, ""), (5, "")], [Segment(1, 1), Segment(3, 3), Segment(5, 5)]),
        (
            [(1, ""), (2, "p. 4"), (3, "")],
            [Segment(1, 1), Segment(2, 2, "p. 4"), Segment(3, 3)],
        ),
        ([(4, ""), (5, ""), (6, ""), (7, "")], [Segment(4, 7)]),
        # A source cited twice in one group counts once in its range.
        ([(1, ""), (2, ""), (2, ""), (3, ""), (4, "")], [Segment(1, 4)]),
        # A prefix or suffix keeps a source out of a range, like a locator.
        (
            [(1, ""), (2, ("", "see", "")), (3, "")],
            [Segment(1, 1), Segment(2, 2, ("", "see", "")), Segment(3, 3)],
        ),
        (
            [(2, ("p. 3", "", "")), (1, ""), (2, ""), (3, "")],
            [Segment(1, 1), Segment(2, 2), Segment(2, 2, ("p. 3", "", "")), Segment(3, 3)],
        ),
    ],
)
def test_compress(numbered, expected):
    assert compress(numbered) == expected


def test_numbering_follows_first_citation_and_reuses_numbers():
    numbering = Numbering()
    assert numbering.cite("b") == (1, "a")
    assert numbering.cite("a") == (2, "a")
    assert numbering.cite("b") == (1, "b")
    assert numbering.keys == ["b", "a"]


AUTHORS = {"singh", "harvey", "øverland"}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("as Smith et al. (2019) showed", [("Smith et al. (2019)", "Smith", "2019")]),
        ("as Smith et al., 2019 showed", [("Smith et al., 2019", "Smith", "2019")]),
        ("shown before (Smith, 2019).", [("(Smith, 2019)", "Smith", "2019")]),
        ("shown (Smith and Jones, 2019)", [("(Smith and Jones, 2019)", "Smith", "2019")]),
        ("Singh (2023) found", [("Singh (2023)", "Singh", "2023")]),
        ("Harvey and Hotopf (2018) found", [("Harvey and Hotopf (2018)", "Harvey", "2018")]),
        # A capitalised word and a year in brackets is only a mention when
        # the name is an author in the library.
        ("launched in Canada (2023)", []),
        ("In 2019 we wrote", []),
        ("January 2020", []),
    ],
)
def test_find_mentions(text, found):
    assert list(find_mentions(text, AUTHORS)) == found


def test_a_mention_glued_to_the_end_of_another_is_found_too():
    text = "Singh et al., 2023Harvey (2018)"
    assert [name for _, name, _ in find_mentions(text, AUTHORS)] == ["Singh", "Harvey"]


def test_both_kinds_of_mention_in_one_text_are_found_in_text_order():
    text = "Singh (2023) agreed with Smith et al. (2019) and Harvey (2018)."
    assert [name for _, name, _ in find_mentions(text, AUTHORS)] == ["Singh", "Smith", "Harvey"]


SOURCE = [
    "Title: x",
    "",
    "Text [@a] here.",
    "",
    "```",
    "[@b]",
    "```",
    "",
    "Inline `[@b]` and [@b]",
    "and [@c;",
    "@d] end, then @a.",
]


@pytest.mark.parametrize(
    ("needle", "nth", "hide_groups", "line"),
    [
        ("[@a]", 0, False, 3),
        ("[@b]", 0, False, 9),  # not the fenced block on line 6 nor the code span
        ("[@c;\n@d]", 0, False, 10),
        ("@a", 0, True, 11),  # the narrative, not the group on line 3
        ("@a", 0, False, 3),
        ("missing", 0, False, 1),
    ],
)
def test_source_locator(needle, nth, hide_groups, line):
    assert SourceLocator(SOURCE).line_of(needle, nth, hide_groups=hide_groups) == line


@pytest.mark.parametrize(
    ("lines", "needle", "nth", "line"),
    [
        # The first occurrence unless told otherwise; past the last, the last.
        (["alpha", "x", "alpha", "alpha"], "alpha", None, 1),
        (["alpha", "x", "alpha", "alpha"], "alpha", 1, 3),
        (["alpha", "x", "alpha", "alpha"], "alpha", 9, 4),
        # Text found only in code is still placed, on its line in the code.
        (["x", "`code only`"], "code only", 0, 2),
        (["x", "```", "alpha", "```"], "alpha", 0, 3),
        # Whole words: not inside a longer word at either end.
        (["Malpha one", "alpha one"], "alpha one", 0, 2),
        (["alpha ones", "alpha one"], "alpha one", 0, 2),
        # A needle that starts or ends with punctuation may touch a word.
        (["x", "a(2019)"], "(2019)", 0, 2),
        (["x", "2019)a"], "2019)", 0, 2),
        # The code span is hidden, so the prose on the next line is found.
        (["`alpha`", "alpha"], "alpha", 0, 2),
        (["", "alpha"], "alpha", 0, 2),
        (["alpha"], "", 0, 1),
        # Groups are hidden only when asked: by default the group counts.
        (["[@alpha2020]", "@alpha2020"], "@alpha2020", 0, 1),
    ],
)
def test_source_locator_occurrences_and_word_edges(lines, needle, nth, line):
    locator = SourceLocator(lines)
    found = locator.line_of(needle) if nth is None else locator.line_of(needle, nth)
    assert found == line


def test_a_line_that_matches_nothing_is_the_first():
    locator = SourceLocator(["Title: x", "Summary: y"])
    assert locator.line_matching(r"\s*summary\s*:") == 2
    assert locator.line_matching(r"\s*order\s*:") == 1
