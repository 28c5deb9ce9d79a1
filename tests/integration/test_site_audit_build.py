"""site_audit inside a real strict build: its errors fail the build, and it can be switched off."""

import shutil

import pytest
from conftest import ROOT, run_build

MINI = ROOT / "tests" / "fixtures" / "mini_site"

SETTINGS = """\
import sys
from pelicanconf import *  # noqa: F403

PATH = {content!r}
THEME = {theme!r}
PLUGINS = [*(p for p in PLUGINS if p != "plugins.site_audit"), "plugins.site_audit"]  # noqa: F405
SITE_AUDIT_ON_BUILD = {on_build!r}
"""


@pytest.fixture(scope="module")
def broken_content(tmp_path_factory):
    content = tmp_path_factory.mktemp("audit-build") / "content"
    shutil.copytree(MINI / "content", content)
    chapter = content / "chapters" / "01-starting-small.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + "\nSee [a section that was renamed](#no-such-section).\n")
    return content


def settings_file(content, on_build):
    path = content.parent / f"settings-{on_build}.py"
    path.write_text(
        SETTINGS.format(
            root=str(ROOT),
            content=str(content),
            theme=str(ROOT / "theme"),
            plugins=str(ROOT / "plugins"),
            on_build=on_build,
        ),
        encoding="utf-8",
    )
    return path


def test_a_broken_anchor_fails_the_build_and_names_the_page(broken_content, tmp_path):
    output = tmp_path / "output"
    result = run_build(settings_file(broken_content, True), output)
    assert result.returncode == 1
    log = result.stdout + result.stderr
    # Named at the line of the Markdown the author wrote (the last one), and on the built page.
    chapter = broken_content / "chapters" / "01-starting-small.md"
    line = len(chapter.read_text(encoding="utf-8").splitlines())
    assert (
        f"ERROR: content/chapters/01-starting-small.md:{line}: link to missing anchor "
        "#no-such-section (in guide/starting-small/index.html:"
    ) in log
    assert not output.exists()


def test_switched_off_the_same_site_builds(broken_content, tmp_path):
    output = tmp_path / "output"
    result = run_build(settings_file(broken_content, False), output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (output / "guide" / "starting-small" / "index.html").exists()
