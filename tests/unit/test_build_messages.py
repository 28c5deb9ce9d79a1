"""How sitebuild.build turns what Pelican and the plugins log into located Problems,
and how a build's files are moved into place. Whole builds are in the integration tests.
"""

import logging
import os

import pytest

from guidelib import ERROR, WARNING, Problem, ProblemsError, relative
from sitebuild import build


def record(message, *args, level=logging.WARNING, source_path=None, exc=None, **extra):
    made = logging.LogRecord("pelican", level, __file__, 1, message, args, None)
    if exc is not None:
        made.exc_info = (type(exc), exc, None)
    made.source_path = source_path
    for name, value in extra.items():
        setattr(made, name, value)
    return made


@pytest.fixture
def chapter(tmp_path):
    path = tmp_path / "01-a.md"
    path.write_text("Title: A\nSlug: a\n\nSee [x]({filename}missing.md).\n", encoding="utf-8")
    return path


def test_a_logged_problem_stands_alone():
    problem = Problem("content/chapters/01-a.md", "bad", line=3)
    assert build._problems_of(record("%s", problem, problem=problem)) == [problem]


def test_a_plugins_error_gives_its_own_problems():
    problems = [Problem("a.md", "one", line=1), Problem("b.md", "two", line=2)]
    logged = record(
        "Could not process %s", "a.md", level=logging.ERROR, exc=ProblemsError(problems)
    )
    assert build._problems_of(logged) == problems


def test_pelicans_message_is_located_at_the_line_it_quotes(chapter):
    logged = record(
        "Unable to find '%s', skipping url replacement.", "missing.md", source_path=str(chapter)
    )
    [problem] = build._problems_of(logged)
    assert problem == Problem(
        relative(str(chapter)),
        "Unable to find 'missing.md', skipping url replacement.",
        WARNING,
        4,
        build.HINTS["Unable to find"],
    )


def test_an_absolute_path_in_the_message_is_made_relative(chapter):
    logged = record(
        "Empty alt attribute for image x.png in %s", str(chapter), source_path=str(chapter)
    )
    [problem] = build._problems_of(logged)
    assert problem.message == f"Empty alt attribute for image x.png in {relative(str(chapter))}"
    assert problem.hint == build.HINTS["Empty alt attribute"]
    assert problem.line is None  # nothing quoted


def test_an_error_without_a_file_keeps_its_exception_and_severity():
    logged = record("Could not process %s", "x", level=logging.ERROR, exc=ValueError("no"))
    assert build._problems_of(logged) == [
        Problem("", "Could not process x: ValueError: no", ERROR, None, "")
    ]


def test_a_quote_that_is_not_in_the_file_has_no_line(chapter):
    logged = record("Something about '%s'", "nowhere", source_path=str(chapter))
    assert build._problems_of(logged)[0].line is None


def test_the_first_of_pelicans_two_slug_warnings_is_dropped():
    logged = record(build.SAME_LANG, 2, "a", "en")
    assert build._problems_of(logged) == []


def test_a_shared_slug_names_both_files_at_the_second_ones_slug_line(tmp_path):
    first, second = tmp_path / "01-a.md", tmp_path / "02-b.md"
    first.write_text("Title: A\nSlug: walk\n", encoding="utf-8")
    second.write_text("Title: B\nDate: 2026-11-22\nSlug: walk\n", encoding="utf-8")
    logged = record(build.SAME_SLUG, 2, "with slug 'walk'", str(second), str(first))
    assert build._problems_of(logged) == [
        Problem(
            relative(str(second)),
            f"slug 'walk' is also used by {relative(str(first))}",
            line=3,
            hint=build.SLUG_HINT,
        )
    ]


def test_a_slug_shared_by_more_files_says_how_many_more(tmp_path):
    paths = [tmp_path / f"0{n}.md" for n in range(1, 5)]
    for path in paths:
        path.write_text("Title: X\nSlug: walk\n", encoding="utf-8")
    logged = record(build.SAME_SLUG, 4, "slug 'walk'", *map(str, reversed(paths)))
    [problem] = build._problems_of(logged)
    assert problem.path == relative(str(paths[1]))
    assert problem.message == f"slug 'walk' is also used by {relative(str(paths[0]))} and 2 more"
    assert problem.line == 2


def test_a_slug_warning_with_one_file_names_it():
    logged = record(build.SAME_SLUG, 1, "slug 'walk'", "content/a.md")
    [problem] = build._problems_of(logged)
    assert (problem.path, problem.line) == ("content/a.md", None)


def test_the_collector_keeps_warnings_and_names_a_file_from_the_arguments(chapter):
    collector = build._Collector()
    logger = logging.getLogger("test_build_messages")
    logger.addHandler(collector)
    logger.propagate = False
    try:
        logger.info("not kept")
        logger.warning("Empty alt attribute for image x.png in %s", str(chapter))
        logger.warning("about %s", "not-a-file.md")
    finally:
        logger.removeHandler(collector)
        logger.propagate = True
    assert [r.getMessage()[:5] for r in collector.records] == ["Empty", "about"]
    assert [r.source_path for r in collector.records] == [str(chapter), None]


def test_the_content_being_processed_is_found_up_the_call_stack(chapter):
    collector = build._Collector()

    class Reader:
        source_path = str(chapter)

        def read(self):
            collector.emit(record("a problem"))

    Reader().read()
    assert collector.records[0].source_path == str(chapter)


def test_merge_moves_every_file_over_its_copy(tmp_path):
    staging, output = tmp_path / "staging", tmp_path / "output"
    (staging / "guide" / "a").mkdir(parents=True)
    (staging / "guide" / "a" / "index.html").write_text("new", encoding="utf-8")
    (staging / "new.html").write_text("added", encoding="utf-8")
    (output / "guide" / "a").mkdir(parents=True)
    (output / "guide" / "a" / "index.html").write_text("old", encoding="utf-8")
    (output / "kept.html").write_text("kept", encoding="utf-8")
    build.merge_into(staging, output)
    assert (output / "guide" / "a" / "index.html").read_text(encoding="utf-8") == "new"
    assert (output / "new.html").read_text(encoding="utf-8") == "added"
    assert (output / "kept.html").read_text(encoding="utf-8") == "kept"
    assert not (staging / "new.html").exists()


def test_a_new_build_replaces_the_output_whole(tmp_path):
    new, output = tmp_path / ".output.new", tmp_path / "output"
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    output.mkdir()
    (output / "gone.html").write_text("old", encoding="utf-8")
    build._swap_into_place(new, output)
    assert sorted(os.listdir(output)) == ["index.html"]
    assert sorted(os.listdir(tmp_path)) == ["output"]
    again = tmp_path / ".again"
    again.mkdir()
    (tmp_path / "output").rename(tmp_path / "elsewhere")
    build._swap_into_place(again, output)  # no output yet: nothing to move aside
    assert sorted(os.listdir(tmp_path)) == ["elsewhere", "output"]


def test_the_report_of_a_build_that_worked(tmp_path):
    import io

    stream = io.StringIO()
    result = build.BuildResult(tmp_path / "output", [], 1.234)
    assert build.report(result, stream) == 0
    assert stream.getvalue() == f"Built {tmp_path / 'output'} in 1.23 s.\n"


@pytest.mark.parametrize("count", [1, 2])
def test_the_report_of_a_failed_build_lists_each_problem(tmp_path, count):
    import io

    problems = [Problem("a.md", "bad", ERROR, 3), Problem("b.md", "odd", WARNING)][:count]
    stream = io.StringIO()
    assert build.report(build.BuildResult(tmp_path / "output", problems), stream) == 1
    lines = [
        "",
        f"Build failed: {count} problem{'s' if count == 2 else ''}.",
        "  ERROR: a.md:3: bad",
        *(["  WARNING: b.md: odd"] if count == 2 else []),
        f"Nothing was published: {tmp_path / 'output'} is unchanged. Fix the problems above "
        "and build again.",
    ]
    assert stream.getvalue() == "\n".join(lines) + "\n"
