"""The save-to-browser benchmark (sitebuild.preview_speed), with the browser and the preview faked.

The clock, the preview's process, its problems endpoint and the Playwright
page are small fakes, so each step's order, waits and figures are checked
without starting a preview or a browser; `invoke bench` runs the real thing.
"""

import io
import json
import socket
import sys
from types import SimpleNamespace

import playwright.sync_api
import pytest

from sitebuild import preview_speed
from sitebuild.bench import synthetic

# _free_port


def test_a_free_port_can_be_listened_on():
    port = preview_speed._free_port()
    assert 1024 <= port <= 65535
    with socket.socket() as server:
        server.bind(("127.0.0.1", port))
        server.listen()


# _wait_for_first_build


class Clock:
    """time as the benchmark uses it: sleeping moves the clock on by ``step`` seconds."""

    def __init__(self, step=1.0):
        self.now, self.step, self.sleeps = 0.0, step, []

    def monotonic(self):
        return self.now

    def perf_counter(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += self.step


class Process:
    def __init__(self, exits_after=None, code=1):
        self.polls, self.exits_after, self.code = 0, exits_after, code
        self.calls = []

    def poll(self):
        self.polls += 1
        return self.code if self.exits_after is not None and self.polls > self.exits_after else None

    def terminate(self):
        self.calls.append("terminate")

    def wait(self):
        self.calls.append("wait")


@pytest.fixture
def log(tmp_path):
    path = tmp_path / "preview.log"
    path.write_text("Built output in 1.00 s.\n", encoding="utf-8")
    return path


@pytest.fixture
def endpoint(monkeypatch):
    """The preview's problems.json: each answer in turn (an exception is raised), then the last."""
    answers, asked = [], []

    def urlopen(url):
        asked.append(url)
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        return io.BytesIO(json.dumps(answer).encode("utf-8"))

    request = SimpleNamespace(urlopen=urlopen)
    monkeypatch.setattr(preview_speed, "urllib", SimpleNamespace(request=request))
    return SimpleNamespace(answers=answers, asked=asked)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(step=250.0)
    monkeypatch.setattr(preview_speed, "time", clock)
    return clock


def test_the_first_build_is_awaited_until_the_preview_answers_with_it(endpoint, clock, log):
    refused = ConnectionRefusedError(111, "Connection refused")
    endpoint.answers[:] = [refused, {"build": "", "problems": []}, {"build": "b1", "problems": []}]

    assert preview_speed._wait_for_first_build("http://127.0.0.1:8123", Process(), log) is None

    assert endpoint.asked == ["http://127.0.0.1:8123/__preview__/problems.json"] * 3
    assert clock.sleeps == [0.1, 0.1]


def test_a_preview_that_stops_is_reported_with_its_log(endpoint, clock, log):
    endpoint.answers[:] = [{"build": "", "problems": []}]
    with pytest.raises(RuntimeError) as error:
        preview_speed._wait_for_first_build("http://o", Process(exits_after=1), log)
    assert str(error.value) == "the live preview stopped:\nBuilt output in 1.00 s.\n"
    assert len(endpoint.asked) == 1


def test_a_first_build_with_problems_is_reported_with_the_log(endpoint, clock, log):
    endpoint.answers[:] = [{"build": "b1", "problems": [{"detail": "unknown key"}]}]
    with pytest.raises(RuntimeError) as error:
        preview_speed._wait_for_first_build("http://o", Process(), log)
    assert str(error.value) == "the site does not build:\nBuilt output in 1.00 s.\n"


def test_no_first_build_within_the_start_up_time_is_reported_with_the_log(
    endpoint, monkeypatch, log
):
    monkeypatch.setattr(preview_speed, "time", Clock(step=300.0))
    endpoint.answers[:] = [{"build": "", "problems": []}]
    with pytest.raises(RuntimeError) as error:
        preview_speed._wait_for_first_build("http://o", Process(), log)
    assert str(error.value) == "no first build in 600 s:\nBuilt output in 1.00 s.\n"
    assert len(endpoint.asked) == 2  # at 0 and 300 s; 600 s is too late


# _timed_edits


class Page:
    """A Playwright page showing the chapter; each load takes ``step`` seconds of the clock.

    ``late`` reloads show the earlier text first, as a reload for an earlier
    save does, before the one that shows the edit.
    """

    def __init__(self, source, clock, late=0):
        self.source, self.clock, self.late = source, clock, late
        self.calls, self.shown, self.pending = [], "", 0

    def locator(self, selector):
        page = self

        class Locator:
            def wait_for(self, timeout):
                page.calls.append(("wait_for", selector, timeout))

        return Locator()

    def expect_event(self, event, timeout):
        page = self

        class Expecting:
            def __enter__(self):
                page.calls.append(("expect_event", event, timeout))

            def __exit__(self, *exception):
                page.load(late=page.late)

        return Expecting()

    def load(self, late=0):
        self.clock.now += 0.25
        self.pending = late
        self.shown = "earlier" if late > 0 else self.source.read_text(encoding="utf-8")

    def content(self):
        self.calls.append(("content",))
        return self.shown

    def wait_for_event(self, event, timeout):
        self.calls.append(("wait_for_event", event, timeout))
        if len(self.calls) > 50:
            raise TimeoutError(f"no {event} event in {timeout} ms")
        self.load(late=self.pending - 1)


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "0001.md"
    path.write_text("Title: Article 1\nOrder: 1\n\nText.\n", encoding="utf-8")
    return path


def test_each_edit_is_timed_from_the_save_to_the_load_that_shows_it(source, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(preview_speed, "time", clock)
    found = preview_speed._timed_edits(Page(source, clock), source, 2)
    assert found == {"text": [0.25, 0.25], "title": [0.25, 0.25]}


def test_the_text_and_the_title_are_edited_in_turn_with_a_marker_each(source, monkeypatch):
    monkeypatch.setattr(preview_speed, "time", Clock())
    preview_speed._timed_edits(Page(source, preview_speed.time), source, 2)
    assert source.read_text(encoding="utf-8") == (
        "Title: Saved title 1 Saved title 0 Article 1\nOrder: 1\n\nText.\n"
        "\nSaved text 0.\n\nSaved text 1.\n"
    )


def test_each_edit_waits_for_the_connected_page_and_its_load(source, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(preview_speed, "time", clock)
    page = Page(source, clock)
    preview_speed._timed_edits(page, source, 1)
    one_edit = [
        ("wait_for", "html[data-preview=connected]", 60_000),
        ("expect_event", "load", 60_000),
        ("content",),
    ]
    assert page.calls == one_edit * 2


def test_a_reload_for_an_earlier_save_is_waited_past(source, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(preview_speed, "time", clock)
    page = Page(source, clock, late=2)

    found = preview_speed._timed_edits(page, source, 1)

    assert found == {"text": [0.75], "title": [0.75]}
    assert page.calls[2:6] == [
        ("content",),
        ("wait_for_event", "load", 60_000),
        ("content",),
        ("wait_for_event", "load", 60_000),
    ]


def test_no_runs_time_nothing(source, monkeypatch):
    monkeypatch.setattr(preview_speed, "time", Clock())
    assert preview_speed._timed_edits(Page(source, Clock()), source, 0) == {"text": [], "title": []}


# measure_save_to_browser


class Browser:
    def __init__(self, calls):
        self.calls = calls

    def new_page(self):
        self.calls.append(("new_page",))
        page = SimpleNamespace(goto=lambda url: self.calls.append(("goto", url)))
        self.calls.append(page)
        return page

    def close(self):
        self.calls.append(("close",))


@pytest.fixture
def bench(monkeypatch, tmp_path):
    """measure_save_to_browser with chromium, the process, Playwright and the steps replaced."""
    seen = SimpleNamespace(
        calls=[],
        chromium=str(tmp_path / "bin" / "chromium"),
        log="Built output in 9.50 s.\nBuilt output in 0.40 s.\nBuilt output in 1.25 s.\n",
        error=None,
        process=Process(),
    )

    def popen(command, cwd, stdout, stderr):
        seen.calls.append(("popen", command, cwd, stdout is stderr))
        stdout.write(seen.log)
        return seen.process

    def wait_for_first_build(origin, process, log):
        seen.calls.append(("first build", origin, process, log))

    def timed_edits(page, source, runs):
        seen.calls.append(("timed", page, source, runs))
        if seen.error is not None:
            raise seen.error
        return {"text": [0.5, 0.6], "title": [1.5, 1.75]}

    class Chromium:
        def launch(self, executable_path, args):
            seen.calls.append(("launch", executable_path, args))
            return Browser(seen.calls)

    class Playwright:
        def __enter__(self):
            return SimpleNamespace(chromium=Chromium())

        def __exit__(self, *exception):
            seen.calls.append(("playwright closed",))

    monkeypatch.setattr(
        preview_speed.shutil, "which", lambda name: seen.chromium if name == "chromium" else None
    )
    monkeypatch.setattr(preview_speed.subprocess, "Popen", popen)
    monkeypatch.setattr(preview_speed, "_free_port", lambda: 8123)
    monkeypatch.setattr(preview_speed, "_wait_for_first_build", wait_for_first_build)
    monkeypatch.setattr(preview_speed, "_timed_edits", timed_edits)
    monkeypatch.setattr(playwright.sync_api, "sync_playwright", Playwright)
    return seen


def test_the_benchmark_returns_each_edits_seconds_and_the_rebuilds_after_the_first(bench, tmp_path):
    found = preview_speed.measure_save_to_browser(tmp_path / "site" / "settings.py", "out", 2)
    assert found == {"text": [0.5, 0.6], "title": [1.5, 1.75], "rebuild": [0.4, 1.25]}


def test_the_benchmark_starts_the_preview_on_a_free_port_and_opens_the_first_chapter(
    bench, tmp_path
):
    settings = tmp_path / "site" / "settings.py"
    preview_speed.measure_save_to_browser(settings, tmp_path / "out", 4)

    popen, first, launch, new_page, page, goto, timed, close, closed = bench.calls
    assert popen == (
        "popen",
        [sys.executable, "-m", "sitebuild.preview_watch", "--settings", str(settings)]
        + ["--output", str(tmp_path / "out"), "--port", "8123"],
        preview_speed.ROOT,
        True,
    )
    assert first[:3] == ("first build", "http://127.0.0.1:8123", bench.process)
    log = first[3]
    assert log.name == "preview.log"
    assert log.parent.name.startswith("guide-preview-speed-")
    assert not log.parent.exists()  # the log's folder is removed afterwards
    assert launch == ("launch", bench.chromium, preview_speed.CHROMIUM_ARGS)
    assert (new_page, goto) == (("new_page",), ("goto", "http://127.0.0.1:8123/guide/article-1/"))
    assert timed == ("timed", page, tmp_path / "site" / "content" / "chapters" / "0001.md", 4)
    assert (close, closed) == (("close",), ("playwright closed",))
    assert bench.process.calls == ["terminate", "wait"]


def test_the_preview_is_stopped_when_an_edit_fails(bench, tmp_path):
    bench.error = TimeoutError("no load event in 60 s")
    with pytest.raises(TimeoutError):
        preview_speed.measure_save_to_browser(tmp_path / "settings.py", "out")
    assert bench.process.calls == ["terminate", "wait"]
    assert bench.calls[-2][3] == 3  # three runs unless told otherwise


def test_without_chromium_the_benchmark_says_how_to_install_it(bench, tmp_path):
    bench.chromium = None
    with pytest.raises(RuntimeError) as error:
        preview_speed.measure_save_to_browser(tmp_path / "settings.py", "out")
    assert str(error.value) == "chromium is not installed: run ./bootstrap --test"
    assert bench.calls == []


def test_a_log_with_only_the_first_build_has_no_rebuilds(bench, tmp_path):
    bench.log = "Serving the live preview\nBuilt output in 9.50 s.\n"
    found = preview_speed.measure_save_to_browser(tmp_path / "settings.py", "out")
    assert found["rebuild"] == []


# main


@pytest.fixture
def measured(monkeypatch):
    seen = SimpleNamespace(generated=[], measured=[])

    def generate(folder, articles, bare=True):
        seen.generated.append((folder, articles, bare))
        return SimpleNamespace(settings=folder / "settings.py")

    def measure(settings, output, runs):
        seen.measured.append((settings, output, runs))
        return {"text": [0.5, 0.75, 0.6], "title": [2.0, 1.0], "rebuild": [0.25]}

    monkeypatch.setattr(synthetic, "generate", generate)
    monkeypatch.setattr(preview_speed, "measure_save_to_browser", measure)
    return seen


def test_main_prints_the_median_and_every_figure_of_each_kind(measured, capsys):
    assert preview_speed.main([]) == 0
    assert capsys.readouterr().out == (
        "text: median 0.60 s (0.50 0.75 0.60)\n"
        "title: median 1.50 s (2.00 1.00)\n"
        "rebuild: median 0.25 s (0.25)\n"
    )


def test_main_measures_a_synthetic_site_of_a_thousand_chapters_five_times(measured):
    preview_speed.main([])
    [(folder, articles, bare)] = measured.generated
    assert (folder.name, articles, bare) == ("site", 1000, False)
    assert folder.parent.name.startswith("guide-preview-speed-")
    assert measured.measured == [(folder / "settings.py", folder.parent / "output", 5)]


def test_main_takes_the_number_of_articles_and_runs(measured):
    preview_speed.main(["--articles", "20", "--runs", "2"])
    assert measured.generated[0][1] == 20
    assert measured.measured[0][2] == 2


def test_main_describes_itself_with_the_first_line_of_its_documentation(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit):
        preview_speed.main(["--help"])
    assert capsys.readouterr().out.split("\n\n")[1] == (
        "How long an author waits in the live preview: from saving a chapter to seeing it."
    )
