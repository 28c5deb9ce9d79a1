"""guidelib.write_whole: a file is replaced in one step, or left as it was."""

import os
import tempfile

import pytest

from guidelib import files, write_whole


def test_text_is_written_as_utf_8_and_bytes_as_they_are(tmp_path):
    write_whole(tmp_path / "a.json", "café\n")
    write_whole(tmp_path / "b.bin", b"\x00\xff")
    assert (tmp_path / "a.json").read_bytes() == "café\n".encode()
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    assert sorted(os.listdir(tmp_path)) == ["a.json", "b.bin"]


def test_an_existing_file_is_replaced_whole(tmp_path):
    path = tmp_path / "record.json"
    path.write_text("old, and longer than the new text")
    write_whole(str(path), "new")
    assert path.read_text() == "new"
    assert os.listdir(tmp_path) == ["record.json"]


def test_a_name_without_a_folder_is_written_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_whole("record.json", "x")
    assert (tmp_path / "record.json").read_text() == "x"


def test_the_temporary_file_is_made_beside_the_file(tmp_path, monkeypatch):
    # In the system's temporary folder, os.replace could cross file systems.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "nowhere"))
    write_whole(tmp_path / "a.json", "x")
    assert (tmp_path / "a.json").read_text() == "x"


def test_a_failed_replace_leaves_the_file_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "record.json"
    path.write_text("old")
    tried = []

    def refuse(source, target):
        tried.append(os.path.basename(source))
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_whole(path, "new")
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["record.json"]
    # What a process killed at that moment would leave: a hidden file named after it.
    (name,) = tried
    assert name.startswith(".record.json.") and name.endswith(".tmp")


def test_onto_a_folder_it_fails_and_leaves_the_folder_as_it_was(tmp_path):
    (tmp_path / "record.json").mkdir()
    (tmp_path / "record.json" / "kept").write_text("k")
    with pytest.raises(OSError):
        write_whole(tmp_path / "record.json", "new")
    assert os.listdir(tmp_path) == ["record.json"]
    assert (tmp_path / "record.json" / "kept").read_text() == "k"


def test_a_write_that_fails_leaves_no_temporary_file(tmp_path):
    with pytest.raises(TypeError):
        write_whole(tmp_path / "a.json", 3)
    assert os.listdir(tmp_path) == []
