"""`invoke bench`: measure the speed budgets and write docs/benchmarks.md (or docs/profile.md).

``python -m sitebuild.bench [--articles 1000] [--runs 3] [--sizes 250,500,1000,2000]
[--workdir DIR] [--profile]``
"""

import argparse
import contextlib
import os
import platform
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from .clone import clone
from .commands import ROOT, BenchError, shown
from .measure import Bench
from .profile import profile_build, tables
from .report import budget_table, budgets, by_id, command_list, measurement_table
from .synthetic import SEED, generate

VERSIONS = ("pelican", "markdown", "citeproc-py", "pybtex", "lxml", "linkchecker")


def machine():
    found = [f"Python {platform.python_version()}"]
    for name in VERSIONS:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{name} {metadata.version(name)}")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores, {platform.machine()}, load average {load}; " + ", ".join(found)


def run(articles, runs, sizes, workdir):
    """Every measurement, corpus by corpus; return the Bench with its rows and notes."""
    bench = Bench(workdir, runs)
    cloned = clone(workdir / "cloned")
    bench.builds(cloned)
    bench.checks(cloned)
    bench.planted(cloned)
    synthetic = generate(workdir / "synthetic", articles)
    bench.builds(synthetic)
    bench.checks(synthetic, bare_too=True)
    bench.memory_and_weight(synthetic)
    bench.planted(synthetic, bare_too=True)
    bench.preview(synthetic, articles)  # last: these two edit the corpus
    bench.save_to_browser(synthetic, articles)
    bench.scaling(sizes)
    return bench


def benchmarks_text(bench, args, minutes):
    rows = by_id(bench.rows)
    caveat = "\n**Fewer than 3 runs: the budgets below are not settled.**" * (args.runs < 3)
    return f"""# Benchmarks

Made by `invoke bench` in {minutes:.0f} minutes on a machine with {machine()}
(the load average, over 1, 5 and 15 minutes, is taken at the end: other work on
the machine shows as a wide spread).
Each figure is the median of {args.runs} runs, with half their range as the spread;
the commands compared took turns, and a ratio is the median of the rounds' own ratios.{caveat}

## Budgets

{budget_table(budgets(rows))}

## Corpora

- **cloned**: the real site's content/ (pages, data, references.bib and the
  chapters), plus each chapter copied again until 400 copies are added, with
  Order numbers after the real chapters' and their own Slug and Title.
- **synthetic**: {args.articles} generated chapters (seed {SEED}) of six sections
  with about ten citations each, from a 200-entry library.
- **bare Pelican** builds a copy of a corpus with every citation mark removed,
  with Pelican's default theme and no plugins, and the site's own MARKDOWN
  setting (toc, admonition, typography; sitebuild/bench/sites.py).

## Measurements

{measurement_table(bench.rows)}

## Each checker finds the planted breakage

{chr(10).join(f"- {note}" for note in bench.notes)}

## How to reproduce

`invoke bench` runs all of this (`--articles`, `--runs` and `--sizes` change the
sizes; `--workdir DIR` keeps the corpora in DIR, written as `$BENCH` below).
Each measurement's command, run from the repository root:

{command_list(bench.rows)}
"""


WORKER_ROLES = {
    "prose": "The prose checks, while Pelican reads the content",
    "site_audit": "The page checks, while Pelican writes the pages",
}


def profile_text(workdir):
    corpus = clone(workdir / "cloned")
    stats, workers, command = profile_build(corpus, corpus.output("ours"), workdir)
    worker_text = "\n\n".join(
        f"### {WORKER_ROLES[name]}\n\nTime in the worker process: {worker.total_tt:.2f} s.\n\n"
        + tables(worker, limit=15, heading="####", stages=False)
        for name, worker in workers.items()
    )
    pages = sum(1 for _ in corpus.output("ours").rglob("*.html"))
    return f"""# Where a build spends its time

Made by `invoke bench --profile` on a machine with {machine()}.

One build of the cloned corpus ({pages} pages; see docs/benchmarks.md) with our
runner under cProfile:

    {shown(command, workdir)}

cProfile slows Python code about twofold, so compare the times with one
another, not with the budgets.

{tables(stats)}

## The worker processes

The prose checks and the written pages' checks run in worker processes of
their own (guidelib/worker.py), each of which profiles itself. A worker
that is not listed was not started.

{worker_text or "The build started no worker."}
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="250,500,1000,2000", help="'' for none")
    parser.add_argument("--workdir", type=Path, help="generate and keep the corpora here")
    parser.add_argument("--report", type=Path, help="default docs/benchmarks.md")
    parser.add_argument("--profile", action="store_true", help="profile one build instead")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        if args.workdir:
            args.workdir.mkdir(parents=True)
            workdir = args.workdir.resolve()
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="guide-bench-")))
        try:
            if args.profile:
                text, default = profile_text(workdir), "profile.md"
            else:
                sizes = [int(size) for size in args.sizes.split(",") if size]
                bench = run(args.articles, args.runs, sizes, workdir)
                minutes = (time.monotonic() - started) / 60
                text, default = benchmarks_text(bench, args, minutes), "benchmarks.md"
        except BenchError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 1
    report = args.report or ROOT / "docs" / default
    report.write_text(text, encoding="utf-8")
    print(text)
    return 0
