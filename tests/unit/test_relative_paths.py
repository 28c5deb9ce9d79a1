"""Paths as messages show them follow the working folder and the site's, even when remembered."""

from guidelib import relative, set_site_folder


def test_relative_follows_the_working_folder_and_the_site_folder(tmp_path, monkeypatch):
    page = tmp_path / "site" / "content" / "a.md"
    monkeypatch.chdir(tmp_path)
    assert relative(page) == "site/content/a.md"
    monkeypatch.chdir(tmp_path / "..")
    assert relative(page) == f"{tmp_path.name}/site/content/a.md"
    outside = tmp_path.parent.parent / "elsewhere"
    outside.mkdir(exist_ok=True)
    monkeypatch.chdir(outside)
    set_site_folder(tmp_path / "site")
    try:
        assert relative(page) == "content/a.md"
    finally:
        set_site_folder(None)
    assert relative(page) == str(page)
    assert relative("content/a.md") == "content/a.md"
