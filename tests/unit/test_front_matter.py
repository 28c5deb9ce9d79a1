import pytest
from pelican.settings import read_settings

from guidelib import Problem, field_lines, relative
from plugins.chapters import (
    check_chapter,
    order_problems,
    parse_date,
    parse_ids,
    template_problem,
)
from plugins.chapters.chapters import table_of_contents
from plugins.chapters.front_matter import ChapterMarkdownReader, FrontMatterError

PATH = "content/chapters/01-a-chapter.md"
GOOD = {
    "title": "A chapter",
    "slug": "a-chapter",
    "date": "2026-11-22",
    "modified": "2026-11-22",
    "summary": "About it.",
    "reviewed": "2026-11-22",
    "next_review": "2027-11-22",
    "authors": "editorial-team",
    "reviewers": "reviewer-one",
    "order": "1",
}
DRAFT = {k: v for k, v in GOOD.items() if k not in ("reviewed", "next_review", "reviewers")}
LINES = {name: number for number, name in enumerate([*GOOD, "status", "review_status"], start=1)}


def check(raw):
    return check_chapter(raw, LINES, PATH)


def test_complete_front_matter_has_no_problems():
    assert check(GOOD) == []


def test_a_draft_needs_no_review_fields():
    assert check(DRAFT) == []


@pytest.mark.parametrize(
    ("field", "example"),
    [
        ("title", "Title: Why movement can help with depression"),
        ("slug", "Slug: why-movement-helps"),
        ("date", "Date: 2026-11-22"),
        ("modified", "Modified: 2026-11-22"),
        ("summary", "Summary: One or two plain sentences about the chapter."),
        ("authors", "Authors: editorial-team"),
        ("order", "Order: 1"),
    ],
)
def test_each_missing_field_is_named_with_an_example(field, example):
    raw = {k: v for k, v in DRAFT.items() if k != field}
    assert check(raw) == [
        Problem(
            PATH,
            f"missing required field {field.capitalize()!r}",
            line=LINES[field],
            hint=f"add a line such as '{example}'",
        )
    ]


def test_the_message_names_the_place_once():
    raw = {k: v for k, v in DRAFT.items() if k != "summary"}
    (problem,) = check(raw)
    assert str(problem) == (
        f"{PATH}:5: missing required field 'Summary'. Add a line such as "
        "'Summary: One or two plain sentences about the chapter.'."
    )


def test_blank_field_counts_as_missing():
    (problem,) = check({**GOOD, "summary": "  "})
    assert problem.message == "missing required field 'Summary'"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026-13-45", "'2026-13-45' is not a real calendar date"),
        ("22/11/2026", "'22/11/2026' is not a date in the form YYYY-MM-DD"),
        ("next year", "'next year' is not a date in the form YYYY-MM-DD"),
    ],
)
def test_malformed_dates_name_the_field_and_line(value, reason):
    assert check({**GOOD, "reviewed": value}) == [
        Problem(
            PATH,
            f"field 'Reviewed': {reason}",
            line=LINES["reviewed"],
            hint="write it as 'Reviewed: 2026-11-22'",
        )
    ]


@pytest.mark.parametrize("next_review", ["2026-11-22", "2026-11-21"])
def test_next_review_must_come_after_reviewed(next_review):
    assert check({**GOOD, "next_review": next_review}) == [
        Problem(
            PATH,
            "Next_review must be later than Reviewed",
            line=LINES["next_review"],
            hint="set Next_review to the date the next review falls due",
        )
    ]


def test_next_review_the_day_after_reviewed_is_fine():
    assert check({**GOOD, "next_review": "2026-11-23"}) == []


@pytest.mark.parametrize(
    ("given", "message", "hint"),
    [
        (
            ("reviewed",),
            "Reviewed without Reviewers and Next_review",
            "add Reviewers: <ids of clinical reviewers in the editorial registry> and "
            "Next_review: 2027-11-22 once a clinical reviewer has reviewed the chapter, or remove "
            "Reviewed to leave it a draft",
        ),
        (
            ("reviewers",),
            "Reviewers without Reviewed and Next_review",
            "add Reviewed: 2026-11-22 and Next_review: 2027-11-22 once a clinical reviewer has "
            "reviewed the chapter, or remove Reviewers to leave it a draft",
        ),
        (
            ("reviewed", "next_review"),
            "Reviewed and Next_review without Reviewers",
            "add Reviewers: <ids of clinical reviewers in the editorial registry> once a clinical "
            "reviewer has reviewed the chapter, or remove Reviewed and Next_review to leave it a "
            "draft",
        ),
    ],
    ids=["dates-only", "reviewers-only", "no-reviewers"],
)
def test_a_half_signed_chapter_is_an_error_not_a_review(given, message, hint):
    raw = {**DRAFT, **{name: GOOD[name] for name in given}}
    first = min(LINES[name] for name in given)
    assert check(raw) == [
        Problem(
            PATH,
            message + ": a chapter is signed off with Reviewers, Reviewed and "
            "Next_review, or it is a draft",
            line=first,
            hint=hint,
        )
    ]


@pytest.mark.parametrize(
    ("field", "name"), [("status", "Status"), ("review_status", "Review_status")]
)
def test_a_typed_review_status_is_refused(field, name):
    assert check({**DRAFT, field: "reviewed"}) == [
        Problem(
            PATH,
            f"field {name!r}: the review status is derived, never typed",
            line=LINES[field],
            hint="remove the line: a chapter is reviewed when Reviewers, Reviewed and "
            "Next_review are set, and a draft until then",
        )
    ]


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_order_must_be_a_positive_whole_number(value):
    assert check({**GOOD, "order": value}) == [
        Problem(
            PATH,
            f"field 'Order': {value!r} is not a positive whole number",
            line=LINES["order"],
            hint="write it as 'Order: 1'",
        )
    ]


def test_problems_come_in_line_order():
    raw = {**GOOD, "date": "x", "order": "y"}
    assert [problem.line for problem in check(raw)] == [LINES["date"], LINES["order"]]


def test_problems_are_sorted_by_line_not_by_message():
    # "field 'Order' ..." sorts before "missing ..." by its words, after it by its line.
    raw = {k: v for k, v in {**GOOD, "order": "y"}.items() if k != "title"}
    assert [problem.line for problem in check(raw)] == [LINES["title"], LINES["order"]]


def test_a_field_without_a_known_line_is_reported_on_the_first_line():
    (problem,) = check_chapter({k: v for k, v in DRAFT.items() if k != "summary"}, {}, PATH)
    assert problem.line == 1
    assert str(problem).startswith(f"{PATH}:1: missing required field 'Summary'")


def test_field_lines_stop_at_the_end_of_the_front_matter():
    text = "Title: A\nNext_review: 2027-01-01\n\nDate: in the body\n"
    assert field_lines(text) == {"title": 1, "next_review": 2}


def test_parse_date_returns_the_day():
    assert parse_date("2026-02-28").strftime("%d %m %Y") == "28 02 2026"


def test_ids_are_split_on_commas_each_kept_once():
    assert parse_ids(" a, b ,a,, c") == ["a", "b", "c"]


class Chapter:
    def __init__(self, order, path):
        self.order, self.source_path = order, path
        self.front_matter_lines = {"title": 1, "order": 7}


def test_complete_order_has_no_problems():
    assert order_problems([Chapter(1, "a"), Chapter(2, "b")]) == []


def test_gap_and_repeat_in_order_are_problems_naming_both_files():
    problems = order_problems([Chapter(1, "a.md"), Chapter(1, "b.md"), Chapter(3, "c.md")])
    assert problems == [
        Problem(
            "b.md", "Order 1 is also used by a.md", line=7, hint="give each chapter its own number"
        ),
        Problem(
            "c.md",
            "chapter order has a gap: no chapter has Order 2",
            line=7,
            hint="number the chapters 1 to 2",
        ),
    ]


def test_a_missing_first_number_is_a_gap_and_each_missing_number_is_listed():
    problems = order_problems([Chapter(2, "a.md"), Chapter(4, "b.md"), Chapter(5, "c.md")])
    assert problems == [
        Problem(
            "c.md",
            "chapter order has a gap: no chapter has Order 1, 3",
            line=7,
            hint="number the chapters 1 to 3",
        ),
    ]


def test_a_gap_is_not_reported_while_a_chapter_could_not_be_read():
    chapters = [Chapter(1, "a.md"), Chapter(1, "b.md"), Chapter(3, "c.md")]
    problems = order_problems(chapters, all_read=False)
    assert [problem.message for problem in problems] == ["Order 1 is also used by a.md"]


def test_a_chapter_without_recorded_lines_is_still_named():
    bare = [Chapter(1, "a.md"), Chapter(1, "b.md"), Chapter(3, "c.md")]
    for chapter in bare:
        del chapter.front_matter_lines
    assert [(p.path, p.line) for p in order_problems(bare)] == [("b.md", None), ("c.md", None)]


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


def test_a_template_of_the_theme_is_no_problem(tmp_path):
    (tmp_path / "about.html").write_text("x")
    assert template_problem(" about ", [tmp_path], [".html"], PATH, 4) is None


@pytest.mark.parametrize(
    "value", ["nonexistent", "", "../about", "partials/../about", "about.html", "partials"]
)
def test_a_template_the_theme_lacks_names_the_file_line_and_the_choices(tmp_path, value):
    # Pelican would stop the build when writing the page, naming no file.
    (tmp_path / "about.html").write_text("x")
    (tmp_path / "page.html").write_text("x")
    (tmp_path / "partials").mkdir()
    assert template_problem(value, [tmp_path / "missing", tmp_path], [".html"], PATH, 4) == (
        Problem(
            PATH,
            f"field 'Template': the theme has no template {value!r}",
            line=4,
            hint="remove the line to use the default template, or name one of the theme's: "
            "about, page",
        )
    )


@pytest.mark.parametrize(
    ("field", "value", "name"),
    [
        ("Tags", "fine, \U0001f600", "\U0001f600"),
        ("Category", "\x00", "\x00"),
        ("Author", "\u200f", "\u200f"),
    ],
)
def test_a_name_that_makes_no_address_names_the_file_and_line(tmp_path, field, value, name):
    # Pelican would warn "Unable to generate valid slug", naming no file.
    page = tmp_path / "pages" / "a.md"
    page.parent.mkdir()
    page.write_text(f"Title: A page\n{field}: {value}\n\nText.\n", encoding="utf-8")
    settings = read_settings(None, override={"PATH": str(tmp_path), "ARTICLE_PATHS": ["chapters"]})
    with pytest.raises(FrontMatterError) as error:
        ChapterMarkdownReader(settings).read(str(page))
    assert error.value.problems == [
        Problem(
            relative(str(page)),
            f"field {field!r}: {name!r} has no letter or digit to make its page's address from",
            line=2,
            hint="use a name with letters or digits, or remove it",
        )
    ]


def test_names_with_letters_from_any_script_make_an_address(tmp_path):
    page = tmp_path / "a.md"
    page.write_text("Title: A page\nTags: \u05e9\u05dc\u05d5\u05dd, caf\u00e9\n\nText.\n")
    _, metadata = ChapterMarkdownReader(
        read_settings(None, override={"PATH": str(tmp_path), "ARTICLE_PATHS": ["chapters"]})
    ).read(str(page))
    assert [tag.slug for tag in metadata["tags"]] == ["shlvm", "cafe"]
