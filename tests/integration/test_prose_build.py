"""The prose checks in a real build: errors fail it, warnings go to the build record.

The fixture site (tests/fixtures/prose_site) has the real settings, theme and
rules. Its chapter 1 is plain and cited; chapter 2 reads at grade 8.8 (a
warning) and has an uncited finding; its About page uses a pressure phrase.
"""

import shutil

import pytest
from conftest import ROOT, run_build

from plugins.build_record import read_record
from plugins.prose import prose_report

FIXTURE = ROOT / "tests" / "fixtures" / "prose_site"
CHAPTERS = "tests/fixtures/prose_site/content/chapters"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("prose") / "output"
    result = run_build(FIXTURE / "settings.py", output)
    assert result.returncode == 0, result.stderr
    return output, result


@pytest.fixture
def copy(tmp_path):
    """A copy of the fixture site that a test may break."""
    return shutil.copytree(FIXTURE, tmp_path / "site")


def build_fails(copy, tmp_path):
    result = run_build(copy / "settings.py", tmp_path / "output")
    assert result.returncode == 1
    assert not (tmp_path / "output").exists()
    return result.stderr


def test_warnings_land_in_the_build_record_not_in_the_builds_problems(site):
    output, result = site
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr
    problems = [
        (p["path"], p["line"], p["severity"], p["message"])
        for p in read_record(output)["problems"]
        if "prose" in p["path"] or "prose rule" in p["message"]
    ]
    assert problems == [
        (
            f"{CHAPTERS}/02-harder-words.md",
            1,
            "warning",
            "reading grade 8.8 is above 7 (PROSE_GRADE_WARNING; Flesch-Kincaid, "
            "on 36 words of prose)",
        ),
        (
            f"{CHAPTERS}/02-harder-words.md",
            19,
            "warning",
            'research finding with no citation ("trial")',
        ),
        (
            "tests/fixtures/prose_site/content/pages/about.md",
            6,
            "warning",
            '"no excuses": pressure and blame make people with depression feel worse, '
            "not more able (prose rule pressure-no-excuses)",
        ),
    ]


def test_each_chapter_has_its_figures_in_the_record_and_pages_are_not_graded(site):
    output, _ = site
    pages = {page["source"]: page for page in read_record(output)["pages"]}
    graded = sorted(source for source, page in pages.items() if "prose" in page)
    assert graded == [f"{CHAPTERS}/01-plain-words.md", f"{CHAPTERS}/02-harder-words.md"]
    harder = pages[f"{CHAPTERS}/02-harder-words.md"]["prose"]
    assert (harder["words"], harder["sentences"], harder["grade"], harder["ease"]) == (
        36,
        3,
        8.8,
        53.7,
    )
    assert [sentence["line"] for sentence in harder["hardest"]] == [21, 16, 19]


def test_the_report_reads_the_record(site):
    output, _ = site
    report = prose_report(read_record(output))
    assert f"{CHAPTERS}/02-harder-words.md:21: grade 11.8: Building a routine slowly" in report


def test_a_suicide_language_error_fails_the_build_with_the_line_reason_and_fix(copy, tmp_path):
    chapter = copy / "content" / "chapters" / "01-plain-words.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\nSome people who committed\nsuicide had help.\n",
        encoding="utf-8",
    )
    assert (
        f'ERROR: content/chapters/{chapter.name}:28: "committed suicide": '
        '"commit" comes from the time when '
        "suicide was a crime; it blames the person and adds to stigma (prose rule "
        'suicide-commit). Write "died by suicide" or "took their own life".'
    ) in build_fails(copy, tmp_path)


def test_a_chapter_above_the_error_grade_fails_the_build(copy, tmp_path):
    chapter = copy / "content" / "chapters" / "02-harder-words.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + "\nConsiderable physiological adaptations accompany sustained conditioning.\n",
        encoding="utf-8",
    )
    stderr = build_fails(copy, tmp_path)
    assert (
        f"ERROR: content/chapters/{chapter.name}:1: reading grade 12.4 is above 9 "
        "(PROSE_GRADE_ERROR; "
        "Flesch-Kincaid, on 42 words of prose). Use shorter sentences and everyday "
        "words; the hardest sentences are on lines 24, 21 and 16 "
        "(`invoke check --report` lists them)."
    ) in stderr


def test_a_bad_rules_file_stops_the_build_naming_its_line(copy, tmp_path):
    rules = copy / "content" / "data" / "prose-rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("level: warning", "level: mild", 1),
        encoding="utf-8",
    )
    line = rules.read_text(encoding="utf-8").splitlines().index("    level: mild") + 1
    expected = f"content/data/prose-rules.yaml:{line}: bad rules file: when expecting one of: "
    assert expected + "error, warning" in (build_fails(copy, tmp_path))


def test_a_missing_rules_file_is_one_error(copy, tmp_path):
    (copy / "content" / "data" / "prose-rules.yaml").unlink()
    stderr = build_fails(copy, tmp_path)
    assert stderr.count("cannot read the prose rules file") == 1


def test_the_real_guide_is_graded_chapter_by_chapter(real_site):
    record = read_record(real_site)
    graded = sorted(page["source"] for page in record["pages"] if "prose" in page)
    chapters = sorted(
        str(path.relative_to(ROOT)) for path in (ROOT / "content/chapters").glob("*.md")
    )
    assert graded == chapters
    assert all(page["prose"]["grade"] <= 9 for page in record["pages"] if "prose" in page)
