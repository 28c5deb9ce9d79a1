"""The pure parts of the citations plugin: groups, numbering, ranges, mentions, lines."""

import pytest

from plugins.citations.mentions import SourceLocator, find_mentions
from plugins.citations.syntax import (
    CitationSyntaxError,
    Item,
    Numbering,
    Segment,
    compress,
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
        ("@key, table 2", [Item("key", "table 2")]),
        ("@a; @b, pp. 3-4", [Item("a"), Item("b", "pp. 3-4")]),
        ("@a; @a", [Item("a")]),
        ("@a, p. 1; @a, p. 5", [Item("a", "p. 1"), Item("a", "p. 5")]),
        ("@doe:2020-x", [Item("doe:2020-x")]),
    ],
)
def test_parse_group(body, expected):
    assert parse_group(body) == expected


@pytest.mark.parametrize("body", ["see @a", "@a, see @b", "@a; b", "@a,", "@"])
def test_parse_group_rejects_unsupported_forms(body):
    with pytest.raises(CitationSyntaxError):
        parse_group(body)


def test_parse_group_message_says_how_to_write_a_group():
    with pytest.raises(CitationSyntaxError) as error:
        parse_group("see @a")
    assert str(error.value) == (
        "cannot read the citation [see @a]. Write [@key], [@key1; @key2] or "
        "[@key, p. 12]: every source starts with @ and sources are separated by semicolons"
    )


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
