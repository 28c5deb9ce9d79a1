"""`invoke bench --profile`'s tables (sitebuild.bench.profile), on made-up and real profiles.

The functions read pstats' raw table, ``{(file, line, name): (primitive calls,
calls, own time, cumulative time, callers)}``, so most tests give them a
small hand-written one and assert the exact rows. ``profile_build`` runs with
a fake ``run_checked`` that writes real cProfile files where the profiled
build would, and one test profiles a small function of ours for real.
"""

import cProfile
import os
import pstats
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from guidelib.problems import _plural
from guidelib.worker import PROFILE_ENV
from sitebuild.bench import profile
from sitebuild.bench.commands import ROOT
from sitebuild.bench.profile import (
    our_path,
    ours,
    own_time_by_package,
    package_of,
    stage_times,
    tables,
)

SITE_PACKAGES = "/venv/lib/python3.12/site-packages"


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        (
            str(ROOT / "plugins" / "citations" / "markdown.py"),
            Path("plugins/citations/markdown.py"),
        ),
        (str(ROOT / "sitebuild" / "build.py"), Path("sitebuild/build.py")),
        (str(ROOT / "guidelib" / "worker.py"), Path("guidelib/worker.py")),
        (str(ROOT / "tests" / "unit" / "test_x.py"), None),
        (str(ROOT / "tasks.py"), None),
        (f"{SITE_PACKAGES}/plugins/x.py", None),
        ("~", None),
    ],
)
def test_our_code_is_a_path_in_the_repository(filename, expected):
    assert our_path(filename) == expected


@pytest.mark.parametrize(
    ("filename", "package"),
    [
        ("~", "built-in functions"),
        ("<frozen importlib._bootstrap>", "built-in functions"),
        (str(ROOT / "plugins" / "citations" / "markdown.py"), "plugins/citations"),
        (str(ROOT / "plugins" / "__init__.py"), "plugins/__init__.py"),
        (str(ROOT / "sitebuild" / "bench" / "cli.py"), "sitebuild"),
        (str(ROOT / "guidelib" / "worker.py"), "guidelib"),
        (f"{SITE_PACKAGES}/markdown/core.py", "markdown"),
        (f"{SITE_PACKAGES}/six.py", "six"),
        ("/usr/lib/python3.12/os.py", "Python standard library"),
        (str(ROOT / "tasks.py"), "Python standard library"),
    ],
)
def test_a_function_belongs_to_our_package_a_library_or_python(filename, package):
    assert package_of(filename) == package


def entry(calls, own, cumulative):
    return (calls, calls, own, cumulative, {})


PLUGIN = str(ROOT / "plugins" / "prose" / "plugin.py")
BUILD = str(ROOT / "sitebuild" / "build.py")
STATS = {
    (PLUGIN, 10, "check"): entry(4, 0.5, 2.0),
    (PLUGIN, 30, "read"): entry(1, 0.25, 2.0),
    (BUILD, 5, "build"): entry(1, 0.125, 9.0),
    (f"{SITE_PACKAGES}/pelican/__init__.py", 50, "run"): entry(1, 0.5, 8.0),
    (f"{SITE_PACKAGES}/pelican/generators.py", 70, "generate_context"): entry(2, 1.0, 3.0),
    (f"{SITE_PACKAGES}/pelican/generators.py", 90, "generate_context"): entry(1, 0.5, 1.5),
    (f"{SITE_PACKAGES}/pelican/generators.py", 95, "generate_output"): entry(1, 0.005, 2.5),
    (f"{SITE_PACKAGES}/markdown/core.py", 200, "convert"): entry(9, 2.0, 4.0),
    (f"{SITE_PACKAGES}/other/markdown/core.py", 1, "run"): entry(9, 0.004, 4.0),
    ("~", 0, "<built-in method io.open>"): entry(3, 0.75, 0.75),
}


def test_our_costliest_functions_come_first_with_their_calls():
    assert ours(STATS, 10) == [
        (9.0, 0.125, 1, "sitebuild/build.py:5 build"),
        (2.0, 0.5, 4, "plugins/prose/plugin.py:10 check"),
        (2.0, 0.25, 1, "plugins/prose/plugin.py:30 read"),
    ]


def test_our_costliest_functions_stop_at_the_limit():
    assert [name for *_, name in ours(STATS, 2)] == [
        "sitebuild/build.py:5 build",
        "plugins/prose/plugin.py:10 check",
    ]


def test_own_time_is_summed_by_package_the_largest_first():
    assert own_time_by_package(STATS) == [
        ("pelican", 2.005),
        ("markdown", 2.0),
        ("plugins/prose", 0.75),
        ("built-in functions", 0.75),
        ("sitebuild", 0.125),
        ("other", 0.004),
    ]


def test_each_stage_sums_its_functions_cumulative_time():
    assert stage_times(STATS) == [
        ("Pelican.run: the whole build", 8.0),
        ("generators reading the content", 4.5),
        ("reading sources (Pelican's readers, Markdown included)", 0),
        ("Markdown conversions (our extensions included)", 4.0),
        ("rendering templates and writing pages", 2.5),
    ]


TABLES = """\
Whole build under the profiler: 10.00 s.

## Pelican and Python-Markdown

| stage | cumulative |
| --- | ---: |
| Pelican.run: the whole build | 8.00 s |
| generators reading the content | 4.50 s |
| reading sources (Pelican's readers, Markdown included) | 0.00 s |
| Markdown conversions (our extensions included) | 4.00 s |
| rendering templates and writing pages | 2.50 s |

## Own time by package

Time spent in each package's own functions, not in what they call.

| package | own time | share |
| --- | ---: | ---: |
| pelican | 2.00 s | 20 % |
| markdown | 2.00 s | 20 % |
| plugins/prose | 0.75 s | 8 % |
| built-in functions | 0.75 s | 8 % |
| sitebuild | 0.12 s | 1 % |

## Our costliest functions (guidelib, plugins, sitebuild)

| function | calls | cumulative | own |
| --- | ---: | ---: | ---: |
| sitebuild/build.py:5 build | 1 | 9.00 s | 0.12 s |
| plugins/prose/plugin.py:10 check | 4 | 2.00 s | 0.50 s |
| plugins/prose/plugin.py:30 read | 1 | 2.00 s | 0.25 s |"""


def test_the_tables_of_a_build():
    assert tables(SimpleNamespace(total_tt=10.0, stats=STATS)) == TABLES


def test_a_worker_s_tables_have_no_stages_and_their_own_heading_and_limit():
    text = tables(SimpleNamespace(total_tt=10.0, stats=STATS), limit=1, heading="###", stages=0)
    assert text.startswith("### Own time by package\n\n")
    assert "### Our costliest functions (guidelib, plugins, sitebuild)" in text
    assert text.endswith(
        "| --- | ---: | ---: | ---: |\n| sitebuild/build.py:5 build | 1 | 9.00 s | 0.12 s |"
    )


def test_a_package_with_less_than_a_hundredth_of_a_second_is_left_out():
    stats = {(BUILD, 1, "a"): entry(1, 0.01, 0.01), (PLUGIN, 1, "b"): entry(1, 0.0099, 0.01)}
    text = tables(SimpleNamespace(total_tt=1.0, stats=stats), stages=False)
    assert "| sitebuild | 0.01 s | 1 % |" in text
    assert "| plugins/prose |" not in text


def test_a_package_s_share_is_of_the_whole_time():
    stats = {(BUILD, 1, "a"): entry(1, 0.9, 0.9), ("~", 0, "b"): entry(1, 0.1, 0.1)}
    text = tables(SimpleNamespace(total_tt=1.0, stats=stats), stages=False)
    assert "| sitebuild | 0.90 s | 90 % |\n| built-in functions | 0.10 s | 10 % |" in text


def test_a_build_s_tables_list_its_30_costliest_functions():
    stats = {(BUILD, line, f"f{line}"): entry(1, 0.0, line) for line in range(1, 41)}
    rows = tables(SimpleNamespace(total_tt=50.0, stats=stats)).split(
        "| --- | ---: | ---: | ---: |\n"
    )
    assert [row.split(" ")[1] for row in rows[1].splitlines()] == [
        f"sitebuild/build.py:{line}" for line in range(40, 10, -1)
    ]


def write_profile(path, function):
    profiler = cProfile.Profile()
    profiler.runcall(function)
    profiler.dump_stats(str(path))


def the_build():
    return "built"


def a_worker():
    return "checked"


class ProfiledBuild:
    """A fake ``run_checked`` that writes the profiles the build and ``workers`` would."""

    def __init__(self, workdir, workers):
        self.workdir, self.workers, self.calls = workdir, workers, []

    def __call__(self, command, env):
        self.calls.append((command, env))
        write_profile(command[command.index("-o") + 1], the_build)
        for name in self.workers:
            write_profile(f"{env[PROFILE_ENV]}{name}.prof", a_worker)


def test_profile_build_runs_our_build_under_cprofile(monkeypatch, tmp_path):
    fake = ProfiledBuild(tmp_path, ["prose"])
    monkeypatch.setattr(profile, "run_checked", fake)
    corpus = SimpleNamespace(settings=tmp_path / "settings.py")
    stats, workers, command = profile.profile_build(corpus, tmp_path / "out", tmp_path)
    assert command == [
        sys.executable,
        "-m",
        "cProfile",
        "-o",
        tmp_path / "build.prof",
        "-m",
        "sitebuild.build",
        "--settings",
        tmp_path / "settings.py",
        "--output",
        tmp_path / "out",
    ]
    [(run, env)] = fake.calls
    assert run == command
    assert env[PROFILE_ENV] == str(tmp_path / "worker-")
    assert env["PATH"] == os.environ["PATH"]
    assert {name for _, _, name in stats.stats} >= {"the_build"}
    assert list(workers) == ["prose"]
    assert {name for _, _, name in workers["prose"].stats} >= {"a_worker"}


def test_a_worker_that_was_not_started_has_no_stats(monkeypatch, tmp_path):
    monkeypatch.setattr(profile, "run_checked", ProfiledBuild(tmp_path, ["site_audit"]))
    corpus = SimpleNamespace(settings=tmp_path / "settings.py")
    _, workers, _ = profile.profile_build(corpus, tmp_path / "out", tmp_path)
    assert list(workers) == ["site_audit"]


def test_a_real_profile_lists_our_function_by_file_and_line(tmp_path):
    write_profile(tmp_path / "x.prof", lambda: [_plural(n, "page") for n in range(3)])
    text = tables(pstats.Stats(str(tmp_path / "x.prof")), stages=False)
    line = _plural.__code__.co_firstlineno
    assert f"| guidelib/problems.py:{line} _plural | 3 |" in text
