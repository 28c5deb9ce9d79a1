"""`invoke new-chapter`: numbering, slug, author, the refusals, and a template the build accepts.

Plans are made with a registry parsed from text and a small chapter folder
under tmp_path; the command line runs main() on a settings file written
there. Messages are compared whole, with the working folder at tmp_path so
paths show as the author sees them.
"""

import builtins
import datetime
import io
import re

import pytest
from pelican.utils import slugify

from guidelib import Problem, field_lines
from plugins.chapters import check_chapter
from plugins.editorial import parse_registry
from plugins.editorial.placeholders import DEFAULT_PATTERNS, compile_patterns, placeholders_in
from sitebuild import new_chapter
from sitebuild.new_chapter import (
    Chapter,
    NewChapterError,
    front_matter,
    main,
    next_order,
    parser,
    plan_chapter,
    read_chapters,
    site_paths,
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
            registry(("anna", "author"), ("ann", "editor")),
            "anne",
            "content/data/editorial.yaml: no person 'anne' in the editorial registry. Did you "
            "mean 'ann' or 'anna'? Or choose one of its authors and editors: anna, ann.",
        ),
        (
            registry(("doc", "clinical-reviewer")),
            "doc",
            "content/data/editorial.yaml: 'doc' is a clinical reviewer, who reviews chapters "
            "and does not write them. Choose one of its authors and editors: none.",
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


EXPECTED_TEXT = """\
Title: Moving on a bad day
Slug: moving-on-a-bad-day
Date: 2026-12-01
Modified: 2026-12-01
Summary: TODO one or two plain sentences on what this chapter is about.
Authors: team
Order: 1
Category: Guide

## In short

- TODO the first main point, in at most 30 words.
- TODO the second main point.

TODO write the chapter here, in plain words, under ## and ### headings.
"""


def test_the_new_chapter_text_is_the_template_filled_in(tmp_path):
    assert plan(tmp_path).text == EXPECTED_TEXT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title: Moving on: why it counts\n", {"title": "Moving on: why it counts"}),
        ("Title: T\nA line without a colon\n", {"title": "T"}),
        ("Title: T\n Indented: a continuation\n", {"title": "T"}),
        ("Title: T\nSlug: s\n\nOrder: 3\n", {"title": "T", "slug": "s"}),
    ],
)
def test_front_matter_reads_named_fields_up_to_the_blank_line(text, expected):
    assert front_matter(text) == expected


def test_a_chapter_without_slug_or_order_is_read_with_neither(tmp_path):
    (tmp_path / "01-untitled.md").write_text("Title: T\n\nText.\n", encoding="utf-8")
    assert read_chapters(tmp_path) == [Chapter(tmp_path / "01-untitled.md", "", 1, None)]


def test_a_byte_order_mark_is_not_part_of_the_first_field(tmp_path):
    (tmp_path / "01-other.md").write_text("Slug: first\nOrder: 1\n", encoding="utf-8-sig")
    assert read_chapters(tmp_path) == [Chapter(tmp_path / "01-other.md", "first", 1, 1)]


def test_only_markdown_files_are_chapters(tmp_path):
    (tmp_path / "00-notes.txt").write_text("Slug: notes\nOrder: 9\n", encoding="utf-8")
    (tmp_path / "01-drafts.md").mkdir()
    chapter(tmp_path, "02-first.md", "first", 1)
    assert read_chapters(tmp_path) == [Chapter(tmp_path / "02-first.md", "first", 2, 1)]


@pytest.mark.parametrize(
    ("name", "slug", "expected"),
    [
        (
            "02-other-name.md",
            "moving-on-a-bad-day",
            "02-other-name.md:2: the slug 'moving-on-a-bad-day' is already this chapter's. "
            "Give the new chapter its own with --slug, or another title.",
        ),
        (
            "moving-on-a-bad-day.md",
            "something-else",
            "moving-on-a-bad-day.md: the slug 'moving-on-a-bad-day' is already this chapter's "
            "(in its file name). Give the new chapter its own with --slug, or another title.",
        ),
    ],
)
def test_a_slug_in_use_is_refused_with_where_it_is_used(
    tmp_path, monkeypatch, name, slug, expected
):
    monkeypatch.chdir(tmp_path)
    chapter(tmp_path, "01-first.md", "first", 1)
    chapter(tmp_path, name, slug, 2)
    with pytest.raises(NewChapterError) as error:
        plan(tmp_path)
    assert messages(error) == [expected]


def test_a_title_that_makes_no_slug_is_refused(tmp_path):
    with pytest.raises(NewChapterError) as error:
        plan(tmp_path, title="?!")
    assert error.value.problems == [
        Problem(
            "",
            "the slug made from the title '' is not lower-case letters, digits and hyphens",
            hint="give one with --slug, for example --slug moving-on-bad-days",
        )
    ]


def test_an_empty_title_is_refused(tmp_path):
    with pytest.raises(NewChapterError) as error:
        plan(tmp_path, title=" \t ")
    assert error.value.problems == [
        Problem("", "the title is empty", hint='give it as --title "What the chapter is"')
    ]


def test_a_planned_path_already_taken_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    chapter(tmp_path, "01-first.md", "first", 1)
    (tmp_path / "02-moving-on-a-bad-day.md").mkdir()
    with pytest.raises(NewChapterError) as error:
        plan(tmp_path)
    assert error.value.problems == [
        Problem(
            "02-moving-on-a-bad-day.md",
            "the file already exists and is never overwritten",
            hint="give the new chapter another slug with --slug",
        )
    ]


def test_a_file_made_after_the_plan_is_refused_by_its_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    new = plan(tmp_path)
    new.path.write_text("Someone's draft.\n", encoding="utf-8")
    with pytest.raises(NewChapterError) as error:
        write_chapter(new)
    assert error.value.problems == [
        Problem("01-moving-on-a-bad-day.md", "the file already exists and is never overwritten")
    ]


def test_the_missing_folders_are_made(tmp_path):
    new = plan(tmp_path / "content" / "chapters")
    assert write_chapter(new) == tmp_path / "content" / "chapters" / "01-moving-on-a-bad-day.md"
    assert new.path.read_text(encoding="utf-8") == new.text


def test_the_chapter_is_written_in_utf8_whatever_the_locale(tmp_path, monkeypatch):
    def latin1_by_default(file, mode="r", buffering=-1, encoding=None, **options):
        return builtins.open(file, mode, buffering, encoding or "latin-1", **options)

    monkeypatch.setattr(new_chapter, "open", latin1_by_default, raising=False)
    new = plan(tmp_path, title="Café and a bad day")
    write_chapter(new)
    assert new.path.read_bytes() == new.text.encode("utf-8")


def write_settings(folder, settings):
    path = folder / "settings.py"
    path.write_text(settings, encoding="utf-8")
    return path


def test_site_paths_follow_the_settings(tmp_path):
    (tmp_path / "content").mkdir()
    settings = write_settings(
        tmp_path,
        'PATH = "content"\nARTICLE_PATHS = []\nEDITORIAL_DATA = "people.yaml"\n'
        'SLUG_REGEX_SUBSTITUTIONS = [(r"[^a-z]+", "-")]\n',
    )
    folder, registry_path, slugify_title = site_paths(settings)
    assert (folder, registry_path) == (tmp_path / "content", tmp_path / "content" / "people.yaml")
    assert slugify_title("Moving on: a bad day") == "moving-on-a-bad-day"


def test_the_options_and_their_defaults():
    args = parser().parse_args(["--title", "T"])
    assert vars(args) == {"title": "T", "author": None, "slug": None, "settings": "pelicanconf.py"}


def test_the_help_names_the_command_and_each_option(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert parser().format_help() == (
        "usage: invoke new-chapter [-h] --title TITLE [--author AUTHOR] [--slug SLUG] "
        "[--settings SETTINGS]\n\n"
        '`invoke new-chapter --title "..."`: start a chapter with everything the build '
        "requires.\n\n"
        "options:\n"
        "  -h, --help           show this help message and exit\n"
        "  --title TITLE        the chapter's title, as readers see it\n"
        "  --author AUTHOR      the id of its author in the editorial registry\n"
        "  --slug SLUG          its slug (default: made from the title)\n"
        "  --settings SETTINGS  the site's settings file\n"
    )


def test_main_requires_a_title(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--settings", "settings.py"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.endswith(
        "invoke new-chapter: error: the following arguments are required: --title\n"
    )


def test_main_writes_the_chapter_and_says_what_comes_next(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "data").mkdir(parents=True)
    (tmp_path / "content" / "data" / "editorial.yaml").write_text(
        "people:\n" + person("ana", "author"), encoding="utf-8"
    )
    settings = write_settings(tmp_path, 'PATH = "content"\nARTICLE_PATHS = ["chapters"]\n')
    out = io.StringIO()
    argv = ["--settings", str(settings), "--title", "Moving on", "--slug", "bad-days"]
    assert main(argv, today=datetime.date(2027, 1, 2), out=out) == 0
    assert out.getvalue() == (
        "Wrote content/chapters/01-bad-days.md: Order 1, by ana, a draft. Replace each TODO: "
        "`invoke check` lists them, `invoke publish` refuses them.\n"
    )
    assert capsys.readouterr() == ("", "")
    written = (tmp_path / "content" / "chapters" / "01-bad-days.md").read_text(encoding="utf-8")
    assert written.startswith("Title: Moving on\nSlug: bad-days\nDate: 2027-01-02\n")
