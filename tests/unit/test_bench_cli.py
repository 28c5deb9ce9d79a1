"""The bench's command line (sitebuild.bench.cli), with the measuring replaced.

``run`` is tested with fakes of the corpora and of ``Bench`` that record the
order of the steps; ``main`` with a fake ``run`` (or ``profile_text``), so
the options, the working folder, the report file and the error message are
checked without building anything. The texts are checked on made-up rows.
"""

import argparse
import os
import platform
from importlib import metadata
from types import SimpleNamespace

import pytest

from sitebuild.bench import cli
from sitebuild.bench.commands import BenchError
from sitebuild.bench.report import Measurement


@pytest.fixture
def a_machine(monkeypatch):
    versions = {"pelican": "4.12.0", "markdown": "3.7", "lxml": "5.3.0"}

    def version(name):
        if name not in versions:
            raise metadata.PackageNotFoundError(name)
        return versions[name]

    monkeypatch.setattr(platform, "python_version", lambda: "3.12.1")
    monkeypatch.setattr(platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(metadata, "version", version)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.54, 1.0, 12.25))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)


MACHINE = (
    "2 cores, x86_64, load average 0.5, 1.0, 12.2; "
    "Python 3.12.1, pelican 4.12.0, markdown 3.7, lxml 5.3.0"
)


def test_the_machine_is_its_cores_load_and_versions_of_what_is_installed(a_machine):
    assert cli.machine() == MACHINE


class FakeBench:
    """Records each measuring step, by name and corpus."""

    steps = []

    def __init__(self, workdir, runs):
        self.steps.append(("Bench", workdir, runs))

    def __getattr__(self, name):
        return lambda *args, **kwargs: self.steps.append((name, *args, *kwargs.items()))


def test_run_measures_the_corpora_in_order(monkeypatch, tmp_path):
    FakeBench.steps = steps = []
    monkeypatch.setattr(cli, "Bench", FakeBench)
    monkeypatch.setattr(cli, "clone", lambda folder: ("cloned", folder))
    monkeypatch.setattr(cli, "generate", lambda folder, articles: ("synthetic", folder, articles))
    bench = cli.run(7, 2, [250, 500], tmp_path)
    assert isinstance(bench, FakeBench)
    cloned = ("cloned", tmp_path / "cloned")
    synthetic = ("synthetic", tmp_path / "synthetic", 7)
    assert steps == [
        ("Bench", tmp_path, 2),
        ("builds", cloned),
        ("checks", cloned),
        ("planted", cloned),
        ("builds", synthetic),
        ("checks", synthetic, ("bare_too", True)),
        ("memory_and_weight", synthetic),
        ("planted", synthetic, ("bare_too", True)),
        ("preview", synthetic, 7),
        ("save_to_browser", synthetic, 7),
        ("scaling", [250, 500]),
    ]


ROWS = [
    Measurement("build.cloned.ours", "our build", (12.0, 12.0, 12.0), "s", "python -m b"),
    Measurement("build.cloned.bare", "bare build", (10.0, 10.0, 10.0)),
]


def bench_of(rows=ROWS, notes=("note one", "note two")):
    return SimpleNamespace(rows=list(rows), notes=list(notes))


def test_the_benchmarks_page_has_the_figures_budgets_notes_and_commands(a_machine):
    args = argparse.Namespace(runs=3, articles=40)
    text = cli.benchmarks_text(bench_of(), args, 14.6)
    lines = text.splitlines()
    assert lines[0] == "# Benchmarks"
    assert lines[2] == f"Made by `invoke bench` in 15 minutes on a machine with {MACHINE}"
    assert "Each figure is the median of 3 runs, with half their range as the spread;" in lines
    assert "not settled" not in text
    assert (
        "| cloned corpus: invoke build at most 1.3 x bare Pelican "
        "| 1.20 x (12.00 s vs 10.00 s) | yes |"
    ) in lines
    assert "- **synthetic**: 40 generated chapters (seed 20261122) of six sections" in lines
    assert "| `build.cloned.bare` | bare build | 10.00 s | 0.00 | 3 |" in lines
    assert "\n\n- note one\n- note two\n\n## How to reproduce\n" in text
    assert lines[-1] == "- `build.cloned.ours`: `python -m b`"


def test_fewer_than_three_runs_are_said_to_be_unsettled(a_machine):
    text = cli.benchmarks_text(bench_of(), argparse.Namespace(runs=2, articles=40), 1.0)
    assert "\n**Fewer than 3 runs: the budgets below are not settled.**\n" in text
    assert "Each figure is the median of 2 runs" in text


def test_a_measurement_id_used_twice_stops_the_page():
    with pytest.raises(ValueError, match="used twice"):
        cli.benchmarks_text(bench_of(ROWS * 2), argparse.Namespace(runs=3, articles=1), 1.0)


def stats(total, functions=0):
    """Made-up Stats: ``functions`` of ours, each with one second of its own."""
    ours = {
        (str(cli.ROOT / "sitebuild" / "x.py"), line, f"f{line}"): (1, 1, 1.0, 1.0, {})
        for line in range(functions)
    }
    return SimpleNamespace(total_tt=total, stats=ours)


class Calls(list):
    """A list of calls, and the workers' Stats the fake profiled build returns."""

    def __init__(self):
        super().__init__()
        self.workers, self.corpus = {}, None


@pytest.fixture
def profiled(monkeypatch, tmp_path, a_machine):
    """``profile_text`` with the clone and the profiled build replaced; returns what they got."""
    calls = Calls()

    def clone(folder):
        calls.append(("clone", folder))
        output = folder / "output-ours"
        for name in ("index.html", "a/index.html", "b/c/index.html", "a/style.css"):
            (output / name).parent.mkdir(parents=True, exist_ok=True)
            (output / name).write_text("x", encoding="utf-8")
        calls.corpus = SimpleNamespace(output=lambda kind: folder / f"output-{kind}")
        return calls.corpus

    def profile_build(corpus, output, workdir):
        calls.append(("profile", corpus is calls.corpus, output, workdir))
        command = ["python", "-m", "cProfile", "-o", workdir / "build.prof"]
        return stats(3.0), calls.workers, command

    monkeypatch.setattr(cli, "clone", clone)
    monkeypatch.setattr(cli, "profile_build", profile_build)
    return calls


def test_the_profile_page_shows_the_command_and_the_main_tables(profiled, tmp_path):
    text = cli.profile_text(tmp_path)
    assert profiled == [
        ("clone", tmp_path / "cloned"),
        ("profile", True, tmp_path / "cloned" / "output-ours", tmp_path),
    ]
    lines = text.splitlines()
    assert lines[0] == "# Where a build spends its time"
    assert lines[2] == f"Made by `invoke bench --profile` on a machine with {MACHINE}."
    assert lines[4] == "One build of the cloned corpus (3 pages; see docs/benchmarks.md) with our"
    assert "    python -m cProfile -o $BENCH/build.prof" in lines
    assert "Whole build under the profiler: 3.00 s." in lines
    assert "## Pelican and Python-Markdown" in lines
    assert lines[-1] == "The build started no worker."


def test_each_worker_gets_its_own_tables_without_stages(profiled, tmp_path):
    profiled.workers.update({"prose": stats(1.234), "site_audit": stats(0.5)})
    text = cli.profile_text(tmp_path)
    workers = text.split("## The worker processes", 1)[1]
    assert "### The prose checks, while Pelican reads the content\n\n" in workers
    assert "Time in the worker process: 1.23 s.\n\n#### Own time by package" in workers
    assert "### The page checks, while Pelican writes the pages\n\n" in workers
    assert "Time in the worker process: 0.50 s.\n\n#### Own time by package" in workers
    assert "#### Our costliest functions" in workers
    assert "Pelican and Python-Markdown" not in workers
    assert "The build started no worker." not in workers
    assert "|\n\n### The page checks" in workers


def test_a_worker_lists_its_15_costliest_functions(profiled, tmp_path):
    profiled.workers.update({"prose": stats(20.0, functions=17)})
    text = cli.profile_text(tmp_path)
    workers = text.split("## The worker processes", 1)[1]
    assert (
        len([line for line in workers.splitlines() if line.startswith("| sitebuild/x.py:")]) == 15
    )


class FakeRun:
    """Stands in for ``cli.run``: records its arguments, returns a Bench-like object."""

    def __init__(self, error=None):
        self.calls, self.error = [], error

    def __call__(self, articles, runs, sizes, workdir):
        self.calls.append((articles, runs, sizes, workdir, workdir.is_dir()))
        if self.error:
            raise self.error
        return bench_of()


@pytest.fixture
def fake_run(monkeypatch, tmp_path, a_machine):
    fake = FakeRun()
    monkeypatch.setattr(cli, "run", fake)
    monkeypatch.setattr(cli, "ROOT", tmp_path / "repository")
    (tmp_path / "repository" / "docs").mkdir(parents=True)
    return fake


def test_main_measures_in_a_kept_workdir_and_writes_the_report(fake_run, tmp_path, capsys):
    report = tmp_path / "report.md"
    argv = ["--articles", "5", "--runs", "2", "--sizes", "250,500"]
    argv += ["--workdir", str(tmp_path / "new" / "bench"), "--report", str(report)]
    assert cli.main(argv) == 0
    assert fake_run.calls == [(5, 2, [250, 500], tmp_path / "new" / "bench", True)]
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n")
    assert capsys.readouterr().out == text + "\n"
    assert not (tmp_path / "repository" / "docs" / "benchmarks.md").exists()


def test_a_relative_workdir_is_made_absolute(fake_run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cli.main(["--workdir", "here", "--sizes", ""])
    assert fake_run.calls[0][2:4] == ([], tmp_path / "here")


def test_by_default_a_temporary_workdir_and_docs_benchmarks_md(fake_run, tmp_path):
    assert cli.main([]) == 0
    [(articles, runs, sizes, workdir, existed)] = fake_run.calls
    assert (articles, runs, sizes, existed) == (1000, 3, [250, 500, 1000, 2000], True)
    assert workdir.name.startswith("guide-bench-")
    assert not workdir.exists()
    report = tmp_path / "repository" / "docs" / "benchmarks.md"
    assert report.read_text(encoding="utf-8").startswith("# Benchmarks\n")


def test_the_minutes_are_counted_from_the_start(fake_run, monkeypatch):
    clock = iter([100.0, 250.0])
    monkeypatch.setattr(cli, "time", SimpleNamespace(monotonic=lambda: next(clock)))
    minutes = []
    monkeypatch.setattr(cli, "benchmarks_text", lambda bench, args, m: minutes.append(m) or "t")
    cli.main([])
    assert minutes == [2.5]


def test_an_existing_workdir_is_refused(fake_run, tmp_path):
    with pytest.raises(FileExistsError):
        cli.main(["--workdir", str(tmp_path)])
    assert fake_run.calls == []


def test_a_bench_error_is_one_line_on_stderr_and_no_report(fake_run, tmp_path, capsys):
    fake_run.error = BenchError("the local server did not start")
    assert cli.main(["--report", str(tmp_path / "report.md")]) == 1
    captured = capsys.readouterr()
    assert captured.err == "bench: the local server did not start\n"
    assert captured.out == ""
    assert not (tmp_path / "report.md").exists()


def test_profile_writes_docs_profile_md(fake_run, tmp_path, monkeypatch):
    workdirs = []
    monkeypatch.setattr(cli, "profile_text", lambda workdir: workdirs.append(workdir) or "# P\n")
    assert cli.main(["--profile", "--workdir", str(tmp_path / "w")]) == 0
    assert workdirs == [tmp_path / "w"]
    assert fake_run.calls == []
    assert (tmp_path / "repository" / "docs" / "profile.md").read_text(encoding="utf-8") == "# P\n"


@pytest.mark.parametrize(
    "line",
    [
        "  --sizes SIZES        '' for none",
        "  --workdir WORKDIR    generate and keep the corpora here",
        "  --report REPORT      default docs/benchmarks.md",
        "  --profile            profile one build instead",
    ],
)
def test_the_help_says_what_each_option_does(line, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert line in capsys.readouterr().out.splitlines()


def test_the_help_starts_with_what_the_bench_does(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "\n\n`invoke bench`: measure the speed budgets and write docs/benchmarks.md" in out
    assert "python -m sitebuild.bench [--articles 1000]" not in out


def test_the_report_is_utf_8_whatever_the_locale(fake_run, tmp_path, monkeypatch):
    import locale

    monkeypatch.setattr(cli, "benchmarks_text", lambda bench, args, minutes: "± 2 s – ok\n")
    previous = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        cli.main(["--report", str(tmp_path / "report.md")])
    finally:
        locale.setlocale(locale.LC_CTYPE, previous)
    assert (tmp_path / "report.md").read_bytes() == "± 2 s – ok\n".encode()
