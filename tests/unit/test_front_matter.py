import pytest

from plugins.chapters import check_chapter, field_lines, parse_date
from plugins.chapters.chapters import order_problems, table_of_contents

GOOD = {
    "title": "A chapter",
    "slug": "a-chapter",
    "date": "2026-11-22",
    "modified": "2026-11-22",
    "summary": "About it.",
    "reviewed": "2026-11-22",
    "next_review": "2027-11-22",
    "authors": "Guide editorial team",
    "reviewers": "Clinical review panel",
    "order": "1",
}
LINES = {name: number for number, name in enumerate(GOOD, start=1)}


def test_complete_front_matter_has_no_problems():
    assert check_chapter(GOOD, LINES) == []


@pytest.mark.parametrize("field", sorted(GOOD))
def test_each_missing_field_is_named_with_an_example(field):
    raw = {k: v for k, v in GOOD.items() if k != field}
    (problem,) = check_chapter(raw, LINES)
    assert problem[1].startswith(f"missing required field {field.capitalize()!r}")
    assert "add a line such as" in problem[1]


def test_blank_field_counts_as_missing():
    (problem,) = check_chapter({**GOOD, "summary": "  "}, LINES)
    assert "missing required field 'Summary'" in problem[1]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026-13-45", "not a real calendar date"),
        ("22/11/2026", "not a date in the form"),
        ("next year", "not a date in the form"),
    ],
)
def test_malformed_dates_name_the_field_and_line(value, reason):
    (problem,) = check_chapter({**GOOD, "reviewed": value}, LINES)
    assert problem[0] == LINES["reviewed"]
    assert problem[1].startswith("field 'Reviewed':")
    assert reason in problem[1]


def test_next_review_must_come_after_reviewed():
    (problem,) = check_chapter({**GOOD, "next_review": "2026-11-22"}, LINES)
    assert problem == (LINES["next_review"], "Next_review must be later than Reviewed")


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_order_must_be_a_positive_whole_number(value):
    (problem,) = check_chapter({**GOOD, "order": value}, LINES)
    assert "is not a positive whole number" in problem[1]


def test_problems_come_in_line_order():
    raw = {**GOOD, "date": "x", "order": "y"}
    assert [line for line, _ in check_chapter(raw, LINES)] == [LINES["date"], LINES["order"]]


def test_field_lines_stop_at_the_end_of_the_front_matter():
    text = "Title: A\nNext_review: 2027-01-01\n\nDate: in the body\n"
    assert field_lines(text) == {"title": 1, "next_review": 2}


def test_parse_date_returns_the_day():
    assert parse_date("2026-02-28").strftime("%d %m %Y") == "28 02 2026"


class Chapter:
    def __init__(self, order, path):
        self.order, self.source_path = order, path


def test_complete_order_has_no_problems():
    assert order_problems([Chapter(1, "a"), Chapter(2, "b")]) == []


def test_gap_and_repeat_in_order_are_reported():
    problems = order_problems([Chapter(1, "a"), Chapter(1, "b"), Chapter(3, "c")])
    assert problems == [
        "b: Order 1 is also used by a; give each chapter its own number",
        "chapter order has a gap: no chapter has Order 2; the chapters must be numbered 1 to 2",
    ]


OUTLINE = [
    {
        "level": 2,
        "id": "one",
        "name": "One",
        "children": [{"level": 3, "id": "one-a", "name": "One A", "children": []}],
    },
    {"level": 2, "id": "two", "name": "Two", "children": []},
]


def test_table_of_contents_keeps_second_and_third_levels():
    assert table_of_contents(OUTLINE, 2) == [
        ("one", "One", [("one-a", "One A")]),
        ("two", "Two", []),
    ]


def test_short_chapters_get_no_table_of_contents():
    assert table_of_contents(OUTLINE, 3) == []


def test_reviews_that_have_fallen_due_are_warnings(tmp_path):
    from datetime import date

    from plugins.chapters import reviews_due

    for name, due in (("a.md", "2027-01-10"), ("b.md", "2027-06-01"), ("c.md", "not a date")):
        (tmp_path / name).write_text(f"Title: {name}\nNext_review: {due}\n\nText.\n")
    assert reviews_due(tmp_path, date(2027, 1, 9)) == []
    (warning,) = reviews_due(tmp_path, date(2027, 1, 10))
    assert warning == (str(tmp_path / "a.md"), "review was due on 2027-01-10; review the "
                       "chapter and update Reviewed and Next_review")
    assert len(reviews_due(tmp_path, date(2030, 1, 1))) == 2
