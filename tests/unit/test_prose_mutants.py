"""The prose plugin's parts, pinned where mutation testing found them loose.

The PROSE_* limits at their edges, the rules file read from disk, rules on
cited text, the reading figures and their report, and the blocks of text
the extraction gives for the Markdown the guide uses.
"""

import re

import pytest
from conftest import ascii_locale

from guidelib import ERROR, WARNING, Problem, SettingsError
from plugins.prose import (
    Block,
    Reading,
    RulesError,
    extract,
    load_rules,
    measure,
    prose_report,
    read_config,
    rule_problems,
)
from plugins.prose.reading import Sentence, grade_problem, sentence_grade
from plugins.prose.rules import Rule


def settings_problems(settings):
    with pytest.raises(SettingsError) as caught:
        read_config(settings)
    return caught.value.problems


@pytest.mark.parametrize("grade", [0.5, 1, 20])
def test_a_grade_above_0_up_to_20_is_accepted(grade):
    config = read_config({"PROSE_GRADE_ERROR": grade, "PROSE_GRADE_WARNING": grade})
    assert (config.grade_error, config.grade_warning) == (grade, grade)


@pytest.mark.parametrize("grade", [20.5, 21])
def test_a_grade_above_20_is_refused(grade):
    [problem] = settings_problems({"PROSE_GRADE_ERROR": grade})
    assert problem.message == "PROSE_GRADE_ERROR must be a grade between 0 and 20"


def test_every_unknown_content_kind_is_named():
    [problem] = settings_problems({"PROSE_GRADED": ["chapters", "articles", "posts"]})
    assert problem.message == (
        "PROSE_GRADED has unknown content 'chapters', 'posts': use 'articles' and/or 'pages'"
    )


def test_limits_in_the_wrong_order_without_a_settings_file_name_pelicanconf(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert settings_problems({"PROSE_GRADE_ERROR": 8, "PROSE_GRADE_WARNING": 10}) == [
        Problem(
            "pelicanconf.py",
            "PROSE_GRADE_WARNING (10) is above PROSE_GRADE_ERROR (8)",
            line=None,
            hint="set PROSE_GRADE_WARNING to PROSE_GRADE_ERROR or lower",
        )
    ]


def test_the_settings_file_is_read_as_utf8_whatever_the_locale(tmp_path):
    path = tmp_path / "pelicanconf.py"
    path.write_text(
        "# Réglages\nPROSE_GRADE_ERROR = 8\nPROSE_GRADE_WARNING = 10\n", encoding="utf-8"
    )
    settings = {"SETTINGS_FILE": str(path), "PROSE_GRADE_ERROR": 8, "PROSE_GRADE_WARNING": 10}
    with ascii_locale():
        [problem] = settings_problems(settings)
    assert (problem.path, problem.line) == (str(path), 3)


RULES = """\
rules:
  - id: no-hype
    pattern: 'miracle'
    level: warning
    reason: it promises too much
    suggestion: say what it does
"""


def test_a_bad_rules_file_read_from_disk_is_named_by_its_path(tmp_path):
    path = tmp_path / "prose-rules.yaml"
    path.write_text(RULES.replace("'miracle'", "'(miracle'"), encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(str(path))
    assert [(p.path, p.line) for p in caught.value.problems] == [(str(path), 3)]


def rule(rule_id, pattern, unless_cited=False):
    return Rule(rule_id, re.compile(pattern), WARNING, "a reason", "a fix", unless_cited)


def test_a_rule_that_lets_cited_text_through_does_not_stop_the_rules_after_it():
    rules = (rule("first", "miracle", unless_cited=True), rule("second", "cure"))
    block = Block("paragraph", 3, "A miracle cure.", cited=True)
    assert rule_problems("01-a.md", [block], rules) == [
        Problem("01-a.md", '"cure": a reason (prose rule second)', WARNING, 3, "a fix")
    ]


def hardest_on(*lines):
    return tuple(Sentence(line, "A sentence.", 12.0) for line in lines)


def reading(grade, *lines):
    return Reading(words=40, sentences=3, grade=grade, ease=50.0, hardest=hardest_on(*lines))


def test_a_grade_exactly_at_the_error_limit_is_only_a_warning():
    problem = grade_problem("01-a.md", reading(9.0, 4), 2, 9, 7)
    assert (problem.severity, problem.message) == (
        WARNING,
        "reading grade 9 is above 7 (PROSE_GRADE_WARNING; Flesch-Kincaid, on 40 words of prose)",
    )
    assert grade_problem("01-a.md", reading(9.1, 4), 2, 9, 7).severity == ERROR


def test_hardest_sentences_on_one_line_are_named_as_that_line():
    assert grade_problem("01-a.md", reading(12.0, 5, 5, 5), 2, 9, 7) == Problem(
        "01-a.md",
        "reading grade 12 is above 9 (PROSE_GRADE_ERROR; Flesch-Kincaid, on 40 words of prose)",
        ERROR,
        2,
        "use shorter sentences and everyday words; the hardest sentences are on line 5 "
        "(`invoke check --report` lists them)",
    )


def test_hardest_sentences_on_two_lines_are_joined_with_and():
    problem = grade_problem("01-a.md", reading(12.0, 5, 8), 2, 9, 7)
    assert problem.hint == (
        "use shorter sentences and everyday words; the hardest sentences are on lines 5 and 8 "
        "(`invoke check --report` lists them)"
    )


def test_no_prose_reads_at_grade_0_with_no_words():
    assert measure([]) == Reading(words=0, sentences=0, grade=0.0, ease=0.0, hardest=())


@pytest.mark.parametrize("text", ["", "— …", "- * ."])
def test_a_sentence_without_words_has_grade_0(text):
    assert sentence_grade(text) == 0.0


def test_a_record_without_pages_measured_nothing():
    assert prose_report({"sections": {}}) == "Reading grade: no chapter was measured in this build."


def test_a_short_source_name_still_gets_a_source_column_wide_enough_for_its_heading():
    record = {
        "sections": {"prose": {"grade_error": 9, "grade_warning": 7}},
        "pages": [
            {
                "source": "a.md",
                "prose": {
                    "words": 3,
                    "sentences": 1,
                    "grade": 2,
                    "ease": 90,
                    "hardest": [{"line": 1, "text": "Walk a bit.", "grade": 2}],
                },
            }
        ],
    }
    assert prose_report(record).splitlines() == [
        "Reading grade (Flesch-Kincaid, on the prose only): warning above 7, error above 9",
        "",
        "source      words  sentences      grade       ease",
        "a.md            3          1        2.0       90.0",
        "",
        "Hardest sentences in a.md:",
        "  a.md:1: grade 2.0: Walk a bit.",
    ]


def blocks(source):
    return [(block.kind, block.line, block.text, block.cited) for block in extract(source)]


def lines_of(block):
    """The source line of each character of the block's text, as callers ask for it."""
    return [block.line_at(offset) for offset in range(len(block.text))]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # A hard line break, by two spaces or a backslash, is a space as a soft one is.
        ("First line  \nsecond line.\n", [("paragraph", 1, "First line second line.", False)]),
        ("First line\\\nsecond line.\n", [("paragraph", 1, "First line second line.", False)]),
        # An email autolink is left out like a web one.
        ("Write to <help@example.org> today.\n", [("paragraph", 1, "Write to today.", False)]),
        # Escaped characters and entities are text.
        ("Use 5 \\* 3 &amp; more.\n", [("paragraph", 1, "Use 5 * 3 & more.", False)]),
        # Only a final comma, semicolon or colon gives way to the full stop.
        ("- see page X\n", [("item", 1, "see page X.", False)]),
        # Front matter between --- lines, or ended by ..., is not text.
        (
            "---\nTitle: T\n---\n\nText.\n",
            [("title", 2, "T", False), ("paragraph", 5, "Text.", False)],
        ),
        ("Title: T\n...\n\nText.\n", [("title", 1, "T", False), ("paragraph", 4, "Text.", False)]),
        # A line starting with --- ends it, even one written like a field, as in
        # Python-Markdown's meta extension.
        (
            "Title: T\n---: x\nSummary: S\n\nText.\n",
            [
                ("title", 1, "T", False),
                ("paragraph", 3, "Summary: S.", False),
                ("paragraph", 5, "Text.", False),
            ],
        ),
        # The first line that is no field ends the front matter and is text.
        (
            "Title: T\nPlain words here.\n",
            [("title", 1, "T", False), ("paragraph", 2, "Plain words here.", False)],
        ),
        # A summary that is only a citation shows nothing.
        ("Summary: [@a]\n\nText.\n", [("paragraph", 3, "Text.", False)]),
        # Each line of a field continued on indented lines is read on its own line.
        (
            "Title: T\nSummary: first part\n    second part\n\nText.\n",
            [
                ("title", 1, "T", False),
                ("summary", 2, "first part", False),
                ("summary", 3, "second part", False),
                ("paragraph", 5, "Text.", False),
            ],
        ),
        # An admonition first in the file, and one last in the file.
        (
            '!!! note "N"\n    Body text.\n\nAfter.\n',
            [("admonition", 2, "Body text.", False), ("paragraph", 4, "After.", False)],
        ),
        (
            'Before.\n\n!!! note "N"\n    Body text.\n',
            [("paragraph", 1, "Before.", False), ("admonition", 4, "Body text.", False)],
        ),
        # A heading stays a heading inside a quote, a list item or an admonition.
        ("> ## Quoted heading\n", [("heading", 1, "Quoted heading", False)]),
        ("- ## Item heading\n", [("heading", 1, "Item heading", False)]),
        (
            "!!! note\n    ## Card heading\n\n    Card text.\n",
            [("heading", 2, "Card heading", False), ("admonition", 4, "Card text.", False)],
        ),
        # Marks left out at the start or the end leave no space behind.
        ("[@a] Walking helps.\n", [("paragraph", 1, "Walking helps.", True)]),
        ("- a rise [@a]\n", [("item", 1, "a rise.", True)]),
        # After a quote, paragraphs are paragraphs again.
        (
            "> Quoted.\n\nAfter.\n",
            [("quote", 1, "Quoted.", False), ("paragraph", 3, "After.", False)],
        ),
        # A paragraph that is only an image is no block.
        ("![chart](c.svg)\n\nText.\n", [("paragraph", 3, "Text.", False)]),
    ],
)
def test_the_blocks_of_less_common_markdown(source, expected):
    assert blocks(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        # The cited lead-in must be the paragraph just before the list.
        "> It found [@a]:\n\n- item\n",
        # A cited paragraph that does not end with a colon leads into nothing.
        "It helped [@a].\n\n- plain item\n",
    ],
)
def test_a_list_is_not_cited_by_a_cited_block_that_is_no_lead_in_to_it(source):
    assert [cited for *_, cited in blocks(source)] == [True, False]


def test_a_cited_lead_in_covers_its_numbered_list_only():
    source = "It found [@a]:\n\n1. one\n\nLater:\n\n- plain\n"
    assert [cited for *_, cited in blocks(source)] == [True, True, False, False]


def test_a_cited_lead_in_cites_the_items_of_its_list_but_not_a_quote_inside_them():
    source = "It found [@a]:\n\n- ![chart](c.svg)\n- item\n\n    > quoted\n"
    assert blocks(source) == [
        ("paragraph", 1, "It found.", True),
        ("item", 4, "item.", True),
        ("quote", 6, "quoted.", False),
    ]


def test_every_character_keeps_its_line_through_what_is_left_out():
    source = (
        "Title: T\n"
        "\n"
        "Walking `helps` [@a]\n"
        "most people, see https://example.org/x and [^1]\n"
        "the list;  it `is`\n"
        "short;\n"
    )
    (block,) = extract(source)[1:]
    assert block.text == "Walking most people, see and the list; it short."
    assert lines_of(block) == [3] * 8 + [4] * 21 + [5] * 13 + [6] * 6


def test_a_line_break_is_a_space_on_the_next_line():
    (block,) = extract("One line\nand the next.\n")
    assert lines_of(block) == [1] * 8 + [2] * 14


def test_a_space_that_replaces_a_run_of_spaces_keeps_the_line_of_the_text_before_it():
    (block,) = extract("Use `code`\nnow.\n")
    assert block.text == "Use now."
    assert lines_of(block) == [1, 1, 1, 1, 2, 2, 2, 2]


def test_a_block_without_lines_is_on_its_own_line_and_offsets_past_the_end_on_the_last():
    assert Block("paragraph", 3, "text").line_at(2) == 3
    assert Block("paragraph", 3, "ab", lines=(3, 4)).line_at(9) == 4
    assert Block("paragraph", 3, "abc", lines=(3, 3, 4)).line_at(3) == 4


def test_a_cited_item_ending_with_a_colon_cites_the_list_nested_under_it():
    assert blocks("- Plain item\n- It found [@a]:\n\n    - inner\n") == [
        ("item", 1, "Plain item.", False),
        ("item", 2, "It found.", True),
        ("item", 4, "inner.", True),
    ]
