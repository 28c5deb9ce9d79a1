"""`invoke new-chapter`: numbering, slug, author, the refusals, and a template the build accepts."""

import datetime
import re

import pytest
from pelican.utils import slugify

from guidelib import field_lines
from plugins.chapters import check_chapter
from plugins.editorial import parse_registry
from plugins.editorial.placeholders import DEFAULT_PATTERNS, compile_patterns, placeholders_in
from sitebuild.new_chapter import (
    NewChapterError,
    front_matter,
    main,
    next_order,
    plan_chapter,
    read_chapters,
    write_chapter,
)

TODAY = "2026-12-01"
SUBS = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]


def make_slug(text):
    return slugify(text, regex_subs=SUBS)


def person(person_id, role):
    extra = "    qualifications: Fixture qualification (fictional)\n" * (
        role == "clinical-reviewer"
    )
    return (
        f"  - id: {person_id}\n    name: {person_id}\n    role: {role}\n"
        f"{extra}    interests: None\n"
    )


def registry(*people):
    text = "people:\n" + "".join(person(i, role) for i, role in people)
    return parse_registry(text, "content/data/editorial.yaml")


ONE_AUTHOR = registry(("team", "author"), ("ed", "editor"), ("doc", "clinical-reviewer"))


def chapter(folder, name, slug, order):
    folder.mkdir(parents=True, exist_ok=True)
    text = f"Title: T\nSlug: {slug}\nOrder: {order}\n\nText.\n"
    (folder / name).write_text(text, encoding="utf-8")


def plan(folder, title="Moving on a bad day", people=ONE_AUTHOR, **options):
    return plan_chapter(folder, people, title, today=TODAY, slugify=make_slug, **options)


def messages(error):
    return [str(problem) for problem in error.value.problems]


@pytest.mark.parametrize(
    ("orders", "expected"),
    [([], 1), ([1, 2, 3], 4), ([1, 3], 4), ([2, None], 3)],
)
def test_the_next_order_follows_the_highest(tmp_path, orders, expected):
    for number, order in enumerate(orders, start=1):
        chapter(tmp_path, f"{number:02d}-c{number}.md", f"c{number}", order if order else "x")
    assert next_order(read_chapters(tmp_path)) == expected


def test_the_file_is_numbered_and_named_by_its_slug(tmp_path):
    chapter(tmp_path, "01-first.md", "first", 1)
    new = plan(tmp_path, title="  Moving on a bad day:   why it counts (café) ")
    assert new.path == tmp_path / "02-moving-on-a-bad-day-why-it-counts-cafe.md"
    assert (new.order, new.slug, new.author) == (
        2,
        "moving-on-a-bad-day-why-it-counts-cafe",
        "team",
    )
    assert new.text.splitlines()[0] == "Title: Moving on a bad day: why it counts (café)"


def test_numbers_past_99_keep_every_digit(tmp_path):
    chapter(tmp_path, "0123-last.md", "last", 123)
    assert plan(tmp_path).path.name == "124-moving-on-a-bad-day.md"


def test_a_missing_chapter_folder_gets_chapter_one(tmp_path):
    new = plan(tmp_path / "chapters")
    assert new.path.name == "01-moving-on-a-bad-day.md"
    write_chapter(new)
    assert new.path.read_text(encoding="utf-8") == new.text


def test_the_template_has_every_required_field_and_is_a_draft(tmp_path):
    text = plan(tmp_path).text
    fields = front_matter(text)
    assert check_chapter(fields, field_lines(text), "new.md") == []
    assert fields["date"] == fields["modified"] == TODAY
    assert fields["authors"] == "team"
    assert not {"reviewers", "reviewed", "next_review", "status"} & fields.keys()
    body = text.split("\n\n", 1)[1]
    assert body.startswith("## In short\n\n- ")


def test_every_line_to_write_is_a_placeholder_the_scan_finds(tmp_path):
    text = plan(tmp_path).text
    found = placeholders_in("new.md", text, compile_patterns(DEFAULT_PATTERNS))
    lines = text.splitlines()
    to_write = [n for n, line in enumerate(lines, 1) if line.startswith(("Summary", "- ", "TODO"))]
    assert [problem.line for problem in found] == to_write
    assert len(to_write) == 4


def test_no_citation_or_finding_is_written_for_the_author(tmp_path):
    text = plan(tmp_path).text
    assert "@" not in text
    assert not re.search(r"\d+ ?%|\bstud(y|ies)\b|\btrials?\b", text)


@pytest.mark.parametrize(
    ("name", "slug", "where"),
    [
        ("01-other-name.md", "moving-on-a-bad-day", "01-other-name.md:2:"),
        ("01-moving-on-a-bad-day.md", "something-else", "01-moving-on-a-bad-day.md:"),
    ],
)
def test_a_slug_in_use_is_refused(tmp_path, name, slug, where):
    chapter(tmp_path, name, slug, 1)
    with pytest.raises(NewChapterError) as error:
        plan(tmp_path)
    [message] = messages(error)
    assert where in message
    assert "the slug 'moving-on-a-bad-day' is already this chapter's" in message


def test_a_given_slug_is_checked_too(tmp_path):
    chapter(tmp_path, "01-first.md", "first", 1)
    with pytest.raises(NewChapterError) as error:
        plan(tmp_path, slug="first")
    assert "already this chapter's" in messages(error)[0]
    with pytest.raises(NewChapterError) as error:
        plan(tmp_path, slug="Bad Slug")
    assert messages(error) == [
        "--slug 'Bad Slug' is not lower-case letters, digits and hyphens. Give one with "
        "--slug, for example --slug moving-on-bad-days."
    ]
    assert plan(tmp_path, slug="bad-days").path.name == "02-bad-days.md"


def test_an_existing_file_is_never_overwritten(tmp_path):
    new = plan(tmp_path)
    new.path.write_text("Someone's draft.\n", encoding="utf-8")
    with pytest.raises(NewChapterError, match="never overwritten"):
        write_chapter(new)
    assert new.path.read_text(encoding="utf-8") == "Someone's draft.\n"


def test_an_author_or_editor_may_be_chosen(tmp_path):
    assert plan(tmp_path, author="ed").author == "ed"


@pytest.mark.parametrize(
    ("people", "author", "expected"),
    [
        (
            ONE_AUTHOR,
            "tema",
            "content/data/editorial.yaml: no person 'tema' in the editorial registry. Did you "
            "mean 'team'? Or choose one of its authors and editors: team, ed.",
        ),
        (
            ONE_AUTHOR,
            "doc",
            "content/data/editorial.yaml: 'doc' is a clinical reviewer, who reviews chapters "
            "and does not write them. Choose one of its authors and editors: team, ed.",
        ),
        (
            registry(("ana", "author"), ("ben", "author")),
            None,
            "content/data/editorial.yaml: the registry has 2 authors (ana, ben), so the new "
            "chapter's author cannot be chosen for you. Name one with --author ID; the authors "
            "and editors are: ana, ben.",
        ),
        (
            registry(("doc", "clinical-reviewer")),
            None,
            "content/data/editorial.yaml: the registry has no authors, so the new chapter's "
            "author cannot be chosen for you. Add the chapter's author to the registry, then "
            "name them with --author ID.",
        ),
    ],
)
def test_an_author_is_never_guessed(tmp_path, people, author, expected):
    with pytest.raises(NewChapterError) as error:
        plan(tmp_path, people=people, author=author)
    assert messages(error) == [expected]


def test_every_refusal_is_listed_at_once(tmp_path):
    chapter(tmp_path, "01-moving-on-a-bad-day.md", "moving-on-a-bad-day", 1)
    with pytest.raises(NewChapterError) as error:
        plan(tmp_path, author="nobody")
    assert len(error.value.problems) == 2


def test_main_writes_nothing_when_it_refuses(tmp_path, capsys):
    content = tmp_path / "content"
    (content / "data").mkdir(parents=True)
    (content / "data" / "editorial.yaml").write_text(
        "people:\n" + person("ana", "author") + person("ben", "author"), encoding="utf-8"
    )
    chapter(content / "chapters", "01-first.md", "first", 1)
    settings = tmp_path / "settings.py"
    settings.write_text('PATH = "content"\nARTICLE_PATHS = ["chapters"]\n', encoding="utf-8")
    argv = ["--settings", str(settings), "--title", "First"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "already this chapter's" in err
    assert "cannot be chosen for you" in err
    assert err.endswith("new-chapter: nothing was written.\n")
    assert sorted(p.name for p in (content / "chapters").iterdir()) == ["01-first.md"]
    today = datetime.date(2027, 1, 2)
    assert main([*argv[:2], "--title", "Second", "--author", "ben"], today=today) == 0
    written = (content / "chapters" / "02-second.md").read_text(encoding="utf-8")
    assert "Date: 2027-01-02\nModified: 2027-01-02\n" in written
    assert "Authors: ben\n" in written
