"""Pelican's content cache is kept per version of the code that made it."""

from types import SimpleNamespace

from sitebuild import build


def fake_package(monkeypatch, folder, name):
    folder.mkdir(exist_ok=True)
    (folder / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(build, name, SimpleNamespace(__file__=str(folder / "__init__.py")))


def test_a_changed_plugin_gets_a_cache_folder_of_its_own(monkeypatch, tmp_path):
    fake_package(monkeypatch, tmp_path / "plugins", "plugins")
    fake_package(monkeypatch, tmp_path / "guidelib", "guidelib")
    extension = tmp_path / "plugins" / "extension.py"
    extension.write_text("HTML = 'old'\n", encoding="utf-8")
    before = build.cache_folder(".cache/pelican")
    assert before.startswith(".cache/pelican-") and before == build.cache_folder(".cache/pelican")
    extension.write_text("HTML = 'new'\n", encoding="utf-8")
    after = build.cache_folder(".cache/pelican")
    assert after != before
    # A file moved to another name is other code too.
    extension.rename(tmp_path / "plugins" / "renamed.py")
    assert build.cache_folder(".cache/pelican") not in (before, after)
    # So is a change to the shared helpers.
    (tmp_path / "guidelib" / "problems.py").write_text("X = 1\n", encoding="utf-8")
    assert build.cache_folder(".cache/pelican") not in (before, after)


def test_earlier_code_versions_caches_are_removed_but_the_newest(tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(build, "code_version", lambda: "dddddddddddd")
    names = ["pelican-aaaaaaaaaaaa", "pelican-bbbbbbbbbbbb", "pelican-cccccccccccc"]
    for age, name in enumerate(names):
        folder = tmp_path / ".cache" / name
        (folder / "parsed").mkdir(parents=True)
        os.utime(folder, (1_000_000 - age, 1_000_000 - age))
    current = tmp_path / ".cache" / "pelican-dddddddddddd"
    current.mkdir()
    os.utime(current, (1, 1))  # the oldest time stamp, but the one in use
    (tmp_path / ".cache" / "pelican-notes").mkdir()  # not a version's folder
    (tmp_path / ".cache" / "preview-eeeeeeeeeeee").mkdir()  # another cache
    (tmp_path / ".cache" / "pelican-ffffffffffff").write_text("a file", encoding="utf-8")
    removed = build.prune_cache_folders(str(current))
    assert sorted(os.path.basename(path) for path in removed) == names[1:]
    assert sorted(os.listdir(tmp_path / ".cache")) == [
        "pelican-aaaaaaaaaaaa",
        "pelican-dddddddddddd",
        "pelican-ffffffffffff",
        "pelican-notes",
        "preview-eeeeeeeeeeee",
    ]
    assert build.prune_cache_folders(str(current), keep=0) == [
        str(tmp_path / ".cache" / "pelican-aaaaaaaaaaaa")
    ]


def test_no_cache_folder_yet_is_nothing_to_prune(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "code_version", lambda: "dddddddddddd")
    assert build.prune_cache_folders(str(tmp_path / "none" / "pelican-dddddddddddd")) == []


def test_a_folder_without_a_version_prunes_nothing(tmp_path):
    (tmp_path / "pelican-aaaaaaaaaaaa").mkdir()
    assert build.prune_cache_folders(str(tmp_path / "cache")) == []
    assert (tmp_path / "pelican-aaaaaaaaaaaa").is_dir()
