"""The editorial plugin's parts, pinned where mutation testing found them loose.

The placeholder scan of the content folder (which files, in which order,
what an unreadable file does, what a rebuild searches again), the
registry's messages and lines, and the review a chapter is given.
"""

from datetime import date

import pytest
from conftest import ascii_locale

from guidelib import WARNING, Problem
from plugins.editorial import (
    RegistryError,
    derive_review,
    load_registry,
    parse_registry,
    placeholders,
)
from plugins.editorial.placeholders import DEFAULT_PATTERNS, compile_patterns, scan

HINT = "write what belongs here; `invoke publish` refuses placeholders"


def found(path, word, line):
    return Problem(str(path), f"placeholder {word!r} left in the content", WARNING, line, hint=HINT)


def test_every_text_file_is_scanned_in_order_and_other_files_are_not(tmp_path):
    for name in ("b.md", "a.yaml", "z/c.bib", "m/d.html", "m/e.txt", "style.css", "tool.py"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("Intro.\nTODO\n", encoding="utf-8")
    assert scan(tmp_path, compile_patterns(DEFAULT_PATTERNS)) == [
        found(tmp_path / name, "TODO", 2)
        for name in ("a.yaml", "b.md", "m/d.html", "m/e.txt", "z/c.bib")
    ]


def test_a_line_with_two_placeholders_is_one_warning_for_the_first_pattern(tmp_path):
    (tmp_path / "a.md").write_text("Write to x@example.com TODO.\n", encoding="utf-8")
    assert scan(tmp_path, compile_patterns(DEFAULT_PATTERNS)) == [
        found(tmp_path / "a.md", "TODO", 1)
    ]


def test_a_file_that_is_not_utf8_is_skipped_and_the_files_after_it_are_scanned(tmp_path):
    (tmp_path / "a.md").write_bytes(b"TODO \xff\n")
    (tmp_path / "b.md").write_text("TBD\n", encoding="utf-8")
    assert scan(tmp_path, compile_patterns(DEFAULT_PATTERNS)) == [
        found(tmp_path / "b.md", "TBD", 1)
    ]


def test_the_files_are_read_as_utf8_whatever_the_locale(tmp_path):
    (tmp_path / "a.md").write_text("Café.\nLorem ipsum.\n", encoding="utf-8")
    with ascii_locale():
        problems = scan(tmp_path, compile_patterns(DEFAULT_PATTERNS))
    assert problems == [found(tmp_path / "a.md", "Lorem ipsum", 2)]


def test_a_rebuild_searches_only_files_whose_text_or_patterns_changed(tmp_path, monkeypatch):
    searched = []
    search = placeholders.placeholders_in

    def counting(path, text, patterns):
        searched.append(path.rsplit("/", 1)[-1])
        return search(path, text, patterns)

    monkeypatch.setattr(placeholders, "placeholders_in", counting)
    (tmp_path / "a.md").write_text("TODO\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Done.\n", encoding="utf-8")
    patterns = compile_patterns(DEFAULT_PATTERNS)
    assert scan(tmp_path, patterns) == [found(tmp_path / "a.md", "TODO", 1)]
    assert searched == ["a.md", "b.md"]
    assert scan(tmp_path, patterns) == [found(tmp_path / "a.md", "TODO", 1)]
    assert searched == ["a.md", "b.md"]
    (tmp_path / "b.md").write_text("TBD\n", encoding="utf-8")
    assert scan(tmp_path, patterns) == [
        found(tmp_path / "a.md", "TODO", 1),
        found(tmp_path / "b.md", "TBD", 1),
    ]
    assert searched == ["a.md", "b.md", "b.md"]
    assert scan(tmp_path, compile_patterns([r"\bTBD\b"])) == [found(tmp_path / "b.md", "TBD", 1)]
    assert searched == ["a.md", "b.md", "b.md", "a.md", "b.md"]


REGISTRY_TEXT = """\
people:
  - id: writers
    name: Writing team
    role: author
    interests: None declared
  - id: reviewer-one
    name: Reviewer One
    role: clinical-reviewer
    qualifications: Qualification A
    interests: None declared
"""


def test_a_registry_read_from_a_file_is_named_by_that_file(tmp_path):
    path = tmp_path / "editorial.yaml"
    path.write_text(REGISTRY_TEXT, encoding="utf-8")
    registry = load_registry(path)
    assert (registry.path, [p.id for p in registry.people]) == (
        str(path),
        ["writers", "reviewer-one"],
    )
    path.write_text(REGISTRY_TEXT.replace("role: author", "role: doctor"), encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    assert [p.path for p in caught.value.problems] == [str(path)]


def test_a_badly_written_id_is_reported_on_its_own_line():
    text = (
        "people:\n  - name: Writing team\n    id: Writing Team\n    role: author\n"
        "    interests: None declared\n"
    )
    with pytest.raises(RegistryError) as caught:
        parse_registry(text, "editorial.yaml")
    assert caught.value.problems == [
        Problem(
            "editorial.yaml",
            "id 'Writing Team' is not lower-case letters, digits and hyphens",
            line=3,
            hint="write it as 'id: editorial-team'",
        )
    ]


def person_entry(person_id, role="author"):
    return f"  - id: {person_id}\n    name: N\n    role: {role}\n    interests: None declared\n"


def test_at_most_three_close_ids_are_suggested_joined_with_or():
    registry = parse_registry(
        "people:\n" + "".join(person_entry(f"writer-{c}") for c in "abcd"), "editorial.yaml"
    )
    assert registry.close_ids("writer-x") == ["writer-d", "writer-c", "writer-b"]
    review = derive_review(
        registry,
        path="01-a.md",
        lines={},
        authors=["writer-x"],
        reviewers=[],
        reviewed=None,
        next_review=None,
        today=date(2027, 1, 1),
    )
    assert review.problems == [
        Problem(
            "01-a.md",
            "Authors: unknown person 'writer-x'",
            line=1,
            hint="did you mean 'writer-d' or 'writer-c' or 'writer-b'? Or use an id from "
            "editorial.yaml, or add the person there",
        )
    ]


def test_without_the_fields_lines_an_unknown_reviewer_is_reported_on_line_1():
    registry = parse_registry(REGISTRY_TEXT, "editorial.yaml")
    review = derive_review(
        registry,
        path="01-a.md",
        lines={"authors": 5},
        authors=["writers"],
        reviewers=["nobody-at-all"],
        reviewed=date(2026, 1, 1),
        next_review=date(2027, 1, 1),
        today=date(2026, 6, 1),
    )
    assert [(p.message, p.line) for p in review.problems] == [
        ("Reviewers: unknown person 'nobody-at-all'", 1)
    ]


@pytest.mark.parametrize(
    ("reviewed", "next_review"),
    [(None, None), (date(2026, 1, 1), None), (None, date(2027, 1, 1))],
)
def test_a_partly_signed_chapter_is_a_draft_that_records_no_reviewer_or_date(reviewed, next_review):
    registry = parse_registry(REGISTRY_TEXT, "editorial.yaml")
    review = derive_review(
        registry,
        path="01-a.md",
        lines={"authors": 5, "reviewers": 6},
        authors=["writers"],
        reviewers=["reviewer-one"],
        reviewed=reviewed,
        next_review=next_review,
        today=date(2026, 6, 1),
    )
    assert (review.problems, review.as_record()) == (
        [],
        {
            "status": "draft",
            "reviewed": None,
            "next_review": None,
            "reviewers": [],
            "authors": ["writers"],
        },
    )


def test_an_overdue_chapter_keeps_its_reviewer_and_dates():
    registry = parse_registry(REGISTRY_TEXT, "editorial.yaml")
    review = derive_review(
        registry,
        path="01-a.md",
        lines={},
        authors=["writers"],
        reviewers=["reviewer-one"],
        reviewed=date(2025, 1, 1),
        next_review=date(2026, 1, 1),
        today=date(2026, 6, 1),
    )
    assert review.as_record() == {
        "status": "overdue",
        "reviewed": "2025-01-01",
        "next_review": "2026-01-01",
        "reviewers": ["reviewer-one"],
        "authors": ["writers"],
    }
