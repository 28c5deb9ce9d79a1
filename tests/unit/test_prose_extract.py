"""Prose extraction: the exact Markdown in, the exact blocks (kind, line, text) out."""

import pytest

from plugins.prose import Block, extract, prose


def blocks(source):
    return [(block.kind, block.line, block.text) for block in extract(source)]


FRONT_MATTER = """\
Title: Starting small
Slug: starting-small
Summary: A first step.

Text.
"""


def test_front_matter_is_left_out_of_the_prose_but_title_and_summary_are_kept_apart():
    assert blocks(FRONT_MATTER) == [
        ("title", 1, "Starting small"),
        ("summary", 3, "A first step."),
        ("paragraph", 5, "Text."),
    ]
    assert [block.kind for block in prose(extract(FRONT_MATTER))] == ["paragraph"]


def test_a_source_without_front_matter_starts_with_its_first_paragraph():
    assert blocks("Just text: no field.\n") == [("paragraph", 1, "Just text: no field.")]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # A paragraph over two lines is one block starting on its first line.
        ("One line\nand the next.\n", [("paragraph", 1, "One line and the next.")]),
        ("## A heading\n\nText.\n", [("heading", 1, "A heading"), ("paragraph", 3, "Text.")]),
        ("> Quoted words.\n", [("quote", 1, "Quoted words.")]),
        # A list item with no final punctuation ends a sentence with ".".
        (
            "- walk to the door\n- stretch;\n- rest!\n",
            [("item", 1, "walk to the door."), ("item", 2, "stretch."), ("item", 3, "rest!")],
        ),
        # A paragraph that introduces a list ends a sentence too.
        (
            "Try these steps:\n\n1. Stand up.\n",
            [("paragraph", 1, "Try these steps."), ("item", 3, "Stand up.")],
        ),
        (
            "| a | b |\n| --- | --- |\n| c | d |\n",
            [("cell", 1, "a"), ("cell", 1, "b"), ("cell", 3, "c"), ("cell", 3, "d")],
        ),
    ],
)
def test_blocks_and_their_lines(source, expected):
    assert blocks(source) == expected


def test_an_admonition_body_is_prose_and_its_title_is_not():
    source = (
        "Before.\n"
        "\n"
        '!!! emergency "Get emergency help now"\n'
        "    Stop moving if you get chest pain.\n"
        "    Call your local emergency number.\n"
        "\n"
        "    A second paragraph\n"
        "    in the card.\n"
        "\n"
        "After.\n"
    )
    assert blocks(source) == [
        ("paragraph", 1, "Before."),
        ("admonition", 4, "Stop moving if you get chest pain. Call your local emergency number."),
        ("admonition", 7, "A second paragraph in the card."),
        ("paragraph", 10, "After."),
    ]


def test_code_html_and_images_are_left_out():
    source = (
        "Use `git commit` to save.\n"
        "\n"
        "```text\n"
        "fenced code is not prose\n"
        "```\n"
        "\n"
        "    indented code is not prose\n"
        "\n"
        '<div class="note">\n'
        "raw HTML is not prose\n"
        "</div>\n"
        "\n"
        "A picture ![a chart of 12% more](chart.svg) here.\n"
    )
    assert blocks(source) == [
        ("paragraph", 1, "Use to save."),
        ("paragraph", 13, "A picture here."),
    ]


def test_urls_go_and_a_links_text_stays():
    source = (
        "See [Get help now]({filename}/pages/get-help.md), <https://example.org/a>\n"
        "or https://www.nhs.uk/mental-health/. Or www.example.org too.\n"
    )
    assert blocks(source) == [("paragraph", 1, "See Get help now, or. Or too.")]


def test_citation_marks_and_footnote_marks_go_and_the_block_is_cited():
    source = (
        "Activity helped [@singh2023]. It helped more [see @a; @b, p. 3],\n"
        "as @schuch2016 found.[^1] Write to help@example.org.\n"
    )
    (block,) = extract(source)
    assert block == Block(
        "paragraph",
        1,
        "Activity helped. It helped more, as found. Write to help@example.org.",
        cited=True,
    )


def test_a_citation_inside_code_does_not_cite_the_block():
    (block,) = extract("Type `[@singh2023]` to cite.\n")
    assert (block.text, block.cited) == ("Type to cite.", False)


def test_a_cited_lead_in_ending_with_a_colon_cites_its_list():
    source = "It found the following [@szuhany2015]:\n\n- a rise (g 0.46);\n\nLater:\n\n- plain\n"
    assert [(block.kind, block.cited) for block in extract(source)] == [
        ("paragraph", True),
        ("item", True),
        ("paragraph", False),
        ("item", False),
    ]


def test_each_character_keeps_its_source_line():
    (block,) = extract("Title: T\n\nFirst line,\nsecond line,\nthird line.\n")[1:]
    assert block.line_at(block.text.index("second")) == 4
    assert block.line_at(block.text.index("third")) == 5


@pytest.mark.parametrize(
    "left_out",
    [
        '<span\nclass="x">',  # inline HTML over two lines
        "![a chart\nof moods](chart.svg)",  # an image whose text runs over two lines
        "`code\nspan`",  # a code span over two lines
        "``a `\nb``",  # one opened by two backticks, with one inside
        '<b title="`">`x\ny`</b>',  # a code span after a backtick in inline HTML
        "`a`<br>`b\nc`",  # code spans on either side of inline HTML
        "![a\\\nchart](chart.svg)",  # an image whose text has a hard break
        "![a `b\nc`](chart.svg) `d`",  # code spans in and after an image's text
    ],
)
def test_text_after_a_left_out_part_over_two_lines_keeps_its_line(left_out):
    (block,) = extract(f"Before {left_out} then,\nlast.\n")
    assert (block.line_at(block.text.index("then")), block.line_at(block.text.index("last"))) == (
        2,
        3,
    )


def test_code_spans_that_do_not_pair_up_with_the_source_add_no_lines():
    # After an escaped backslash, a backtick opens a code span that the search
    # of the source does not find: the code spans' line breaks are then not counted.
    (block,) = extract("A \\\\`b\nc` then,\nlast.\n")
    assert (block.line_at(block.text.index("then")), block.line_at(block.text.index("last"))) == (
        1,
        2,
    )


def test_the_line_breaks_of_an_images_code_span_count_where_the_image_is():
    (block,) = extract("Before ![a `b\nc`](chart.svg) mid `d` then,\nlast.\n")
    assert [block.line_at(block.text.index(word)) for word in ("mid", "then", "last")] == [2, 2, 3]


def test_inline_html_also_written_in_a_later_code_span_keeps_the_code_spans_lines():
    (block,) = extract("A <b\nclass> `<b\nclass>` then,\nlast.\n")
    assert [block.line_at(block.text.index(word)) for word in ("then", "last")] == [3, 4]
