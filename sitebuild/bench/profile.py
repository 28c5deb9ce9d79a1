"""`invoke bench --profile`: where one build of the cloned corpus spends its time.

The build runs under cProfile in a process of its own, as `invoke build` runs
it. cProfile slows Python code down about twofold, so the times compare
functions with one another; they are not budgets. Each worker process
(guidelib/worker.py: the prose checks, the page checks), which the main
process's profiler cannot see into, profiles itself when asked
(``GUIDE_WORKER_PROFILE``) and gets tables of its own.
"""

import os
import pstats
import sys
from collections import defaultdict
from pathlib import Path

from guidelib.worker import PROFILE_ENV

from .commands import ROOT, build_command, run_checked

OUR_CODE = ("guidelib", "plugins", "sitebuild")
# Pelican's and Python-Markdown's stages, by file and function name.
STAGES = [
    ("pelican/__init__.py", "run", "Pelican.run: the whole build"),
    ("pelican/generators.py", "generate_context", "generators reading the content"),
    ("pelican/readers.py", "read_file", "reading sources (Pelican's readers, Markdown included)"),
    ("markdown/core.py", "convert", "Markdown conversions (our extensions included)"),
    ("pelican/generators.py", "generate_output", "rendering templates and writing pages"),
]


def our_path(filename):
    """``filename`` relative to the repository if it is our code, else None."""
    path = Path(filename)
    if path.is_relative_to(ROOT) and path.relative_to(ROOT).parts[0] in OUR_CODE:
        return path.relative_to(ROOT)
    return None


def package_of(filename):
    """Who a profiled function belongs to: our package (plugins by plugin), or a library."""
    path, mine = Path(filename), our_path(filename)
    if filename.startswith(("~", "<")):
        return "built-in functions"
    if mine:
        return "/".join(mine.parts[:2]) if mine.parts[0] == "plugins" else mine.parts[0]
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1].removesuffix(".py")
    return "Python standard library"


def ours(stats, limit):
    """Our code's functions with the most cumulative time: (cumulative, own, calls, name)."""
    found = [
        (cumulative, own, calls, f"{our_path(file)}:{line} {name}")
        for (file, line, name), (_, calls, own, cumulative, _) in stats.items()
        if our_path(file)
    ]
    return sorted(found, reverse=True)[:limit]


def own_time_by_package(stats):
    totals = defaultdict(float)
    for (file, _, _), (_, _, own, _, _) in stats.items():
        totals[package_of(file)] += own
    return sorted(totals.items(), key=lambda item: -item[1])


def stage_times(stats):
    """Cumulative time of Pelican's and Markdown's stages (summed over same-named methods)."""
    times = []
    for suffix, function, label in STAGES:
        total = sum(
            cumulative
            for (file, _, name), (_, _, _, cumulative, _) in stats.items()
            if name == function and file.replace(os.sep, "/").endswith(suffix)
        )
        times.append((label, total))
    return times


WORKERS = ("prose", "site_audit")


def profile_build(corpus, output, workdir):
    """Profile one build of ``corpus``; return (its Stats, {worker: its Stats}, command)."""
    stats_path, prefix = workdir / "build.prof", workdir / "worker-"
    command = [sys.executable, "-m", "cProfile", "-o", stats_path]
    command += build_command(corpus.settings, output)[1:]
    run_checked(command, env={**os.environ, PROFILE_ENV: str(prefix)})
    workers = {
        name: pstats.Stats(str(path))
        for name in WORKERS
        if (path := workdir / f"worker-{name}.prof").exists()
    }
    return pstats.Stats(str(stats_path)), workers, command


def tables(stats, limit=30, heading="##", stages=True):
    lines = []
    if stages:
        lines += [
            f"Whole build under the profiler: {stats.total_tt:.2f} s.",
            "",
            f"{heading} Pelican and Python-Markdown",
            "",
            "| stage | cumulative |",
            "| --- | ---: |",
        ]
        lines += [f"| {label} | {seconds:.2f} s |" for label, seconds in stage_times(stats.stats)]
        lines.append("")
    lines += [
        f"{heading} Own time by package",
        "",
        "Time spent in each package's own functions, not in what they call.",
        "",
        "| package | own time | share |",
        "| --- | ---: | ---: |",
    ]
    lines += [
        f"| {package} | {own:.2f} s | {own / stats.total_tt * 100:.0f} % |"
        for package, own in own_time_by_package(stats.stats)
        if own >= 0.01
    ]
    lines += [
        "",
        f"{heading} Our costliest functions ({', '.join(OUR_CODE)})",
        "",
        "| function | calls | cumulative | own |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {name} | {calls} | {cumulative:.2f} s | {own:.2f} s |"
        for cumulative, own, calls, name in ours(stats.stats, limit)
    ]
    return "\n".join(lines)
