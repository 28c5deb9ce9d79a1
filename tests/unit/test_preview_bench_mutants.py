"""What the mutation runs found untested in the live preview and the bench.

Each test pins down behaviour that the other tests of these modules leave
open: that the chapter the save-to-browser benchmark edits is read and
saved as UTF-8 whatever the locale, and what a command failure built with
its defaults says (docs/mutation.md).
"""

from conftest import ascii_locale
from test_preview_speed import Clock, Page

from sitebuild import preview_speed
from sitebuild.bench.commands import CommandFailed


def test_the_timed_chapter_is_read_and_saved_as_utf_8_whatever_the_locale(tmp_path, monkeypatch):
    source = tmp_path / "0001.md"
    source.write_text("Title: Café 1\n\nTexte à lire.\n", encoding="utf-8")
    clock = Clock()
    monkeypatch.setattr(preview_speed, "time", clock)

    with ascii_locale():
        found = preview_speed._timed_edits(Page(source, clock), source, 1)

    assert found == {"text": [0.25], "title": [0.25]}
    assert source.read_text(encoding="utf-8") == (
        "Title: Saved title 0 Café 1\n\nTexte à lire.\n\nSaved text 0.\n"
    )


def test_a_command_failure_expects_a_clean_exit_and_no_output_unless_told():
    failed = CommandFailed(["pelican", "-q"], 2, "")
    assert str(failed) == (
        "pelican -q\nexited with 2 (expected 0); the end of its stdout:\n(nothing)"
    )
    assert (failed.command, failed.returncode, failed.stderr) == (["pelican", "-q"], 2, "")
