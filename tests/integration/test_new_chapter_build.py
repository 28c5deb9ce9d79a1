"""`invoke new-chapter` in a copy of a fixture site: the new chapter builds at once, as a draft."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini_site"
INVOKE = Path(sys.executable).parent / "invoke"


def new_chapter(site, output, *options):
    return subprocess.run(
        [INVOKE, "new-chapter", "--settings", str(site / "settings.py"), "--output", str(output),
         *options],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("new-chapter") / "site"
    shutil.copytree(MINI, site)
    output = site.parent / "output"
    result = new_chapter(site, output, "--title", "Moving on a bad day")
    assert result.returncode == 0, result.stdout + result.stderr
    return site, output, result


def test_the_chapter_is_written_with_the_next_number(built):
    site, _, result = built
    path = site / "content" / "chapters" / "04-moving-on-a-bad-day.md"
    assert path.is_file()
    assert "Wrote " in result.stdout and "Order 4, by fixture-writers, a draft" in result.stdout


def test_it_builds_at_once_and_is_shown_as_a_draft(built):
    _, output, result = built
    assert "Built " in result.stdout + result.stderr
    page = BeautifulSoup(
        (output / "guide" / "moving-on-a-bad-day" / "index.html").read_text(), "lxml"
    )
    assert page.h1.get_text(strip=True) == "Moving on a bad day"
    status = page.find(id="review-status")
    assert status["data-review-status"] == "draft"
    assert "written by Fixture writing team" in status.get_text(" ", strip=True)
    links = [a.get_text() for a in BeautifulSoup((output / "index.html").read_text(), "lxml")
             .select("ol.chapter-list a")]  # fmt: skip
    assert links[-1] == "Moving on a bad day"


def test_its_placeholders_are_recorded_for_check_and_publish(built):
    _, output, _ = built
    record = json.loads((output.parent / "output.record.json").read_text())
    lines = sorted(
        problem["line"]
        for problem in record["problems"]
        if problem["path"].endswith("04-moving-on-a-bad-day.md")
        and problem["message"].startswith("placeholder")
    )
    assert lines == [5, 12, 13, 15]


def test_a_second_chapter_with_the_same_slug_is_refused(built):
    site, output, _ = built
    before = sorted(p.name for p in (site / "content" / "chapters").iterdir())
    result = new_chapter(site, output, "--title", "Moving on a bad day!")
    assert result.returncode == 1
    assert "the slug 'moving-on-a-bad-day' is already this chapter's" in result.stderr
    assert sorted(p.name for p in (site / "content" / "chapters").iterdir()) == before
