"""The two link checkers the bench compares (sitebuild.bench.checkers), and the commands it runs.

LinkChecker's report is read from hand-written CSV; the planted breakage is
deleted from a small folder; the local server is started for real, or with
a command that fails or never listens, to see the error and that it is
stopped. The checkers' own runs are replaced with fakes of ``run_checked``
and ``served``. The commands' error messages (sitebuild.bench.commands) are
checked on tiny Python programs.
"""

import contextlib
import os
import stat
import subprocess
import sys
from types import SimpleNamespace

import pytest

from sitebuild.bench import checkers, commands
from sitebuild.bench.checkers import (
    LINKCHECKER_CONFIG,
    delete_page,
    invalid_urls,
    invoke_check_finds,
    linkchecker_command,
    linkchecker_finds,
    readable_by_all,
    serve_command,
    served,
    write_linkchecker_config,
)
from sitebuild.bench.commands import (
    BIN,
    ROOT,
    BenchError,
    CommandFailed,
    build_command,
    check_command,
    interleaved,
    pelican_command,
    run_checked,
    timed,
)

URL = "http://127.0.0.1:8765/"
HEADER = (
    "urlname;parentname;base;result;warningstring;infostring;valid;url;line;column;name;"
    "dltime;size;checktime;cached;level;modified"
)


def csv_row(url, valid):
    return f"./x;{URL};;404;;;{valid};{url};1;1;X;-1;1;0.1;0;1;"


@pytest.mark.parametrize(
    ("rows", "invalid"),
    [
        ([csv_row(URL + "guide/a/", "False")], {"guide/a/"}),
        ([csv_row(URL + "guide/a/#top", "False")], {"guide/a/"}),
        ([csv_row(URL + "guide/a/", "True")], set()),
        ([csv_row("https://example.org/guide/", "False")], set()),
        ([csv_row(URL, "False")], {""}),
        (["# a comment;x", "", csv_row(URL + "b.css", "False"), ""], {"b.css"}),
        ([csv_row(URL + "a/", "False"), csv_row(URL + "a/#x", "False")], {"a/"}),
    ],
)
def test_linkchecker_s_invalid_urls_are_paths_under_the_site(rows, invalid):
    assert invalid_urls("\n".join(["# created by LinkChecker", HEADER, *rows]), URL) == invalid


def test_a_report_without_the_valid_or_url_column_has_no_invalid_urls():
    assert invalid_urls("urlname;url\nx;" + URL + "a/\n", URL) == set()
    assert invalid_urls("urlname;valid\nx;False\n", URL) == set()


def test_linkchecker_checks_internal_links_only_with_our_config(tmp_path):
    assert linkchecker_command(tmp_path / "rc", URL, "-o", "csv") == [
        BIN / "linkchecker",
        "--config",
        tmp_path / "rc",
        "--no-status",
        "--no-warnings",
        "-o",
        "csv",
        URL,
    ]


def test_linkchecker_s_config_lets_it_hurry_and_parse_every_page(tmp_path):
    path = write_linkchecker_config(tmp_path)
    assert path == tmp_path / "linkcheckerrc"
    assert path.read_text(encoding="utf-8") == LINKCHECKER_CONFIG
    assert LINKCHECKER_CONFIG == (
        "[checking]\nmaxrequestspersecond=1000\nmaxfilesizeparse=1073741824\n"
    )


def test_the_site_is_made_readable_by_everyone(tmp_path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "run.sh").write_text("x", encoding="utf-8")
    (tmp_path / "guide").chmod(0o700)
    (tmp_path / "guide" / "index.html").chmod(0o600)
    (tmp_path / "run.sh").chmod(0o700)
    tmp_path.chmod(0o700)
    readable_by_all(tmp_path)
    modes = {
        path.name: stat.S_IMODE(path.stat().st_mode)
        for path in [tmp_path, tmp_path / "guide", tmp_path / "guide" / "index.html"]
    }
    assert modes == {tmp_path.name: 0o755, "guide": 0o755, "index.html": 0o644}
    assert stat.S_IMODE((tmp_path / "run.sh").stat().st_mode) == 0o744


def test_the_server_runs_as_our_program(tmp_path):
    assert serve_command(8123, tmp_path) == [
        sys.executable,
        "-m",
        "sitebuild.bench.programs",
        "serve",
        "8123",
        str(tmp_path),
    ]


def test_a_free_port_can_be_listened_on():
    import socket

    port = checkers._free_port()
    assert 1024 <= port <= 65535
    with socket.socket() as server:
        server.bind(("127.0.0.1", port))


class Popen(subprocess.Popen):
    """subprocess.Popen that remembers each process it started."""

    started = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.started.append((self, args, kwargs))


@pytest.fixture
def popen(monkeypatch):
    monkeypatch.setattr(Popen, "started", [])
    monkeypatch.setattr(checkers.subprocess, "Popen", Popen)
    return Popen.started


def test_the_server_is_run_from_the_repository_and_stopped(tmp_path, popen):
    (tmp_path / "index.html").write_text("home", encoding="utf-8")
    with served(tmp_path) as url:
        [(process, args, kwargs)] = popen
        assert process.poll() is None
        assert url == f"http://127.0.0.1:{args[0][4]}/"
        assert args[0][:5] == serve_command(args[0][4], tmp_path)[:5]
        assert kwargs["cwd"] == ROOT
    assert process.returncode is not None


def test_a_server_that_exits_is_an_error_with_what_it_said(tmp_path, monkeypatch, popen):
    failing = [sys.executable, "-c", "import sys; sys.exit('no such folder: here')"]
    monkeypatch.setattr(checkers, "serve_command", lambda port, folder: failing)
    with pytest.raises(BenchError) as raised, served(tmp_path):
        pytest.fail("the server did not start, so nothing may be checked")
    assert (
        str(raised.value)
        == f"the local server for {tmp_path} did not start:\nno such folder: here\n"
    )
    assert popen[0][0].returncode == 1


def test_a_server_that_never_listens_is_stopped_at_the_deadline(tmp_path, monkeypatch, popen):
    silent = [
        sys.executable,
        "-c",
        "import sys, time; print('waiting', file=sys.stderr, flush=True); time.sleep(60)",
    ]
    monkeypatch.setattr(checkers, "serve_command", lambda port, folder: silent)
    monkeypatch.setattr(checkers, "SERVER_START_SECONDS", 0.3)
    with pytest.raises(BenchError, match=r"did not start:\nwaiting\n$"), served(tmp_path):
        pass
    [(process, _, _)] = popen
    assert process.returncode == -15


def test_deleting_a_page_returns_its_folder_and_touches_the_build_record(tmp_path):
    page = tmp_path / "output" / "guide" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("a", encoding="utf-8")
    record = tmp_path / "output.record.json"
    record.write_text("{}", encoding="utf-8")
    os.utime(record, (1_000_000, 1_000_000))
    assert delete_page(tmp_path / "output", "guide/a/index.html") == "guide/a/"
    assert not page.exists()
    assert page.parent.is_dir()
    assert record.stat().st_mtime > 1_000_000


def test_deleting_a_page_without_a_build_record_writes_none(tmp_path):
    page = tmp_path / "output" / "index.html"
    page.parent.mkdir()
    page.write_text("a", encoding="utf-8")
    assert delete_page(tmp_path / "output", "index.html") == ""
    assert not (tmp_path / "output.record.json").exists()


class Ran:
    """A fake ``run_checked``: records the command and its expected exit, prints ``stdout``."""

    def __init__(self, stdout):
        self.stdout, self.calls = stdout, []

    def __call__(self, command, expected=0):
        self.calls.append((command, expected))
        return SimpleNamespace(stdout=self.stdout)


def test_invoke_check_must_fail_naming_the_deleted_folder(tmp_path, monkeypatch):
    ran = Ran("ERROR: guide/b/index.html:3: link to missing page guide/a/\n")
    monkeypatch.setattr(checkers, "run_checked", ran)
    invoke_check_finds(tmp_path, "guide/a/")
    assert ran.calls == [(check_command(tmp_path), 1)]


def test_invoke_check_not_naming_the_folder_stops_the_bench(tmp_path, monkeypatch):
    monkeypatch.setattr(checkers, "run_checked", Ran("1 problem: guide/c/\n"))
    with pytest.raises(BenchError) as raised:
        invoke_check_finds(tmp_path, "guide/a/")
    assert (
        str(raised.value)
        == "invoke check did not report the missing guide/a/:\n1 problem: guide/c/\n"
    )


@pytest.fixture
def served_at(monkeypatch):
    folders = []

    @contextlib.contextmanager
    def fake_served(folder):
        folders.append(folder)
        yield URL

    monkeypatch.setattr(checkers, "served", fake_served)
    return folders


def test_linkchecker_must_report_the_deleted_folder(tmp_path, monkeypatch, served_at):
    ran = Ran("\n".join([HEADER, csv_row(URL + "guide/a/", "False")]))
    monkeypatch.setattr(checkers, "run_checked", ran)
    linkchecker_finds(tmp_path / "output-ours", "guide/a/", tmp_path / "rc")
    assert served_at == [tmp_path / "output-ours"]
    assert ran.calls == [(linkchecker_command(tmp_path / "rc", URL, "-o", "csv"), 1)]


@pytest.mark.parametrize(
    ("rows", "reported"),
    [
        (
            [csv_row(URL + "guide/a/", "False"), csv_row(URL + "guide/b/", "False")],
            "['guide/a/', 'guide/b/']",
        ),
        ([], "[]"),
    ],
)
def test_linkchecker_reporting_anything_else_stops_the_bench(
    tmp_path, monkeypatch, served_at, rows, reported
):
    monkeypatch.setattr(checkers, "run_checked", Ran("\n".join([HEADER, *rows])))
    with pytest.raises(BenchError) as raised:
        linkchecker_finds(tmp_path / "output-ours", "guide/a/", tmp_path / "rc")
    assert (
        str(raised.value)
        == f"LinkChecker on output-ours reported {reported} invalid, expected guide/a/"
    )


def program(code):
    return [sys.executable, "-c", code]


def test_a_failure_shows_the_last_20_lines_of_stderr():
    lines = "print(*[f'line {n}' for n in range(30)], sep=chr(10), file=sys.stderr)"
    code = f"import sys; {lines}; sys.exit(3)"
    with pytest.raises(CommandFailed) as raised:
        run_checked(program(code))
    message = str(raised.value).splitlines()
    assert message[1] == "exited with 3 (expected 0); the end of its stderr:"
    assert message[2:] == [f"line {n}" for n in range(10, 30)]
    assert raised.value.command == [sys.executable, "-c", code]


def test_a_failure_silent_on_stderr_shows_stdout_as_pelican_logs_there():
    with pytest.raises(CommandFailed) as raised:
        run_checked(program("print('ERROR: bad'); raise SystemExit(1)"))
    assert str(raised.value).endswith(
        "exited with 1 (expected 0); the end of its stdout:\nERROR: bad"
    )


def test_a_failure_that_says_nothing_says_so():
    with pytest.raises(CommandFailed) as raised:
        run_checked(program("raise SystemExit(4)"))
    assert str(raised.value).endswith(
        "exited with 4 (expected 0); the end of its stdout:\n(nothing)"
    )
    assert raised.value.stderr == ""


def test_a_command_failure_is_a_bench_error():
    assert issubclass(CommandFailed, BenchError)


def test_commands_run_from_the_repository_root_unless_told(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    where = program("import os; print(os.getcwd())")
    assert run_checked(where).stdout == f"{ROOT}\n"
    assert run_checked(where, cwd=tmp_path / "..").stdout == f"{tmp_path.parent}\n"


def test_commands_get_the_environment_given_and_their_parts_as_text(tmp_path):
    done = run_checked(
        [sys.executable, "-c", "import os, sys; print(os.environ['X'], sys.argv[1])", tmp_path],
        env={**os.environ, "X": "given"},
    )
    assert done.stdout == f"given {tmp_path}\n"
    assert done.stderr == ""
    assert done.returncode == 0


def test_a_timed_command_takes_the_clock_s_difference(monkeypatch):
    clock = iter([10.0, 12.5])
    monkeypatch.setattr(commands, "time", SimpleNamespace(perf_counter=lambda: next(clock)))
    assert timed(program("pass")) == 2.5


def test_a_timed_command_may_be_expected_to_fail():
    assert timed(program("raise SystemExit(1)"), expected=1) >= 0
    with pytest.raises(CommandFailed, match=r"exited with 0 \(expected 1\)"):
        timed(program("pass"), expected=1)


def test_commands_compared_take_turns_round_after_round(monkeypatch):
    ran = []
    monkeypatch.setattr(commands, "timed", lambda command: ran.append(command) or len(ran) / 10)
    times = interleaved(2, {"a": ["a"], "b": ["b"]})
    assert ran == [["a"], ["b"], ["a"], ["b"]]
    assert times == {"a": [0.1, 0.3], "b": [0.2, 0.4]}
    assert interleaved(0, {"a": ["a"]}) == {"a": []}


def test_the_build_commands_are_ours_and_plain_pelican_s(tmp_path):
    settings, output = tmp_path / "settings.py", tmp_path / "out"
    assert build_command(settings, output) == [
        sys.executable, "-m", "sitebuild.build", "--settings", settings, "--output", output,
    ]  # fmt: skip
    assert pelican_command(settings, output) == [
        sys.executable, "-m", "pelican", "-s", settings, "-o", output, "-q",
    ]  # fmt: skip
    assert check_command(output) == [BIN / "invoke", "check", "--output", output]


@pytest.mark.parametrize(
    ("part", "text"),
    [
        (ROOT, "."),
        (ROOT / "theme", "theme"),
        (BIN / "linkchecker", "linkchecker"),
        (sys.executable, "python"),
    ],
)
def test_a_command_s_machine_paths_are_shown_as_placeholders(part, text, tmp_path):
    assert commands.shown([part, tmp_path / "out"], tmp_path) == f"{text} $BENCH/out"


@pytest.mark.parametrize(
    ("code", "end"),
    [
        ("import sys; sys.stderr.write('bad\\n\\n  \\n'); sys.exit(1)", "stderr:\nbad"),
        ("print('bad'); print(); print('  '); raise SystemExit(1)", "stdout:\nbad"),
    ],
)
def test_blank_lines_at_the_end_of_what_a_failure_said_are_left_out(code, end):
    with pytest.raises(CommandFailed) as raised:
        run_checked(program(code))
    assert str(raised.value).endswith(f"(expected 0); the end of its {end}")
