"""Review status: derived from the registry and the dates, never typed; and its warnings."""

from datetime import date

import pytest

from guidelib import WARNING, Problem, SettingsError, read_plugin_settings
from plugins.chapters import review_warnings
from plugins.editorial import Config, contact_problems, derive_review, parse_registry, review_status
from plugins.editorial.plugin import build_today

REGISTRY = parse_registry(
    """\
people:
  - id: writers
    name: Writing team
    role: author
    interests: None declared
  - id: an-editor
    name: An Editor
    role: editor
    interests: None declared
  - id: reviewer-one
    name: Reviewer One
    role: clinical-reviewer
    qualifications: Qualification A
    interests: None declared
""",
    "content/data/editorial.yaml",
)
PATH = "content/chapters/01-a.md"
LINES = {"authors": 6, "reviewers": 9}
REVIEWED, DUE = date(2026, 11, 22), date(2027, 11, 22)


def derive(
    authors=("writers",),
    reviewers=("reviewer-one",),
    reviewed=REVIEWED,
    next_review=DUE,
    today=date(2027, 1, 1),
):
    return derive_review(
        REGISTRY,
        path=PATH,
        lines=LINES,
        authors=list(authors),
        reviewers=list(reviewers),
        reviewed=reviewed,
        next_review=next_review,
        today=today,
    )


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 11, 22), "reviewed"),
        (date(2027, 11, 21), "reviewed"),
        (date(2027, 11, 22), "reviewed"),  # due today: not yet overdue
        (date(2027, 11, 23), "overdue"),
    ],
)
def test_a_signed_chapter_is_reviewed_until_its_next_review_has_passed(today, status):
    assert review_status(["reviewer-one"], REVIEWED, DUE, today) == status


@pytest.mark.parametrize(
    ("reviewers", "reviewed", "next_review"),
    [([], REVIEWED, DUE), (["r"], None, DUE), (["r"], REVIEWED, None), ([], None, None)],
)
def test_anything_less_than_a_full_sign_off_is_a_draft(reviewers, reviewed, next_review):
    assert review_status(reviewers, reviewed, next_review, date(2027, 1, 1)) == "draft"


def test_a_reviewed_chapter_keeps_its_people_and_dates():
    review = derive()
    assert review.problems == []
    assert review.status == "reviewed"
    assert [p.name for p in review.reviewers] == ["Reviewer One"]
    assert review.as_record() == {
        "status": "reviewed",
        "reviewed": "2026-11-22",
        "next_review": "2027-11-22",
        "reviewers": ["reviewer-one"],
        "authors": ["writers"],
    }


def test_a_draft_records_no_review():
    review = derive(authors=("writers", "an-editor"), reviewers=(), reviewed=None, next_review=None)
    assert review.problems == []
    assert review.as_record() == {
        "status": "draft",
        "reviewed": None,
        "next_review": None,
        "reviewers": [],
        "authors": ["writers", "an-editor"],
    }


def test_an_unknown_author_is_named_with_file_line_and_close_ids():
    review = derive(authors=("writer",))
    assert [str(p) for p in review.problems] == [
        f"{PATH}:6: Authors: unknown person 'writer'. Did you mean 'writers'? Or use an id "
        "from content/data/editorial.yaml, or add the person there."
    ]


def test_an_unknown_reviewer_with_nothing_close_gets_no_suggestion():
    review = derive(reviewers=("clinical-review-panel",))
    assert [str(p) for p in review.problems] == [
        f"{PATH}:9: Reviewers: unknown person 'clinical-review-panel'. Use an id from "
        "content/data/editorial.yaml, or add the person there."
    ]
    assert review.status == "draft" and review.reviewers == ()


def test_every_close_id_is_suggested():
    review = derive(authors=("an-editors",), reviewers=())
    assert review.problems[0].hint.startswith("did you mean 'an-editor'? Or use an id")


@pytest.mark.parametrize("person", ["writers", "an-editor"])
def test_only_clinical_reviewers_may_be_reviewers(person):
    review = derive(reviewers=(person,))
    role = REGISTRY.get(person).role
    assert review.problems == [
        Problem(
            PATH,
            f"Reviewers: {person!r} is registered as {role}, not as clinical-reviewer",
            line=9,
            hint="list only clinical reviewers under Reviewers; name writers under Authors",
        )
    ]
    assert review.status == "draft"


def record_page(status, next_review=None, lines=None):
    return {
        "source": PATH,
        "lines": lines or {"title": 1, "next_review": 7},
        "review": {"status": status, "next_review": next_review},
    }


def test_review_warnings_list_drafts_and_reviews_past_due_and_nothing_else():
    pages = [
        {"source": "content/pages/about.md"},
        record_page("draft", lines={"title": 1}),
        record_page("reviewed", "2027-11-22"),
        record_page("overdue", "2027-01-14"),
    ]
    assert review_warnings(pages, date(2027, 11, 22)) == [
        Problem(
            PATH,
            "not reviewed by a clinician yet",
            WARNING,
            line=1,
            hint="once a clinical reviewer in the editorial registry has reviewed it, add "
            "Reviewers, Reviewed and Next_review; until then it is published as a draft",
        ),
        Problem(
            PATH,
            "review was due on 2027-01-14 and is overdue",
            WARNING,
            line=7,
            hint="have a clinical reviewer review the chapter again, then update Reviewed "
            "and Next_review",
        ),
    ]


def test_a_draft_is_reported_on_its_title_line_or_the_first_line():
    pages = [
        record_page("draft", lines={"title": 3}),
        {"source": PATH, "review": {"status": "draft", "next_review": None}},
    ]
    assert [warning.line for warning in review_warnings(pages, date(2027, 1, 1))] == [3, 1]


def test_a_review_reported_as_current_at_build_time_is_overdue_when_checked_later():
    (warning,) = review_warnings([record_page("reviewed", "2027-11-22")], date(2027, 11, 23))
    assert str(warning).startswith(f"{PATH}:7: review was due on 2027-11-22 and is overdue")


def test_the_build_date_is_today_unless_a_setting_fixes_it():
    assert build_today(Config()) == date.today()
    assert build_today(read_plugin_settings({"EDITORIAL_TODAY": "2027-01-31"}, Config)) == date(
        2027, 1, 31
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/01/2027", "EDITORIAL_TODAY must be a date written YYYY-MM-DD, not '31/01/2027'"),
        (20270131, "EDITORIAL_TODAY must be text, not 20270131"),
    ],
)
def test_a_bad_build_date_names_the_setting(value, message):
    with pytest.raises(SettingsError) as caught:
        read_plugin_settings({"EDITORIAL_TODAY": value}, Config)
    assert [p.message for p in caught.value.problems] == [message]


@pytest.mark.parametrize("value", ["", "corrections@guide.test"])
def test_an_empty_or_plausible_contact_address_is_accepted(value):
    assert contact_problems(value) == []


@pytest.mark.parametrize("value", ["corrections", "a b@c.d", None])
def test_a_malformed_contact_address_names_the_setting(value):
    (problem,) = contact_problems(value)
    assert problem.message == f"CONTACT_EMAIL {value!r} is not an email address"
