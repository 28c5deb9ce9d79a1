"""The bench's commands: a failure stops it with its stderr; the local server comes and goes."""

import sys
import urllib.error
import urllib.request

import pytest

from sitebuild.bench.checkers import invalid_urls, served
from sitebuild.bench.commands import ROOT, CommandFailed, interleaved, run_checked, shown, timed

# A real command that fails: json.tool cannot open a file that is not there.
FAILING = [sys.executable, "-m", "json.tool", "no-such-file.json"]


def test_a_failing_command_raises_with_its_exit_status_and_stderr():
    with pytest.raises(CommandFailed) as raised:
        run_checked(FAILING)
    error = raised.value
    assert error.returncode == 2
    assert "no-such-file.json" in error.stderr
    message = str(error)
    assert message.startswith(f"{sys.executable} -m json.tool no-such-file.json\n")
    assert "exited with 2 (expected 0)" in message
    assert "No such file or directory" in message.splitlines()[-1]


def test_a_failing_command_is_never_timed():
    with pytest.raises(CommandFailed):
        timed(FAILING)
    with pytest.raises(CommandFailed):
        interleaved(2, {"ok": [sys.executable, "-m", "json.tool", "--help"], "bad": FAILING})


def test_a_command_expected_to_fail_must_fail():
    assert run_checked(FAILING, expected=2).returncode == 2
    with pytest.raises(CommandFailed, match=r"exited with 0 \(expected 1\)"):
        run_checked([sys.executable, "-m", "json.tool", "--help"], expected=1)


def test_commands_are_shown_without_machine_paths(tmp_path):
    command = [sys.executable, "-m", "pelican", "-s", tmp_path / "site" / "settings.py"]
    assert shown(command, tmp_path) == "python -m pelican -s $BENCH/site/settings.py"
    assert shown([ROOT / "theme"], tmp_path) == "theme"


def test_the_local_server_serves_pages_like_a_static_host_and_stops(tmp_path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    with served(tmp_path) as url:
        with urllib.request.urlopen(url) as answer:
            assert answer.read() == b"<p>home</p>"
            assert answer.headers["LinkChecker"] == "allow"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(url + "guide/")
        assert missing.value.code == 404
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=5)


LINKCHECKER_CSV = """\
# created by LinkChecker at 2026-12-01 10:10:09+000
urlname;parentname;base;result;warningstring;infostring;valid;url;line;column;name;dltime;size;checktime;cached;level;modified
./guide/a/;http://127.0.0.1:8765/;;404 Not Found;;;False;http://127.0.0.1:8765/guide/a/;56;5;A;-1;330;0.1;0;1;
./guide/b/#top;http://127.0.0.1:8765/;;200 OK;;;True;http://127.0.0.1:8765/guide/b/#top;57;5;B;-1;330;0.1;0;1;
https://example.org/;http://127.0.0.1:8765/;;404;;;False;https://example.org/;58;5;C;-1;330;0.1;0;1;
# Stopped checking at 2026-12-01 10:10:26+000 (16 seconds)
"""  # noqa: E501


def test_linkchecker_s_invalid_links_are_read_from_its_csv():
    assert invalid_urls(LINKCHECKER_CSV, "http://127.0.0.1:8765/") == {"guide/a/"}
