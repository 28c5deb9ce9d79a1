"""How long an author waits in the live preview: from saving a chapter to seeing it.

``measure_save_to_browser(settings, output, runs)`` starts the live preview
(``python -m sitebuild.preview_watch``) in its own process on a free port,
opens the site's first chapter in Debian's chromium through Playwright, and
times, for each run, from the moment the saved file is closed to the moment
the page in the browser shows the edit: the watcher, the rebuild, the event,
the reload and the page load are all inside the figure. It is meant for
``invoke bench`` (sitebuild.bench); ``python -m sitebuild.preview_speed
[--articles 1000] [--runs 5]`` measures a synthetic site on its own.
"""

import argparse
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
# The synthetic site's first chapter (sitebuild.bench.generate) and its page.
CHAPTER = Path("content") / "chapters" / "0001.md"
CHAPTER_URL = "/guide/article-1/"
STARTUP_SECONDS = 600  # the first build of a large site, from a cold cache
WAIT_MS = 60_000
BUILT = re.compile(r"^Built .* in ([0-9.]+) s\.$", re.MULTILINE)

# Like sitebuild.bench's edit_to_preview: a text edit rewrites one page, a
# title edit every page. Each leaves a marker the page then shows.
EDITS = {
    "text": lambda text, marker: text + f"\n{marker}.\n",
    "title": lambda text, marker: text.replace("Title: ", f"Title: {marker} ", 1),
}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_first_build(origin, process, log):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the live preview stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{origin}/__preview__/problems.json") as response:
                state = json.load(response)
            if state["build"]:
                if state["problems"]:
                    raise RuntimeError(f"the site does not build:\n{log.read_text()}")
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"no first build in {STARTUP_SECONDS} s:\n{log.read_text()}")


def _timed_edits(page, source, runs):
    # Waiting for the page's load event, not polling the page for the text:
    # polling would keep a core busy that the rebuild needs.
    found = {name: [] for name in EDITS}
    for name, edit in EDITS.items():
        for run in range(runs):
            marker = f"Saved {name} {run}"
            page.locator("html[data-preview=connected]").wait_for(timeout=WAIT_MS)
            changed = edit(source.read_text(encoding="utf-8"), marker)
            with page.expect_event("load", timeout=WAIT_MS):
                source.write_text(changed, encoding="utf-8")
                saved = time.perf_counter()
            while marker not in page.content():  # a reload for an earlier save
                page.wait_for_event("load", timeout=WAIT_MS)
            found[name].append(time.perf_counter() - saved)
    return found


def measure_save_to_browser(settings, output, runs=3):
    """Seconds from saving the first chapter to chromium showing it, per run.

    Returns ``{"text": [...], "title": [...], "rebuild": [...]}``: one list of
    seconds per kind of edit, and the rebuild times the preview reported for
    the same edits. The chapter's source is edited in place.
    """
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise RuntimeError("chromium is not installed: run ./bootstrap --test")
    source = Path(settings).parent / CHAPTER
    port = _free_port()
    origin = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "sitebuild.preview_watch", "--settings", str(settings)]
    command += ["--output", str(output), "--port", str(port)]
    with tempfile.TemporaryDirectory(prefix="guide-preview-speed-") as folder:
        log = Path(folder) / "preview.log"
        with log.open("w") as stream:
            process = subprocess.Popen(command, cwd=ROOT, stdout=stream, stderr=stream)
        try:
            _wait_for_first_build(origin, process, log)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(origin + CHAPTER_URL)
                found = _timed_edits(page, source, runs)
                browser.close()
        finally:
            process.terminate()
            process.wait()
        rebuilds = [float(seconds) for seconds in BUILT.findall(log.read_text())]
    return {**found, "rebuild": rebuilds[1:]}  # the first is the start-up build


def main(argv=None):
    from .bench.synthetic import generate

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="guide-preview-speed-") as folder:
        corpus = generate(Path(folder) / "site", args.articles, bare=False)
        found = measure_save_to_browser(corpus.settings, Path(folder) / "output", args.runs)
    for name, values in found.items():
        median = statistics.median(values)
        shown = " ".join(f"{value:.2f}" for value in values)
        print(f"{name}: median {median:.2f} s ({shown})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
