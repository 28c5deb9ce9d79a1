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
