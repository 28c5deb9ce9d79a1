"""`invoke livereload` in a real browser: a failed rebuild shows its problems over the page."""

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT
from playwright.sync_api import expect

from .recorder import Recorder
from .site import visit
from .test_accessibility import AXE_OPTIONS, MUST_RUN, describe

FIXTURE = ROOT / "tests" / "fixtures" / "mini_site"
CHAPTER = "/guide/keeping-going/"
SOURCE = Path("content") / "chapters" / "02-keeping-going.md"
GOOD_DATE, BAD_DATE = "Date: 2026-11-02", "Date: 2026-13-45"
# Generous: a rebuild takes a second or two on a slow machine.
WAIT_MS = 30_000


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveSite:
    """`invoke livereload` on a copy of the mini site, in its own process."""

    def __init__(self, folder):
        self.site = folder / "site"
        shutil.copytree(FIXTURE, self.site)
        self.output = folder / "output"
        self.log = folder / "livereload.log"
        self.origin = f"http://127.0.0.1:{free_port()}"
        self.process = None

    def start(self):
        command = [str(Path(sys.executable).parent / "invoke"), "livereload"]
        command += ["--port", self.origin.rsplit(":", 1)[1]]
        command += ["--settings", str(self.site / "settings.py"), "--output", str(self.output)]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=log)
        deadline = time.monotonic() + WAIT_MS / 1000
        while not self.problems_json().get("build"):
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, "no first build:\n" + self.log.read_text()
            time.sleep(0.1)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def problems_json(self):
        try:
            with urllib.request.urlopen(f"{self.origin}/__preview__/problems.json") as response:
                return json.load(response)
        except OSError:
            return {}

    def edit(self, old, new):
        source = self.site / SOURCE
        text = source.read_text(encoding="utf-8")
        assert old in text
        source.write_text(text.replace(old, new, 1), encoding="utf-8")

    def terminal_problems(self):
        """The problems the terminal listed for the last failed build."""
        report = self.log.read_text().rsplit("Build failed:", 1)[1]
        return [line.strip() for line in report.splitlines() if line.startswith("  ")]


@pytest.fixture
def live(tmp_path):
    running = LiveSite(tmp_path)
    try:
        running.start()
        yield running
    finally:
        if running.process is not None:
            running.stop()


def open_chapter(browser, live, **options):
    context = browser.new_context(base_url=live.origin, **options)
    recorder = Recorder(context)
    page = context.new_page()
    visit(page, CHAPTER)
    expect(page.locator("html[data-preview=connected]")).to_have_count(1, timeout=WAIT_MS)
    return context, recorder, page


@pytest.mark.browser
def test_a_failed_build_is_shown_over_the_page_until_the_next_good_one(browser, live):
    context, recorder, page = open_chapter(browser, live)
    overlay = page.locator("#preview-errors[role=alert]")
    expect(overlay).to_have_count(0)

    live.edit(GOOD_DATE, BAD_DATE)

    expect(overlay).to_be_visible(timeout=WAIT_MS)
    expect(overlay).to_contain_text(f"{SOURCE.as_posix()}:3")
    expect(overlay).to_contain_text("2026-13-45")
    assert overlay.locator("li").all_inner_texts() == live.terminal_problems()
    # A page opened while the build is broken says so at once.
    second = context.new_page()
    visit(second, "/about/")
    expect(second.locator("#preview-errors")).to_contain_text(f"{SOURCE.as_posix()}:3")
    second.close()

    live.edit(BAD_DATE, GOOD_DATE)
    live.edit("A short paragraph", "A repaired paragraph")

    expect(page.get_by_text("A repaired paragraph")).to_be_visible(timeout=WAIT_MS)
    expect(overlay).to_have_count(0)
    assert live.problems_json()["problems"] == []
    assert not recorder.csp_violations
    assert not recorder.console_errors
    context.close()


@pytest.mark.browser
def test_only_the_preview_server_adds_its_script_and_stylesheet(browser, live):
    context, _, page = open_chapter(browser, live)
    assert page.locator("script[src='/__preview__/preview.js']").count() == 1
    assert page.locator("link[href='/__preview__/preview.css']").count() == 1
    assert page.locator("script:not([src]):not([type='application/ld+json'])").count() == 0
    built = [path for path in live.output.rglob("*") if path.is_file()]
    assert built
    assert not [path for path in built if b"__preview__" in path.read_bytes()]
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_problem_list_is_accessible_and_can_be_dismissed(browser, live, scheme):
    # axe runs inside the page, as in test_accessibility.
    context, _, page = open_chapter(browser, live, color_scheme=scheme, bypass_csp=True)
    live.edit(GOOD_DATE, BAD_DATE)
    overlay = page.locator("#preview-errors")
    expect(overlay).to_be_visible(timeout=WAIT_MS)
    assert page.evaluate("document.activeElement.id") == "preview-errors-title"
    assert page.evaluate("document.activeElement.tagName") == "H2"

    axe = Axe()
    response = axe.run(page, options=AXE_OPTIONS).response
    kinds = ("violations", "passes", "incomplete", "inapplicable")
    assert {rule["id"] for kind in kinds for rule in response[kind]} >= MUST_RUN
    problems = [describe(f"{CHAPTER} ({scheme})", v) for v in response["violations"]]
    assert not problems, "axe found violations:\n" + "\n".join(problems)
    # The page-wide run lists one passing node per rule; this one, every node of the list.
    contrast = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}
    found = axe.run(page, context="#preview-errors", options=contrast).response
    passed = {" ".join(node["target"]) for rule in found["passes"] for node in rule["nodes"]}
    assert {"#preview-errors-title", "#preview-errors > p", "button"} <= passed
    assert not found["violations"]

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Dismiss"
    page.keyboard.press("Enter")
    expect(overlay).to_have_count(0)
    context.close()


@pytest.mark.browser
def test_the_whole_guide_left_stale_by_an_edit_is_rebuilt_when_it_is_opened(browser, live):
    # With only the chapter open, a text edit leaves guide/all/ as it was
    # (sitebuild.preview); opening it has it rebuilt before it is served.
    context, _, page = open_chapter(browser, live)
    whole = live.output / "guide" / "all" / "index.html"
    before = whole.read_bytes()
    live.edit("A short paragraph", "An edited paragraph")
    expect(page.get_by_text("An edited paragraph")).to_be_visible(timeout=WAIT_MS)
    assert whole.read_bytes() == before

    guide = context.new_page()
    visit(guide, "/guide/all/")
    expect(guide.get_by_text("An edited paragraph")).to_be_visible()
    assert b"An edited paragraph" in whole.read_bytes()
    # Open, it is rewritten with the next edit, like the chapter.
    expect(guide.locator("html[data-preview=connected]")).to_have_count(1, timeout=WAIT_MS)
    live.edit("An edited paragraph", "A second edit")
    expect(guide.get_by_text("A second edit")).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text("A second edit")).to_be_visible(timeout=WAIT_MS)
    context.close()
