"""The bench's measurements (sitebuild.bench.measure), with every command replaced.

``Bench`` runs its commands through ``interleaved`` and ``run_checked`` and
its servers through ``served``; here these are fakes that record what they
are given and return chosen times, so each test asserts the rows a method
adds: their ids, labels, values, units and the commands shown in the report.
The largest page is measured on small hand-written pages.
"""

import contextlib
import json
import sys
from types import SimpleNamespace

import pytest

from sitebuild.bench import measure
from sitebuild.bench.checkers import LINKCHECKER_CONFIG, linkchecker_command
from sitebuild.bench.commands import build_command, check_command, pelican_command
from sitebuild.bench.measure import Bench, largest_page
from sitebuild.bench.report import Measurement
from sitebuild.bench.sites import Corpus


def page(path, text="<p>x</p>"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


class Interleaved:
    """A fake ``interleaved``: records each call and gives command number i the times i.0, i.5."""

    def __init__(self):
        self.calls = []

    def __call__(self, runs, commands):
        self.calls.append((runs, dict(commands)))
        return {key: [i + 1.0, i + 1.5] for i, key in enumerate(commands)}


@pytest.fixture
def interleaved(monkeypatch):
    fake = Interleaved()
    monkeypatch.setattr(measure, "interleaved", fake)
    return fake


@pytest.fixture
def bench(tmp_path):
    return Bench(tmp_path, 2)


def test_a_bench_starts_empty_with_its_linkchecker_config(tmp_path):
    bench = Bench(tmp_path, 4)
    assert (bench.workdir, bench.runs, bench.rows, bench.notes) == (tmp_path, 4, [], [])
    assert bench.config == tmp_path / "linkcheckerrc"
    assert bench.config.read_text(encoding="utf-8") == LINKCHECKER_CONFIG


def test_a_row_is_in_seconds_without_a_command_unless_told(bench):
    bench.add("a.b", "label", [1.0, 2.0])
    bench.add("c.d", "other", (3.0,), "MiB", "python -m x")
    assert bench.rows == [
        Measurement("a.b", "label", (1.0, 2.0), "s", ""),
        Measurement("c.d", "other", (3.0,), "MiB", "python -m x"),
    ]


def test_builds_time_our_runner_and_bare_pelican_in_turns(bench, tmp_path, interleaved):
    corpus = Corpus("cloned", tmp_path / "cloned")
    page(corpus.output("ours") / "index.html")
    page(corpus.output("ours") / "guide" / "a" / "index.html")
    page(corpus.output("ours") / "style.css", "p {}")
    bench.builds(corpus)
    assert interleaved.calls == [
        (
            2,
            {
                "build.cloned.ours": build_command(corpus.settings, corpus.output("ours")),
                "build.cloned.bare": pelican_command(corpus.bare_settings, corpus.output("bare")),
            },
        )
    ]
    assert bench.rows == [
        Measurement(
            "build.cloned.ours",
            "cloned corpus (2 pages): invoke build, our strict runner",
            (1.0, 1.5),
            "s",
            "python -m sitebuild.build --settings $BENCH/cloned/settings.py "
            "--output $BENCH/cloned/output-ours",
        ),
        Measurement(
            "build.cloned.bare",
            "cloned corpus: bare Pelican, default theme, no plugins, citations stripped",
            (2.0, 2.5),
            "s",
            "python -m pelican -s $BENCH/cloned/bare/settings.py -o $BENCH/cloned/output-bare -q",
        ),
    ]


class Servers:
    """A fake ``served``: yields a URL per folder and records which are running."""

    def __init__(self):
        self.running, self.started = [], []

    @contextlib.contextmanager
    def __call__(self, folder):
        url = f"http://127.0.0.1:{9000 + len(self.started)}/"
        self.started.append(folder)
        self.running.append(folder)
        try:
            yield url
        finally:
            self.running.remove(folder)


@pytest.fixture
def servers(monkeypatch, interleaved):
    fake = Servers()
    monkeypatch.setattr(measure, "served", fake)
    readable = []
    monkeypatch.setattr(measure, "readable_by_all", readable.append)
    fake.readable = readable
    running_then = []
    original = interleaved.__call__

    def timed_while_served(runs, commands):
        running_then.append(list(fake.running))
        return original(runs, commands)

    monkeypatch.setattr(measure, "interleaved", timed_while_served)
    fake.running_then = running_then
    return fake


def test_checks_time_invoke_check_and_linkchecker_while_it_is_served(
    bench, tmp_path, interleaved, servers
):
    corpus = Corpus("cloned", tmp_path / "cloned")
    bench.checks(corpus)
    ours = corpus.output("ours")
    assert servers.readable == [tmp_path]
    assert servers.started == [ours]
    assert servers.running_then == [[ours]]
    assert servers.running == []
    assert interleaved.calls == [
        (
            2,
            {
                "check.cloned.ours": check_command(ours),
                "check.cloned.linkchecker": linkchecker_command(
                    tmp_path / "linkcheckerrc", "http://127.0.0.1:9000/"
                ),
            },
        )
    ]
    checker = "linkchecker --config $BENCH/linkcheckerrc --no-status --no-warnings"
    assert bench.rows == [
        Measurement(
            "check.cloned.ours",
            "cloned corpus: invoke check, the whole command",
            (1.0, 1.5),
            "s",
            "invoke check --output $BENCH/cloned/output-ours",
        ),
        Measurement(
            "check.cloned.linkchecker",
            "cloned corpus: LinkChecker, same output over local HTTP",
            (2.0, 2.5),
            "s",
            "python -m sitebuild.bench.programs serve 8123 $BENCH/cloned/output-ours & "
            f"{checker} http://127.0.0.1:8123/",
        ),
    ]


def test_checks_of_bare_pelican_s_output_too(bench, tmp_path, interleaved, servers):
    corpus = Corpus("synthetic", tmp_path / "synthetic")
    bench.checks(corpus, bare_too=True)
    assert servers.started == [corpus.output("ours"), corpus.output("bare")]
    assert servers.running_then == [[corpus.output("ours"), corpus.output("bare")]]
    [(_, commands)] = interleaved.calls
    assert commands["check.synthetic.linkchecker-bare"] == linkchecker_command(
        tmp_path / "linkcheckerrc", "http://127.0.0.1:9001/"
    )
    assert [(row.id, row.label, row.values) for row in bench.rows] == [
        ("check.synthetic.ours", "synthetic corpus: invoke check, the whole command", (1.0, 1.5)),
        (
            "check.synthetic.linkchecker",
            "synthetic corpus: LinkChecker, same output over local HTTP",
            (2.0, 2.5),
        ),
        (
            "check.synthetic.linkchecker-bare",
            "synthetic corpus: LinkChecker, bare Pelican's output",
            (3.0, 3.5),
        ),
    ]
    assert bench.rows[2].command.startswith(
        "python -m sitebuild.bench.programs serve 8123 $BENCH/synthetic/output-bare & linkchecker"
    )


@pytest.fixture
def planted(monkeypatch):
    calls = []

    def delete_page(output, page):
        calls.append(("delete", output, page))
        return page.removesuffix("index.html")

    monkeypatch.setattr(measure, "delete_page", delete_page)
    monkeypatch.setattr(
        measure, "invoke_check_finds", lambda *args: calls.append(("invoke check", *args))
    )
    monkeypatch.setattr(
        measure, "linkchecker_finds", lambda *args: calls.append(("linkchecker", *args))
    )
    return calls


def corpus_with_chapters(folder, name, kinds):
    corpus = Corpus(name, folder)
    for kind in kinds:
        for slug in ("b", "a", "c"):
            page(corpus.output(kind) / "guide" / slug / "index.html")
    return corpus


def test_both_checkers_must_find_the_first_chapter_deleted(bench, tmp_path, planted):
    corpus = corpus_with_chapters(tmp_path / "cloned", "cloned", ["ours"])
    bench.planted(corpus)
    ours = corpus.output("ours")
    assert planted == [
        ("delete", ours, "guide/a/index.html"),
        ("invoke check", ours, "guide/a/"),
        ("linkchecker", ours, "guide/a/", tmp_path / "linkcheckerrc"),
    ]
    assert bench.notes == [
        "cloned corpus, ours output: with guide/a/index.html deleted, invoke check and "
        "LinkChecker both report guide/a/ missing, and nothing else."
    ]


def test_in_bare_pelican_s_output_only_linkchecker_must_find_it(bench, tmp_path, planted):
    corpus = corpus_with_chapters(tmp_path / "synthetic", "synthetic", ["ours", "bare"])
    bench.planted(corpus, bare_too=True)
    bare = corpus.output("bare")
    assert planted[3:] == [
        ("delete", bare, "guide/a/index.html"),
        ("linkchecker", bare, "guide/a/", tmp_path / "linkcheckerrc"),
    ]
    assert bench.notes[1] == (
        "synthetic corpus, bare output: with guide/a/index.html deleted, LinkChecker reports "
        "guide/a/ missing, and nothing else."
    )


class RunChecked:
    """A fake ``run_checked``: records the commands and prints ``last`` as the last line."""

    def __init__(self, last):
        self.last, self.commands = last, []

    def __call__(self, command):
        self.commands.append(command)
        return SimpleNamespace(stdout=f"building\nbuilt\n{json.dumps(self.last)}\n")


class RunPrograms(RunChecked):
    """A fake ``run_checked`` for the preview programs: each prints its own times."""

    def __call__(self, command):
        self.commands.append(command)
        return SimpleNamespace(stdout=f"building\nbuilt\n{json.dumps(self.last[command[3]])}\n")


def test_preview_times_are_read_from_the_program_s_last_line(bench, tmp_path, monkeypatch):
    times = {"text": [0.1, 0.2], "text_all_open": [0.3, 0.4], "title": [0.5, 0.6]}
    run = RunPrograms({"preview": times, "bare-preview": [1.1, 1.3]})
    monkeypatch.setattr(measure, "run_checked", run)
    corpus = Corpus("synthetic", tmp_path / "synthetic")
    bench.preview(corpus, 12)
    chapter = corpus.content / "chapters" / "0001.md"
    shown_page = corpus.output("preview") / "guide" / "article-1" / "index.html"
    bare_output = corpus.output("bare-preview")
    assert run.commands[1] == [
        sys.executable,
        "-m",
        "sitebuild.bench.programs",
        "bare-preview",
        corpus.bare_settings,
        bare_output,
        2,
        corpus.bare_settings.parent / "content" / "chapters" / "0001.md",
        bare_output / "guide" / "article-1" / "index.html",
    ]
    assert bench.rows[3] == Measurement(
        "preview.edit.bare",
        "same text edit, bare Pelican as `pelican --autoreload` rebuilds, content cache on "
        "(it writes every page)",
        (1.1, 1.3),
        "s",
        "python -m sitebuild.bench.programs bare-preview $BENCH/synthetic/bare/settings.py "
        "$BENCH/synthetic/output-bare-preview 2 $BENCH/synthetic/bare/content/chapters/0001.md "
        "$BENCH/synthetic/output-bare-preview/guide/article-1/index.html",
    )
    assert run.commands[:1] == [
        [
            sys.executable,
            "-m",
            "sitebuild.bench.programs",
            "preview",
            corpus.settings,
            corpus.output("preview"),
            2,
            chapter,
            shown_page,
        ]
    ]
    command = (
        "python -m sitebuild.bench.programs preview $BENCH/synthetic/settings.py "
        "$BENCH/synthetic/output-preview 2 $BENCH/synthetic/content/chapters/0001.md "
        "$BENCH/synthetic/output-preview/guide/article-1/index.html"
    )
    assert bench.rows[:3] == [
        Measurement(
            "preview.edit",
            "synthetic corpus (12 articles): edit one chapter's text, live preview with that "
            "chapter open",
            (0.1, 0.2),
            "s",
            command,
        ),
        Measurement(
            "preview.edit.guide-open",
            "same, with the whole guide open too (so it is rewritten)",
            (0.3, 0.4),
            "s",
            command,
        ),
        Measurement(
            "preview.title",
            "same, edit its title (other pages show it, so every page is rewritten)",
            (0.5, 0.6),
            "s",
            command,
        ),
    ]


def test_save_to_browser_rows_come_from_preview_speed(bench, tmp_path, monkeypatch):
    import sitebuild.preview_speed

    calls = []

    def measure_save_to_browser(settings, output, runs):
        calls.append((settings, output, runs))
        return {"text": [0.7, 0.8], "title": [0.9, 1.0]}

    monkeypatch.setattr(sitebuild.preview_speed, "measure_save_to_browser", measure_save_to_browser)
    corpus = Corpus("synthetic", tmp_path / "synthetic")
    bench.save_to_browser(corpus, 12)
    assert calls == [(corpus.settings, corpus.output("browser"), 2)]
    command = "python -m sitebuild.preview_speed --articles 12 --runs 2"
    assert bench.rows == [
        Measurement(
            "preview.save",
            "same, text edit, from saving the file to the browser showing it "
            "(`invoke livereload`: watcher, rebuild, reload)",
            (0.7, 0.8),
            "s",
            command,
        ),
        Measurement(
            "preview.save.title",
            "same, title edit, from saving the file to the browser showing it",
            (0.9, 1.0),
            "s",
            command,
        ),
    ]


def test_peak_memory_and_the_largest_page(bench, tmp_path, monkeypatch):
    run = RunChecked(300.5)
    monkeypatch.setattr(measure, "run_checked", run)
    corpus = Corpus("synthetic", tmp_path / "synthetic")
    page(corpus.output("ours") / "index.html", "x" * 1024)
    page(corpus.output("ours") / "guide" / "a" / "index.html", "x" * 2048)
    bench.memory_and_weight(corpus)
    assert run.commands == [
        [sys.executable, "-m", "sitebuild.bench.programs", "peak"]
        + [corpus.settings, corpus.output("peak")]
    ]
    assert bench.rows == [
        Measurement(
            "memory.synthetic.peak",
            "peak memory of one build",
            (300.5,),
            "MiB",
            "python -m sitebuild.bench.programs peak $BENCH/synthetic/settings.py "
            "$BENCH/synthetic/output-peak",
        ),
        Measurement(
            "weight.synthetic.largest",
            "largest page's transfer size (guide/a/index.html)",
            (2.0,),
            "KiB",
            "",
        ),
    ]


def test_scaling_builds_a_synthetic_corpus_of_each_size_in_turns(
    bench, tmp_path, monkeypatch, interleaved
):
    generated = []

    def generate(folder, articles, bare=True):
        generated.append((folder, articles, bare))
        return Corpus("synthetic", folder)

    monkeypatch.setattr(measure, "generate", generate)
    bench.scaling([250, 500])
    assert generated == [(tmp_path / "n250", 250, False), (tmp_path / "n500", 500, False)]
    assert interleaved.calls == [
        (
            2,
            {
                f"scale.build.{n}": build_command(
                    tmp_path / f"n{n}" / "settings.py", tmp_path / f"n{n}" / "output-ours"
                )
                for n in (250, 500)
            },
        )
    ]
    assert bench.rows == [
        Measurement(
            f"scale.build.{n}",
            f"synthetic corpus, N = {n}: invoke build",
            values,
            "s",
            f"python -m sitebuild.build --settings $BENCH/n{n}/settings.py "
            f"--output $BENCH/n{n}/output-ours",
        )
        for n, values in ((250, (1.0, 1.5)), (500, (2.0, 2.5)))
    ]


def test_a_page_s_transfer_size_adds_the_css_and_js_it_loads(tmp_path):
    page(tmp_path / "theme" / "site.css", "c" * 1000)
    page(tmp_path / "theme" / "site.js", "j" * 500)
    html = (
        '<link rel="stylesheet" href="../theme/site.css">'
        '<link rel="icon" href="../theme/site.js">'
        '<script src="../theme/site.js"></script>'
        '<script src="../theme/gone.js"></script>'
        '<link rel="stylesheet" href="../theme">'
    )
    page(tmp_path / "guide" / "index.html", html)
    page(tmp_path / "index.html", "x" * 1600)
    assert largest_page(tmp_path) == ((len(html) + 1500) / 1024, "guide/index.html")


def test_the_largest_page_is_the_one_with_the_largest_total(tmp_path):
    page(tmp_path / "big.css", "c" * 4096)
    page(tmp_path / "a.html", '<link rel="stylesheet" href="big.css">')
    page(tmp_path / "b.html", "x" * 3000)
    size, name = largest_page(tmp_path)
    assert name == "a.html"
    assert size == (4096 + len('<link rel="stylesheet" href="big.css">')) / 1024


def test_an_output_without_pages_has_no_largest_page(tmp_path):
    page(tmp_path / "style.css", "p {}")
    assert largest_page(tmp_path) == (0, None)
