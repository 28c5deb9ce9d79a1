"""What a publish refuses and what it lets through: drafts, contact, helplines, placeholders."""

import pytest

from guidelib import WARNING, Problem
from plugins.editorial.placeholders import DEFAULT_PATTERNS, compile_patterns, placeholders_in
from sitebuild.readiness import contact_warnings, drafts_hint, sort_warnings

HELPLINES = "content/data/helplines.yaml"
DRAFT = "content/chapters/01-a.md"
REVIEWED = "content/chapters/02-b.md"


def record(email="corrections@guide.test"):
    return {
        "pages": [
            {"source": DRAFT, "review": {"status": "draft"}},
            {"source": REVIEWED, "review": {"status": "reviewed"}},
        ],
        "sections": {
            "helplines": {"max_age_days": 365, "entries": [{"path": HELPLINES}]},
            "editorial": {"contact_email": email},
        },
        "problems": [],
    }


def warning(path, message="x"):
    return Problem(path, message, WARNING, 1)


WARNINGS = [
    warning(HELPLINES, "not verified by a named person"),
    warning(DRAFT, "not reviewed by a clinician yet"),
    warning(REVIEWED, "reading grade 7.5 is above 7"),
]


def test_unverified_helplines_never_stop_a_publish_and_drafts_do_unless_allowed():
    refused, passed = sort_warnings(WARNINGS, record())
    assert [w.path for w in refused] == [DRAFT, REVIEWED]
    assert [w.path for w in passed] == [HELPLINES]
    assert drafts_hint(refused, record()) == [
        "1 chapter(s) above are drafts. To publish them with their 'not yet reviewed' notice, "
        "publish again with --allow-drafts."
    ]


def test_with_allow_drafts_only_the_drafts_get_through_besides_the_helplines():
    refused, passed = sort_warnings(WARNINGS, record(), allow_drafts=True)
    assert [w.path for w in refused] == [REVIEWED]
    assert [w.path for w in passed] == [HELPLINES, DRAFT]
    assert drafts_hint(refused, record()) == []


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("corrections@guide.test", []),
        ("", ["no corrections contact (CONTACT_EMAIL) is set"]),
        ("fix@example.org", ["CONTACT_EMAIL 'fix@example.org' is an example address"]),
        ("fix@mail.example.com", ["CONTACT_EMAIL 'fix@mail.example.com' is an example address"]),
        ("fix@example.net", ["CONTACT_EMAIL 'fix@example.net' is an example address"]),
        ("fix@myexample.org", []),
    ],
)
def test_the_corrections_contact(email, expected):
    assert [w.message for w in contact_warnings(record(email))] == expected


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("TODO: write this", "TODO"),
        ("Numbers TBD.", "TBD"),
        ("see XXX", "XXX"),
        ("Lorem ipsum dolor", "Lorem ipsum"),
        ("write to help@example.com", "example.com"),
        ("www.example.net/page", "example.net"),
        ("A todo list is fine in a sentence about todos", None),
        ("An example of a good day", None),
        ("Call 999 or 112", None),
    ],
)
def test_placeholders_are_found_with_their_line(line, found):
    problems = placeholders_in(
        "content/pages/x.md", f"Title: X\n\n{line}\n", compile_patterns(DEFAULT_PATTERNS)
    )
    if found is None:
        assert problems == []
    else:
        assert [(p.line, p.message, p.severity) for p in problems] == [
            (3, f"placeholder {found!r} left in the content", WARNING)
        ]


def test_a_second_scan_finds_what_changed_and_keeps_what_did_not(tmp_path):
    from plugins.editorial.placeholders import scan

    patterns = compile_patterns(DEFAULT_PATTERNS)
    (tmp_path / "a.md").write_text("Title: A\n\nTODO write this.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Title: B\n\nDone.\n", encoding="utf-8")
    first = scan(tmp_path, patterns)
    assert [(p.path.rsplit("/", 1)[-1], p.line) for p in first] == [("a.md", 3)]
    (tmp_path / "b.md").write_text("Title: B\n\nSee example.com.\n", encoding="utf-8")
    second = scan(tmp_path, patterns)
    assert [(p.path.rsplit("/", 1)[-1], p.line) for p in second] == [("a.md", 3), ("b.md", 3)]
    (tmp_path / "a.md").write_text("Title: A\n\nWritten.\n", encoding="utf-8")
    assert [p.path.rsplit("/", 1)[-1] for p in scan(tmp_path, patterns)] == ["b.md"]


def test_contact_warnings_in_full():
    from guidelib import WARNING, Problem
    from sitebuild.readiness import CONTACT_HINT

    message = "no corrections contact (CONTACT_EMAIL) is set"
    missing = Problem("pelicanconf.py", message, WARNING, hint=CONTACT_HINT)
    assert contact_warnings(record("")) == [missing]
    no_key = {"pages": [], "problems": [], "sections": {"editorial": {}}}
    assert contact_warnings(no_key) == [missing]
    assert contact_warnings(record("fix@example.org")) == [
        Problem(
            "pelicanconf.py",
            "CONTACT_EMAIL 'fix@example.org' is an example address",
            WARNING,
            hint=CONTACT_HINT,
        )
    ]
