"""Writing the build record at `finalized`, and reading it back in `invoke check`."""

import json
import os
import time
from types import SimpleNamespace

import pytest

from guidelib import WARNING, Problem
from plugins import build_record
from plugins.build_record import RecordError, read_record, record_path
from plugins.build_record.build_record import VERSION, write_record


@pytest.fixture(autouse=True)
def fresh_record():
    build_record.reset()
    yield
    build_record.reset()


def test_the_record_lives_beside_the_output(tmp_path):
    assert record_path(tmp_path / "output") == tmp_path / "output.record.json"
    assert record_path("site/public") == record_path("site/public/")


def test_write_names_each_pages_output_sorts_the_pages_and_starts_afresh(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    chapter = SimpleNamespace(source_path="content/chapters/02-b.md", save_as="guide/b/index.html")
    build_record.note_page(chapter, order=2)
    chapter.save_as = "guide/b-renamed/index.html"  # Pelican works it out at every call
    build_record.note_page("content/chapters/01-a.md", order=1)
    build_record.note_page(SimpleNamespace(source_path="content/x.md", save_as=""), order=3)
    build_record.note("helplines", {"max_age_days": 365})
    build_record.add_problem(Problem("content/a.md", "placeholder", WARNING, 2))
    write_record(SimpleNamespace(output_path=str(output)))
    data = json.loads(record_path(output).read_text("utf-8"))
    assert data == {
        "version": VERSION,
        "pages": [
            {"source": "content/chapters/01-a.md", "order": 1},
            {
                "source": "content/chapters/02-b.md",
                "order": 2,
                "output": "guide/b-renamed/index.html",
            },
            {"source": "content/x.md", "order": 3},
        ],  # fmt: skip
        "sections": {"helplines": {"max_age_days": 365}},
        "problems": [
            {
                "path": "content/a.md",
                "message": "placeholder",
                "severity": "warning",
                "line": 2,
                "hint": "",
            }
        ],  # fmt: skip
    }
    assert sorted(os.listdir(tmp_path)) == ["output", "output.record.json"]
    assert build_record.build_record._record == {
        "version": VERSION, "pages": {}, "sections": {}, "problems": []
    }  # fmt: skip
    assert read_record(output) == data


def written(tmp_path, text):
    output = tmp_path / "output"
    output.mkdir(exist_ok=True)
    (output / "index.html").write_text("x", "utf-8")
    time.sleep(0.01)
    record_path(output).write_text(text, "utf-8")
    return output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "cannot read the build record: "),
        ('{"version": 0}', "the build record is from another version"),
    ],
)
def test_a_record_that_cannot_be_used_says_to_build_again(tmp_path, text, message):
    with pytest.raises(RecordError) as raised:
        read_record(written(tmp_path, text))
    [problem] = raised.value.problems
    assert problem.path.endswith("output.record.json")
    assert problem.message.startswith(message)
    assert problem.hint == (
        "build the site again with `invoke build` (or `invoke preview`), then check"
    )


def test_a_record_older_than_a_file_of_the_site_is_stale(tmp_path):
    output = written(tmp_path, json.dumps({"version": VERSION}))
    (output / "guide").mkdir()
    later = time.time() + 5
    (output / "guide" / "new.html").write_text("x", "utf-8")
    os.utime(output / "guide" / "new.html", (later, later))
    with pytest.raises(RecordError, match="the build record is older than"):
        read_record(output)
