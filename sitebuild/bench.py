"""Benchmarks: build, edit-to-preview, check and page weight on a synthetic guide.

``python -m sitebuild.bench [--articles 1000] [--runs 3] [--sizes 250,500,1000,2000]``
generates a site from a fixed seed in a temporary folder (articles of
realistic length with about ten citations each, drawn from a 200-entry
library, and the usual front matter), measures it and writes the table to
docs/benchmarks.md. Budgets are read off that table by people, never asserted
by timed tests.

Each measurement runs in a fresh process, as an author or CI would run it, so
one run cannot warm the next one's caches in memory.
"""

import argparse
import contextlib
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261122
LIBRARY_SIZE = 200
CITATIONS_PER_ARTICLE = 10

WORDS = [
    "movement", "walking", "mood", "energy", "sleep", "routine", "evidence", "trial",
    "review", "daily", "small", "steps", "body", "brain", "stress", "rest", "support",
    "care", "activity", "week", "minutes", "gentle", "outdoors", "friends", "habit",
    "start", "plan", "track", "progress", "help", "feeling", "tired", "slowly", "kind",
    "patient", "strength", "breathing", "stretch", "garden", "stairs", "morning",
    "evening", "light", "symptoms", "people", "research",
]  # fmt: skip

SETTINGS = """\
import sys
from pelicanconf import *  # noqa: F403
PATH = {content!r}
THEME = {root!r} + "/theme"
PLUGINS = {plugins_list!r}
# The articles are random words: their reading grade means nothing, but the
# prose checks still run and are measured.
PROSE_GRADE_ERROR = 20
PROSE_GRADE_WARNING = 20
"""

# The plugins-off build: the same theme, which needs the chapters plugin for
# its order and review status (and so the editorial registry), with the
# safety blocks' template functions stubbed out.
# Citations stay as raw [@key] text and nothing is checked.
BARE_EXTRA = """\
def _nothing(*args, **kwargs):
    return ""
JINJA_GLOBALS = dict.fromkeys(
    ["disclaimer_banner", "crisis_help_bar", "crisis_help_block", "crisis_help_directory"],
    _nothing,
)
"""


def _sentence(rng, citation=None):
    words = rng.choices(WORDS, k=rng.randint(9, 22))
    text = " ".join(words).capitalize()
    return f"{text} {citation}." if citation else f"{text}."


def write_library(path, rng):
    entries = []
    for number in range(1, LIBRARY_SIZE + 1):
        first, second = rng.sample(WORDS, 2)
        entries.append(
            f"@article{{ref{number:03d},\n"
            f"  author = {{{first.capitalize()}, Alex and {second.capitalize()}, Sam}},\n"
            f"  title = {{A study of {' '.join(rng.sample(WORDS, 5))}}},\n"
            f"  journal = {{Journal of Synthetic Research}},\n"
            f"  year = {{{2000 + number % 25}}},\n"
            f"  volume = {{{number % 40 + 1}}},\n"
            f"  number = {{{number % 12 + 1}}},\n"
            f"  pages = {{{number}--{number + 9}}},\n"
            f"  doi = {{10.5555/synthetic.{number:03d}}}\n"
            "}\n"
        )
    path.write_text("\n".join(entries), encoding="utf-8")


def write_article(path, number, rng):
    keys = [f"ref{k:03d}" for k in rng.sample(range(1, LIBRARY_SIZE + 1), CITATIONS_PER_ARTICLE)]
    citations = [f"[@{key}]" for key in keys[:-2]] + [f"[@{keys[-2]}; @{keys[-1]}]"]
    sections = []
    for section in range(1, 7):
        paragraphs = []
        for _ in range(3):
            cite = citations.pop() if citations and rng.random() < 0.6 else None
            sentences = [_sentence(rng) for _ in range(rng.randint(2, 4))]
            sentences.append(_sentence(rng, cite))
            paragraphs.append(" ".join(sentences))
        body = "\n\n".join(paragraphs)
        sections.append(f"## Section {section} of article {number}\n\n{body}")
    # Every chapter starts with its key points (plugins/furniture).
    sections.insert(0, f"## In short\n\n- First point of article {number}.\n- Second point.")
    rest = " ".join(citations)
    path.write_text(
        f"Title: Synthetic article {number}\n"
        f"Slug: article-{number}\n"
        "Date: 2026-01-01\n"
        "Modified: 2026-02-01\n"
        f"Summary: Synthetic article number {number} for benchmarks.\n"
        "Authors: editorial-team\n"
        f"Order: {number}\n"
        "Category: Guide\n"
        f"Tags: {rng.choice(WORDS)}, {rng.choice(WORDS)}\n\n"
        + "\n\n".join(sections)
        + (f"\n\nFurther reading {rest}.\n" if rest else "\n"),
        encoding="utf-8",
    )


def generate(folder, articles, seed=SEED):
    """Write a synthetic site with ``articles`` chapters into ``folder``; return its settings."""
    rng = random.Random(seed)
    content = folder / "content"
    (content / "chapters").mkdir(parents=True)
    # The safety plugins' data and pages, and the References page, as on the real site.
    shutil.copytree(ROOT / "content" / "data", content / "data")
    (content / "pages").mkdir()
    for page in ("get-help.md", "disclaimer.md", "references.md"):
        if (ROOT / "content" / "pages" / page).exists():
            shutil.copy(ROOT / "content" / "pages" / page, content / "pages" / page)
    for slug, template in (("about", "Template: about\n"), ("privacy", "")):
        (content / "pages" / f"{slug}.md").write_text(
            f"Title: {slug.capitalize()}\nSlug: {slug}\n{template}Summary: A page.\n\nText.\n",
            encoding="utf-8",
        )
    write_library(content / "references.bib", rng)
    for number in range(1, articles + 1):
        write_article(content / "chapters" / f"{number:04d}.md", number, rng)
    return write_settings(folder, "settings.py")


def write_settings(folder, name, bare=False, plugins=None):
    """Settings for the site in ``folder``: all plugins, or ``bare`` with only ``plugins``.

    A bare build stubs out the safety blocks' template functions, so it can
    leave out the safety plugins.
    """
    import pelicanconf

    path = folder / name
    text = SETTINGS.format(
        root=str(ROOT),
        content=str(folder / "content"),
        plugins=str(ROOT / "plugins"),
        plugins_list=["editorial", *(plugins or ["chapters"])] if bare else pelicanconf.PLUGINS,
    )
    path.write_text(text + (BARE_EXTRA if bare else ""), encoding="utf-8")
    return path


# Plugins added a group at a time (citations, then the safety blocks and
# their check), to show which part of the overhead each one brings.
PLUGIN_STEPS = [
    ["chapters", "citations"],
    ["chapters", "citations", "disclaimer", "crisis_help", "page_blocks"],
]


def timed(command, **kwargs):
    """Run a command; return how long it took in seconds."""
    started = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True, cwd=ROOT, **kwargs)
    return time.perf_counter() - started


def peak_memory(settings, output):
    """Peak resident memory of one build in its own process, in MiB."""
    code = (
        "import resource\n"
        "from sitebuild.build import build\n"
        f"build({str(settings)!r}, {str(output)!r})\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return int(done.stdout.split()[-1]) / 1024


def build_command(settings, output, *extra):
    return [
        sys.executable,
        "-m",
        "sitebuild.build",
        "--settings",
        str(settings),
        "--output",
        str(output),
        *extra,
    ]


def pelican_command(settings, output):
    return [sys.executable, "-m", "pelican", "-s", str(settings), "-o", str(output), "-q"]


def check_command(output):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    return [sys.executable, "-m", "plugins.site_audit", str(output)], env


LINKCHECKER_CONFIG = """\
[checking]
# As fast as it goes: the server is local and allows it (see served()).
maxrequestspersecond=1000
"""


def linkchecker_command(url, *extra):
    # Internal links only, like invoke check without --external.
    config = Path(tempfile.gettempdir()) / "guide-bench-linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    config.chmod(0o644)
    linkchecker = str(Path(sys.executable).parent / "linkchecker")
    return [linkchecker, "--config", str(config), "--no-status", "--no-warnings", *extra, url]


@contextlib.contextmanager
def served(folder):
    """Serve ``folder`` on a free localhost port; yield its URL.

    LinkChecker is given the site over HTTP, as a reader gets it: over file://
    it takes a folder for a valid page and never looks for its index.html.
    """
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Like a static host, and unlike http.server's default, a folder without
    # an index.html is a 404, not a listing of its files. The "LinkChecker"
    # header lets LinkChecker go faster than its polite 10 requests a second.
    code = (
        "import functools, http.server, sys\n"
        "class Handler(http.server.SimpleHTTPRequestHandler):\n"
        "    def list_directory(self, path):\n"
        "        self.send_error(404)\n"
        "    def end_headers(self):\n"
        "        self.send_header('LinkChecker', 'allow')\n"
        "        super().end_headers()\n"
        "    def log_message(self, *args):\n"
        "        pass\n"
        "handler = functools.partial(Handler, directory=sys.argv[2])\n"
        "http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), handler)"
        ".serve_forever()\n"
    )
    server = subprocess.Popen([sys.executable, "-c", code, str(port), str(folder)])
    try:
        for _ in range(100):
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait()


def missing_files_ours(output):
    """The files `invoke check` says are missing, from its report."""
    command, env = check_command(output)
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    return {
        line.rsplit("(no file ", 1)[1].rstrip(")")
        for line in done.stdout.splitlines()
        if "(no file " in line
    }


def missing_files_linkchecker(url):
    """The files LinkChecker says are missing, from its CSV report."""
    import csv

    done = subprocess.run(
        linkchecker_command(url, "-o", "csv"), capture_output=True, text=True, cwd=ROOT
    )
    rows = csv.DictReader(
        (line for line in done.stdout.splitlines() if line and not line.startswith("#")),
        delimiter=";",
    )
    missing = set()
    for row in rows:
        if row.get("valid") == "False" and row.get("url", "").startswith(url):
            path = row["url"][len(url) :].split("#")[0]
            missing.add(path + "index.html" if path.endswith("/") or not path else path)
    return missing


def summary(values):
    median = statistics.median(values)
    spread = (max(values) - min(values)) / 2 if len(values) > 1 else 0.0
    return median, spread


def repeat(runs, command, **kwargs):
    return summary([timed(command, **kwargs) for _ in range(runs)])


def interleaved(runs, commands):
    """Run the commands in turn, ``runs`` rounds; return each one's list of times."""
    times = [[] for _ in commands]
    for _ in range(runs):
        for command, found in zip(commands, times, strict=True):
            found.append(timed(command))
    return times


PREVIEW_RUN = """\
import sys, time
from pathlib import Path
from sitebuild.preview import LivePreview
settings, output, runs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
preview = LivePreview(settings, output)
assert preview.rebuild().ok
article = Path(settings).parent / "content" / "chapters" / "0001.md"
page = output / "guide" / "article-1" / "index.html"
edits = {
    "text": lambda text, run: text + f"\\nEdit {run}.\\n",
    "title": lambda text, run: text.replace("Title: ", f"Title: Edit {run} ", 1),
}
for name, edit in edits.items():
    times = []
    for run in range(runs):
        article.write_text(edit(article.read_text(), run))
        started = time.perf_counter()
        result = preview.rebuild()
        times.append(time.perf_counter() - started)
        assert result.ok, result.problems
        assert f"Edit {run}" in page.read_text()
    print("edit", name, *times)
"""


def edit_to_preview(settings, output, runs):
    """Time rebuilds after one article changed, as ``invoke livereload`` does them.

    One long-lived process keeps Pelican's content cache and the formatted
    library, and writes only the pages the edit changed (sitebuild.preview).
    An edit to the text rewrites the article's page; an edit to its title
    rewrites every page, since other pages show it. Returns {edit: summary}.
    """
    done = subprocess.run(
        [sys.executable, "-c", PREVIEW_RUN, str(settings), str(output), str(runs)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    found = {}
    for line in done.stdout.splitlines():
        if line.startswith("edit "):  # Pelican prints its own summary lines too
            _, name, *values = line.split()
            found[name] = summary([float(value) for value in values])
    return found


def page_weight(output):
    """The largest page's transfer size: its HTML plus the CSS and JS it loads, in KiB."""
    from bs4 import BeautifulSoup

    largest = (0, None)
    for page in output.rglob("*.html"):
        html = page.read_bytes()
        soup = BeautifulSoup(html, "lxml")
        size = len(html)
        for tag in soup.select("link[rel=stylesheet][href], script[src]"):
            ref = (page.parent / (tag.get("href") or tag.get("src"))).resolve()
            if ref.is_file():
                size += ref.stat().st_size
        largest = max(largest, (size, str(page.relative_to(output))))
    return largest[0] / 1024, largest[1]


def versions():
    names = ("pelican", "markdown", "citeproc-py", "pybtex", "lxml", "linkchecker")
    found = []
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{name} {metadata.version(name)}")
    return ", ".join([f"Python {platform.python_version()}", *found])


def run(articles, runs, sizes, workdir):
    rows = []
    settings = generate(workdir / "site", articles)
    output = workdir / "output"
    bare = write_settings(workdir / "site", "bare.py", bare=True)

    # The builds compared take turns, so a machine that slows down or speeds
    # up during the benchmark moves them all alike.
    partials = [
        write_settings(workdir / "site", f"step{step}.py", bare=True, plugins=plugins)
        for step, plugins in enumerate(PLUGIN_STEPS)
    ]
    on, off, *steps = interleaved(
        runs,
        [
            pelican_command(path, workdir / f"output-{path.stem}")
            for path in (settings, bare, *partials)
        ],
    )
    rows.append((f"build, all plugins ({articles} articles, plain pelican)", summary(on), "s"))
    rows.append(("same corpus and theme, plugins off but chapters", summary(off), "s"))
    # Each round's ratio, so the rounds' own pace cancels out.
    overhead = [(a / b - 1) * 100 for a, b in zip(on, off, strict=True)]
    rows.append(("plugins' overhead (citations, safety, audit)", summary(overhead), "%"))
    for plugins, timing in zip(PLUGIN_STEPS, steps, strict=True):
        rows.append((f"same, plugins {', '.join(plugins)} only", summary(timing), "s"))
    full = repeat(runs, build_command(settings, output))
    rows.append(("invoke build (strict, atomic), all plugins", full, "s"))

    edits = edit_to_preview(settings, output, runs)
    rows.append(("edit one article's text, live preview rebuild", edits["text"], "s"))
    rows.append(("edit one article's title, live preview rebuild", edits["title"], "s"))

    # Plant breakage both checkers must find: one chapter's page goes missing.
    (output / "guide" / "article-2" / "index.html").unlink()
    # LinkChecker drops root's privileges to "nobody", which must be able to read.
    for path in [workdir, *workdir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    command, env = check_command(output)
    ours = repeat(runs, command, env=env)
    rows.append(("invoke check", ours, "s"))
    found = {"invoke check": missing_files_ours(output)}
    with served(output) as url:
        theirs = repeat(1, linkchecker_command(url))
        found["LinkChecker"] = missing_files_linkchecker(url)
    rows.append(("LinkChecker, same output over local HTTP", theirs, "s"))
    rows.append(("LinkChecker time / invoke check time", (theirs[0] / ours[0], 0.0), "x"))
    for name, files in found.items():
        rows.append(
            (f"{name}: missing files found ({', '.join(sorted(files))})", (len(files), 0.0), "")
        )

    peak = peak_memory(settings, workdir / "peak-output")
    rows.append(("peak memory of a build", (peak, 0.0), "MiB"))
    weight, page = page_weight(output)
    rows.append((f"largest page's transfer size ({page})", (weight, 0.0), "KiB"))

    for size in sizes:
        folder = workdir / f"n{size}"
        folder.mkdir()
        size_settings = generate(folder / "site", size)
        rows.append(
            (
                f"full build, N = {size}",
                repeat(runs, build_command(size_settings, folder / "output")),
                "s",
            )
        )
    return rows


def overhead_by_group(rows):
    """What each group of plugins adds to the plugins-off build, from the timing rows."""
    value = {name: median for name, (median, _), _ in rows}
    off = value["same corpus and theme, plugins off but chapters"]
    on = next(median for name, median in value.items() if name.startswith("build, all plugins"))
    steps = [value[f"same, plugins {', '.join(plugins)} only"] for plugins in PLUGIN_STEPS]
    groups = [
        ("citations", steps[0] - off),
        ("disclaimer, crisis_help and page_blocks", steps[1] - steps[0]),
        ("site_audit during the build", on - steps[1]),
    ]
    lines = [
        "| plugins added | seconds | share of the plugins-off build |",
        "| --- | ---: | ---: |",
    ]
    for name, seconds in groups:
        lines.append(f"| {name} | {seconds:.2f} s | {seconds / off * 100:.0f} % |")
    return "\n".join(lines)


def budgets(rows):
    """The issue's budgets, each with the measured value and whether it is met."""
    value = {name.split(" (")[0]: median for name, (median, _), _ in rows}
    sizes = {
        int(name.rsplit(" ", 1)[1]): median
        for name, (median, _), _ in rows
        if name.startswith("full build, N = ")
    }
    checks = [
        (
            "plugins' overhead at most 10 %",
            value["plugins' overhead"],
            "%",
            value["plugins' overhead"] <= 10,
        ),
        (
            "edit-to-preview at most 1 s",
            value["edit one article's text, live preview rebuild"],
            "s",
            value["edit one article's text, live preview rebuild"] <= 1,
        ),
        (
            "invoke check at least 10 times faster than LinkChecker",
            value["LinkChecker time / invoke check time"],
            "x",
            value["LinkChecker time / invoke check time"] >= 10,
        ),
    ]
    if len(sizes) >= 2:
        small, large = min(sizes), max(sizes)
        ratio = (sizes[large] / large) / (sizes[small] / small)
        checks.append(
            (
                f"build time linear in N (time per article at N = {large} vs {small})",
                ratio,
                "x",
                ratio <= 1.25,
            )
        )
    lines = ["| budget | measured | met |", "| --- | ---: | --- |"]
    for name, measured, unit, met in checks:
        lines.append(f"| {name} | {measured:.2f} {unit} | {'yes' if met else 'no'} |")
    return "\n".join(lines)


def profile(articles, workdir, limit=25):
    """Profile one plain ``pelican`` build with cProfile; return a table of the plugins' functions.

    Functions are listed by cumulative time. cProfile slows Python code down
    about twofold, so the times compare functions, not budgets.
    """
    import pstats

    settings = generate(workdir / "site", articles)
    stats_path = workdir / "build.prof"
    command = pelican_command(settings, workdir / "output")
    subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(stats_path), *command[1:]],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    stats = pstats.Stats(str(stats_path))
    plugins = str(ROOT / "plugins") + os.sep
    found = sorted(
        (
            (cumulative, own, calls, f"{Path(file).relative_to(ROOT)}:{line} {name}")
            for (file, line, name), (_, calls, own, cumulative, _) in stats.stats.items()
            if file.startswith(plugins)
        ),
        reverse=True,
    )
    lines = [
        f"Whole build under the profiler: {stats.total_tt:.2f} s. The pages page_blocks "
        "checks in its second process are not in this profile.",
        "",
        "| function | calls | cumulative | own |",
        "| --- | ---: | ---: | ---: |",
    ]
    for cumulative, own, calls, name in found[:limit]:
        lines.append(f"| {name} | {calls} | {cumulative:.2f} s | {own:.2f} s |")
    return "\n".join(lines)


def table(rows, runs):
    lines = [
        "| measurement | median | spread (+/-) |",
        "| --- | ---: | ---: |",
    ]
    for name, (median, spread), unit in rows:
        lines.append(f"| {name} | {median:.2f} {unit} | {spread:.2f} |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--sizes",
        default="250,500,1000,2000",
        help="comma-separated article counts for the scaling rows ('' for none)",
    )
    parser.add_argument("--report", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument(
        "--profile",
        action="store_true",
        help="instead, profile one build and write the plugins' costliest functions "
        "to docs/profile.md",
    )
    args = parser.parse_args(argv)
    if args.profile:
        with tempfile.TemporaryDirectory(prefix="guide-profile-") as workdir:
            text = profile(args.articles, Path(workdir))
        report = ROOT / "docs" / "profile.md"
        report.write_text(
            "# Where the plugins spend a build\n\n"
            f"Made by `invoke bench --profile` ({args.articles} articles, seed {SEED}) "
            f"with cProfile on a machine with {os.cpu_count()} cores.\n"
            f"Versions: {versions()}.\n\n{text}\n",
            encoding="utf-8",
        )
        print(text)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as workdir:
        rows = run(args.articles, args.runs, sizes, Path(workdir))
    text = (
        table(rows, args.runs)
        + "\n\n## Where the plugins' overhead goes\n\n"
        + overhead_by_group(rows)
        + "\n\n## Budgets\n\n"
        + budgets(rows)
    )
    header = (
        "# Benchmarks\n\n"
        f"Made by `invoke bench` (seed {SEED}, {args.runs} runs each, median and half the "
        f"range) on a machine with {os.cpu_count()} cores.\n"
        f"Versions: {versions()}.\n\n"
    )
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(header + text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
