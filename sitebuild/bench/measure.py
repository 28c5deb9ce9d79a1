"""What `invoke bench` measures, corpus by corpus; every row has a stable id.

Ids read ``<what>.<corpus>.<who>``: ``build.cloned.ours`` is our runner
building the cloned corpus, ``build.cloned.bare`` bare Pelican building its
stripped copy, ``check.cloned.linkchecker`` LinkChecker on our output of it.
Commands compared take turns, round after round (commands.interleaved).
"""

import contextlib
import json
import sys

from .checkers import (
    delete_page,
    invoke_check_finds,
    linkchecker_command,
    linkchecker_finds,
    readable_by_all,
    serve_command,
    served,
    write_linkchecker_config,
)
from .commands import build_command, check_command, interleaved, pelican_command, run_checked
from .commands import shown as shown_in
from .report import Measurement
from .synthetic import generate

WHO_CHECKS = {"ours": "invoke check and LinkChecker both report", "bare": "LinkChecker reports"}
# The port in the commands shown; the bench itself takes any free one.
SHOWN_PORT = 8123


class Bench:
    """Measurements of ``runs`` rounds, made in ``workdir``."""

    def __init__(self, workdir, runs):
        self.workdir, self.runs = workdir, runs
        self.rows, self.notes = [], []
        self.config = write_linkchecker_config(workdir)

    def shown(self, command):
        return shown_in(command, self.workdir)

    def add(self, key, label, values, unit="s", command=""):
        self.rows.append(Measurement(key, label, tuple(values), unit, command))

    def builds(self, corpus):
        """Our runner and bare Pelican, taking turns."""
        name = corpus.name
        commands = {
            f"build.{name}.ours": build_command(corpus.settings, corpus.output("ours")),
            f"build.{name}.bare": pelican_command(corpus.bare_settings, corpus.output("bare")),
        }
        times = interleaved(self.runs, commands)
        pages = sum(1 for _ in corpus.output("ours").rglob("*.html"))
        labels = {
            f"build.{name}.ours": f"{name} corpus ({pages} pages): invoke build, our strict runner",
            f"build.{name}.bare": f"{name} corpus: bare Pelican, default theme, no plugins, "
            "citations stripped",
        }
        for key, command in commands.items():
            self.add(key, labels[key], times[key], command=self.shown(command))

    def checks(self, corpus, bare_too=False):
        """`invoke check` and LinkChecker on our output, and on bare Pelican's if ``bare_too``."""
        name = corpus.name
        readable_by_all(self.workdir)
        ours = corpus.output("ours")
        served_by = {f"check.{name}.linkchecker": ours}
        if bare_too:
            served_by[f"check.{name}.linkchecker-bare"] = corpus.output("bare")
        commands = {f"check.{name}.ours": check_command(ours)}
        with contextlib.ExitStack() as servers:
            for key, folder in served_by.items():
                commands[key] = linkchecker_command(
                    self.config, servers.enter_context(served(folder))
                )
            times = interleaved(self.runs, commands)
        key = f"check.{name}.ours"
        label = f"{name} corpus: invoke check, the whole command"
        self.add(key, label, times[key], command=self.shown(commands[key]))
        labels = {
            f"check.{name}.linkchecker": f"{name} corpus: LinkChecker, same output over local HTTP",
            f"check.{name}.linkchecker-bare": f"{name} corpus: LinkChecker, bare Pelican's output",
        }
        for key, folder in served_by.items():
            server = self.shown(serve_command(SHOWN_PORT, folder))
            url = f"http://127.0.0.1:{SHOWN_PORT}/"
            checker = self.shown(linkchecker_command(self.config, url))
            self.add(key, labels[key], times[key], command=f"{server} & {checker}")

    def planted(self, corpus, bare_too=False):
        """Both checkers must report a page deleted from our output (LinkChecker, from bare's)."""
        outputs = {"ours": corpus.output("ours")}
        if bare_too:
            outputs["bare"] = corpus.output("bare")
        for kind, output in outputs.items():
            page = str(sorted(output.glob("guide/*/index.html"))[0].relative_to(output))
            folder = delete_page(output, page)
            if kind == "ours":
                invoke_check_finds(output, folder)
            linkchecker_finds(output, folder, self.config)
            self.notes.append(
                f"{corpus.name} corpus, {kind} output: with {page} deleted, {WHO_CHECKS[kind]} "
                f"{folder} missing, and nothing else."
            )

    def preview(self, corpus, articles):
        """Edit-to-preview on article 1, as `invoke livereload` rebuilds."""
        chapter = corpus.content / "chapters" / "0001.md"
        page = corpus.output("preview") / "guide" / "article-1" / "index.html"
        command = [sys.executable, "-m", "sitebuild.bench.programs", "preview"]
        command += [corpus.settings, corpus.output("preview"), self.runs, chapter, page]
        done = run_checked(command)
        times = json.loads(done.stdout.splitlines()[-1])
        shown = self.shown(command)
        self.add(
            "preview.edit",
            f"synthetic corpus ({articles} articles): edit one chapter's text, live preview "
            "with that chapter open",
            times["text"],
            command=shown,
        )
        self.add(
            "preview.edit.guide-open",
            "same, with the whole guide open too (so it is rewritten)",
            times["text_all_open"],
            command=shown,
        )
        self.add(
            "preview.title",
            "same, edit its title (other pages show it, so every page is rewritten)",
            times["title"],
            command=shown,
        )
        bare_output = corpus.output("bare-preview")
        command = [sys.executable, "-m", "sitebuild.bench.programs", "bare-preview"]
        command += [corpus.bare_settings, bare_output, self.runs]
        command += [corpus.bare_content / "chapters" / "0001.md"]
        command += [bare_output / "guide" / "article-1" / "index.html"]
        done = run_checked(command)
        self.add(
            "preview.edit.bare",
            "same text edit, bare Pelican as `pelican --autoreload` rebuilds, content cache on "
            "(it writes every page)",
            json.loads(done.stdout.splitlines()[-1]),
            command=self.shown(command),
        )

    def save_to_browser(self, corpus, articles):
        """From saving article 1 to chromium showing it, watcher included (preview_speed)."""
        from sitebuild.preview_speed import measure_save_to_browser

        times = measure_save_to_browser(corpus.settings, corpus.output("browser"), self.runs)
        command = [sys.executable, "-m", "sitebuild.preview_speed"]
        command += ["--articles", articles, "--runs", self.runs]
        self.add(
            "preview.save",
            "same, text edit, from saving the file to the browser showing it "
            "(`invoke livereload`: watcher, rebuild, reload)",
            times["text"],
            command=self.shown(command),
        )
        self.add(
            "preview.save.title",
            "same, title edit, from saving the file to the browser showing it",
            times["title"],
            command=self.shown(command),
        )

    def memory_and_weight(self, corpus):
        command = [sys.executable, "-m", "sitebuild.bench.programs", "peak"]
        command += [corpus.settings, corpus.output("peak")]
        peak = json.loads(run_checked(command).stdout.splitlines()[-1])
        self.add(
            "memory.synthetic.peak", "peak memory of one build", [peak], "MiB", self.shown(command)
        )
        size, page = largest_page(corpus.output("ours"))
        self.add(
            "weight.synthetic.largest", f"largest page's transfer size ({page})", [size], "KiB"
        )

    def scaling(self, sizes):
        """Our build of the synthetic corpus at each size, the sizes taking turns."""
        commands = {}
        for size in sizes:
            corpus = generate(self.workdir / f"n{size}", size, bare=False)
            commands[f"scale.build.{size}"] = build_command(corpus.settings, corpus.output("ours"))
        for key, values in interleaved(self.runs, commands).items():
            size = key.rsplit(".", 1)[1]
            label = f"synthetic corpus, N = {size}: invoke build"
            self.add(key, label, values, command=self.shown(commands[key]))


def largest_page(output):
    """The largest page's transfer size: its HTML plus the CSS and JS it loads, in KiB."""
    from bs4 import BeautifulSoup

    largest = (0, None)
    for page in output.rglob("*.html"):
        html = page.read_bytes()
        size = len(html)
        for tag in BeautifulSoup(html, "lxml").select("link[rel=stylesheet][href], script[src]"):
            ref = (page.parent / (tag.get("href") or tag.get("src"))).resolve()
            if ref.is_file():
                size += ref.stat().st_size
        largest = max(largest, (size, str(page.relative_to(output))))
    return largest[0] / 1024, largest[1]
