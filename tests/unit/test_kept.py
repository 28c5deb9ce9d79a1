"""guidelib.kept: a pure parser's results, kept on disk from one build to the next."""

import pickle

import pytest

from guidelib import kept

CALLS = []


@kept.on_disk
def parse(text, path):
    CALLS.append((text, path))
    if text == "bad":
        raise ValueError(f"{path}: bad")
    return {"text": text, "path": path}


@pytest.fixture
def folder(tmp_path):
    CALLS.clear()
    kept.keep_in(tmp_path / "parsed")
    yield tmp_path / "parsed"
    kept.keep_in(None)


def test_a_result_is_made_once_and_read_back_by_the_next_build(folder):
    assert parse("a: 1", "data.yaml") == {"text": "a: 1", "path": "data.yaml"}
    assert parse("a: 1", "data.yaml") == {"text": "a: 1", "path": "data.yaml"}
    assert CALLS == [("a: 1", "data.yaml")]
    assert len(list(folder.glob("*.pickle"))) == 1
    assert not [path for path in folder.iterdir() if path.suffix != ".pickle"]


def test_other_text_or_another_path_is_parsed_again(folder):
    parse("a: 1", "data.yaml")
    parse("a: 2", "data.yaml")
    parse("a: 1", "other.yaml")
    assert len(CALLS) == 3
    assert len(list(folder.glob("*.pickle"))) == 3


def test_a_call_that_raises_is_not_kept_and_raises_again(folder):
    for _ in range(2):
        with pytest.raises(ValueError, match="data.yaml: bad"):
            parse("bad", "data.yaml")
    assert len(CALLS) == 2
    assert not folder.exists() or not list(folder.iterdir())


def test_an_unreadable_kept_file_is_made_again(folder):
    parse("a: 1", "data.yaml")
    (path,) = folder.glob("*.pickle")
    path.write_bytes(b"not a pickle")
    assert parse("a: 1", "data.yaml") == {"text": "a: 1", "path": "data.yaml"}
    assert len(CALLS) == 2
    assert pickle.loads(path.read_bytes()) == {"text": "a: 1", "path": "data.yaml"}


def test_without_a_folder_nothing_is_kept(tmp_path):
    CALLS.clear()
    kept.keep_in(None)
    parse("a: 1", "data.yaml")
    parse("a: 1", "data.yaml")
    assert len(CALLS) == 2


def test_a_folder_that_cannot_be_written_only_costs_the_time(tmp_path):
    CALLS.clear()
    blocker = tmp_path / "file"
    blocker.write_text("")
    kept.keep_in(blocker / "parsed")  # a folder inside a file cannot be made
    try:
        assert parse("a: 1", "data.yaml") == {"text": "a: 1", "path": "data.yaml"}
        assert parse("a: 1", "data.yaml") == {"text": "a: 1", "path": "data.yaml"}
    finally:
        kept.keep_in(None)
    assert len(CALLS) == 2


def test_the_real_data_files_come_back_as_they_were_parsed(folder):
    from conftest import ROOT

    from plugins.crisis_help.data import parse_directory
    from plugins.prose.rules import parse_rules

    for parser, name in ((parse_directory, "helplines.yaml"), (parse_rules, "prose-rules.yaml")):
        text = (ROOT / "content" / "data" / name).read_text(encoding="utf-8")
        fresh = parser.__wrapped__.__wrapped__(text, name)  # neither kept nor cached
        parser.cache_clear()
        first = parser(text, name)
        parser.cache_clear()
        again = parser(text, name)  # read from the folder
        assert first == fresh and again == fresh
    assert len(list(folder.glob("*.pickle"))) == 2
