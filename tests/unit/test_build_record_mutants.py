"""The build record, pinned down where the other tests leave room.

What each call records, the JSON written at `finalized` and the errors of
`read_record`, whole: each test was written against a change to
plugins/build_record/build_record.py that the other tests let through.
"""

import json
import locale
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import receivers

from guidelib import WARNING, Problem
from plugins import build_record
from plugins.build_record import RecordError, read_record, record_path
from plugins.build_record.build_record import VERSION, dumps, write_record

REBUILD = "build the site again with `invoke build` (or `invoke preview`), then check"


@pytest.fixture(autouse=True)
def fresh_record():
    build_record.reset()
    yield
    build_record.reset()


def recorded():
    return build_record.build_record._record


def test_a_fresh_record_holds_only_its_version():
    assert recorded() == {"version": VERSION, "pages": {}, "sections": {}, "problems": []}
    assert VERSION == 1


def test_a_page_is_noted_by_its_source_and_its_facts_are_merged():
    build_record.note_page(Path("content/a.md"), order=1, title="A")
    build_record.note_page("content/a.md", order=2)
    assert recorded()["pages"] == {
        "content/a.md": {"source": "content/a.md", "order": 2, "title": "A"}
    }


def test_an_absolute_source_is_noted_relative_to_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = SimpleNamespace(source_path=str(tmp_path / "content" / "a.md"))
    build_record.note_page(content, order=1)
    build_record.add_problem(Problem(str(tmp_path / "content" / "a.md"), "old", WARNING, 3))
    assert recorded()["pages"] == {"content/a.md": {"source": "content/a.md", "order": 1}}
    assert recorded()["problems"] == [
        {"path": "content/a.md", "message": "old", "severity": "warning", "line": 3, "hint": ""}
    ]


def test_a_source_noted_by_its_path_names_no_page(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    build_record.note_page(Path("content/a.md"), order=1)
    build_record.note_page("content/b.md", order=2)
    write_record(SimpleNamespace(output_path=str(output)))
    assert json.loads(record_path(output).read_text("utf-8"))["pages"] == [
        {"source": "content/a.md", "order": 1},
        {"source": "content/b.md", "order": 2},
    ]


def test_the_record_is_written_whole_with_no_file_left_beside_it(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    build_record.note_page(SimpleNamespace(source_path="b.md", save_as="b/index.html"), n=1)
    build_record.note("library", {"uncited": ["x"]})
    write_record(SimpleNamespace(output_path=str(output)))
    data = {
        "pages": [{"n": 1, "output": "b/index.html", "source": "b.md"}],
        "problems": [],
        "sections": {"library": {"uncited": ["x"]}},
        "version": VERSION,
    }
    assert record_path(output).read_text("utf-8") == json.dumps(data, indent=1, sort_keys=True)
    assert sorted(os.listdir(tmp_path)) == ["output", "output.record.json"]


def test_a_record_is_written_over_the_last_one(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    record_path(output).write_text("old", "utf-8")
    write_record(SimpleNamespace(output_path=str(output)))
    assert json.loads(record_path(output).read_text("utf-8")) == {
        "pages": [],
        "problems": [],
        "sections": {},
        "version": VERSION,
    }


@pytest.mark.parametrize(
    "record",
    [
        {"a": [1], "b": [{"x": [1, 2]}, "y"]},
        {"pages": [{"source": "a.md", "cited": ["x", "y"], "prose": {"n": [1, 2]}}]},
    ],
)
def test_items_are_indented_at_their_depth(record):
    assert dumps(record) == json.dumps(record, indent=1, sort_keys=True, default=str)


def counted_encoding(monkeypatch):
    """Count the values dumps() turns into indented JSON; return the list of them."""
    encoded = []

    class Counting(json.JSONEncoder):
        def encode(self, o):
            encoded.append(o)
            return super().encode(o)

    encoder = Counting(indent=1, sort_keys=True, default=str)
    monkeypatch.setattr(build_record.build_record, "_INDENT", encoder)
    dumps({})  # a record without items: nothing is kept from earlier tests
    encoded.clear()
    return encoded


def test_an_item_unchanged_since_the_last_record_is_not_encoded_again(monkeypatch):
    record = {"pages": [{"source": "a.md"}, {"source": "b.md"}], "version": 1}
    encoded = counted_encoding(monkeypatch)
    first = dumps(record)
    assert encoded == [{"source": "a.md"}, {"source": "b.md"}, 1]
    encoded.clear()
    assert dumps(record) == first
    assert encoded == [1]


def test_only_the_items_of_the_last_record_are_kept(monkeypatch):
    encoded = counted_encoding(monkeypatch)
    dumps({"pages": [{"source": "a.md"}, {"source": "b.md"}]})
    dumps({"pages": [{"source": "a.md"}]})
    encoded.clear()
    dumps({"pages": [{"source": "a.md"}, {"source": "b.md"}]})
    assert encoded == [{"source": "b.md"}]


def site(tmp_path, record_text, page_time, record_time):
    """A site of one page and its record, with the times given (seconds)."""
    output = tmp_path / "output"
    (output / "guide").mkdir(parents=True)
    page = output / "guide" / "index.html"
    page.write_text("x", "utf-8")
    os.utime(page, (page_time, page_time))
    path = record_path(output)
    path.write_text(record_text, "utf-8")
    os.utime(path, (record_time, record_time))
    return output


def refused(output):
    with pytest.raises(RecordError) as raised:
        read_record(output)
    [problem] = raised.value.problems
    assert problem.hint == REBUILD
    assert problem.severity == "error"
    return problem.path, problem.message


def test_a_missing_record_names_the_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "output").mkdir()
    assert refused(tmp_path / "output") == (
        "output.record.json",
        "no build record for output",
    )


def test_an_unreadable_record_says_why(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    output = site(tmp_path, "{not json", 1000, 2000)
    assert refused(output) == (
        "output.record.json",
        "cannot read the build record: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)",
    )


def test_a_record_that_is_a_folder_cannot_be_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "output").mkdir()
    record_path(tmp_path / "output").mkdir()
    path, message = refused(tmp_path / "output")
    assert (path, message.split(":")[0]) == ("output.record.json", "cannot read the build record")
    assert "Is a directory" in message


@pytest.mark.parametrize("version", [0, 2, None, "1"])
def test_a_record_of_another_version_is_refused(tmp_path, monkeypatch, version):
    monkeypatch.chdir(tmp_path)
    output = site(tmp_path, json.dumps({"version": version}), 1000, 2000)
    assert refused(output) == (
        "output.record.json",
        "the build record is from another version",
    )


def test_a_record_without_a_version_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    output = site(tmp_path, "{}", 1000, 2000)
    assert refused(output)[1] == "the build record is from another version"


def test_a_record_older_than_a_page_deep_in_the_site_is_stale(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    output = site(tmp_path, json.dumps({"version": VERSION}), 2000, 1000)
    (output / "old.html").write_text("x", "utf-8")
    os.utime(output / "old.html", (500, 500))
    assert refused(output) == (
        "output.record.json",
        "the build record is older than output/",
    )


def test_a_record_as_new_as_the_newest_page_is_read(tmp_path):
    output = site(tmp_path, json.dumps({"version": VERSION, "pages": []}), 2000, 2000)
    (output / "old.html").write_text("x", "utf-8")
    os.utime(output / "old.html", (500, 500))
    assert read_record(output) == {"version": VERSION, "pages": []}


def test_the_record_is_written_at_finalized():
    from pelican import signals

    build_record.register()
    assert write_record in receivers(signals.finalized)


def test_a_content_object_without_save_as_names_no_page(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    build_record.note_page(SimpleNamespace(source_path="content/a.md"), order=1)
    write_record(SimpleNamespace(output_path=str(output)))
    assert json.loads(record_path(output).read_text("utf-8"))["pages"] == [
        {"source": "content/a.md", "order": 1}
    ]


def test_a_record_dated_at_the_epoch_beside_an_empty_site_is_read(tmp_path):
    # Some archives store every file with the time 0: no file of the site is newer.
    output = tmp_path / "output"
    output.mkdir()
    path = record_path(output)
    path.write_text(json.dumps({"version": VERSION}), "utf-8")
    os.utime(path, ns=(0, 0))
    assert read_record(output) == {"version": VERSION}


def test_a_record_is_read_as_utf_8_whatever_the_locale(tmp_path):
    # The build writes ASCII, but JSON is UTF-8: a record with "é" unescaped is read too.
    output = site(tmp_path, '{"version": 1, "title": "Caf\u00e9"}', 1000, 2000)
    previous = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        data = read_record(output)
    finally:
        locale.setlocale(locale.LC_CTYPE, previous)
    assert data == {"version": 1, "title": "Caf\u00e9"}
