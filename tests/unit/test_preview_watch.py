"""The live preview's watcher (sitebuild.preview_watch) with the preview, server and watch faked.

A fake preview records its rebuilds, a fake watch yields the changes a test
gives it and records how it was asked to watch, and a fake server records
that it was shut down; the real watcher and server run in
tests/integration/test_live_preview.py and the browser tests.
"""

import logging
import threading

import pytest

from guidelib import Problem
from sitebuild import preview_watch
from sitebuild.build import BuildResult
from sitebuild.preview_server import BuildState

CHAPTER = "/site/content/chapters/01.md"
GUIDE = "guide/all/index.html"


class FakePreview:
    """LivePreview as the watcher uses it; ``problems`` fail the next rebuilds."""

    def __init__(self, settings_file="settings.py", output="output"):
        self.settings_file, self.output = settings_file, output
        self.roots = ("/site/settings.py", "/site/content")
        self.stale = set()
        self.problems = []
        self.calls = []
        self.held = []  # whether each call held the build lock

    def rebuild(self, showing=None):
        self.calls.append(("rebuild", showing))
        self.held.append(holds_lock())
        return BuildResult("output", list(self.problems), 0.5)

    def settle(self):
        self.calls.append(("settle",))
        self.held.append(holds_lock())


def holds_lock():
    """Whether this thread holds the watcher's build lock (another thread cannot take it)."""
    taken = []

    def try_to_take():
        if preview_watch._building.acquire(blocking=False):
            preview_watch._building.release()
            taken.append(True)

    thread = threading.Thread(target=try_to_take)
    thread.start()
    thread.join()
    return not taken


@pytest.fixture
def reported(monkeypatch):
    results = []
    monkeypatch.setattr(preview_watch, "report", results.append)
    return results


# rebuild, refresh, connect


def test_a_rebuild_counts_the_open_pages_as_shown(reported):
    preview, state = FakePreview(), BuildState()
    state.opened("guide/one/index.html")
    preview_watch.rebuild(preview, state)
    assert preview.calls == [("rebuild", {"guide/one/index.html"})]


def test_a_rebuild_counts_the_pages_it_is_also_given_as_shown(reported):
    preview, state = FakePreview(), BuildState()
    state.opened("guide/one/index.html")
    preview_watch.rebuild(preview, state, also=(GUIDE,))
    assert preview.calls == [("rebuild", {"guide/one/index.html", GUIDE})]


def test_a_rebuild_runs_under_the_build_lock(reported):
    preview = FakePreview()
    preview_watch.rebuild(preview, BuildState())
    assert preview.held == [True]
    assert not holds_lock()


def test_a_rebuild_tells_the_pages_its_problems_reports_and_returns_the_result(reported):
    preview, state = FakePreview(), BuildState()
    preview.problems = [Problem("content/chapters/01.md", "unknown citation key 'x'", line=3)]

    result = preview_watch.rebuild(preview, state)

    assert result.problems == preview.problems
    assert reported == [result]
    build, problems = state.current()
    assert build
    assert problems == preview.problems


def test_refreshing_a_stale_page_rebuilds_with_it_shown(reported):
    preview, state = FakePreview(), BuildState()
    preview.stale = {GUIDE}
    preview_watch.refresh(preview, state, GUIDE)
    assert preview.calls == [("rebuild", {GUIDE})]
    assert len(reported) == 1


def test_refreshing_a_page_that_is_not_stale_builds_nothing(reported):
    preview, state = FakePreview(), BuildState()
    preview.stale = {"print/index.html"}
    assert preview_watch.refresh(preview, state, GUIDE) is None
    assert preview.calls == []
    assert reported == []


def test_connecting_lets_the_server_ask_about_and_refresh_stale_pages(reported):
    preview, state = FakePreview(), BuildState()
    preview_watch.connect(preview, state)
    assert not state.stale(GUIDE)
    preview.stale = {GUIDE}
    assert state.stale(GUIDE)
    assert not state.stale("print/index.html")
    state.refresh(GUIDE)
    assert preview.calls == [("rebuild", {GUIDE})]


# must_watch_again


@pytest.fixture
def roots(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "settings.py").write_text("", encoding="utf-8")
    return (str(tmp_path / "settings.py"), str(tmp_path / "content"))


@pytest.mark.parametrize(
    ("changed", "expected"),
    [("content/chapters/01.md", False), ("settings.py", True), ("content", False)],
)
def test_a_change_to_a_watched_file_sets_the_watch_up_again(tmp_path, roots, changed, expected):
    changes = {(1, str(tmp_path / "theme.css")), (2, str(tmp_path / changed))}
    assert preview_watch.must_watch_again(changes, roots, roots) is expected


@pytest.mark.parametrize(
    "now",
    [
        lambda roots: (*roots, "/site/plugins/new"),
        lambda roots: roots[:1],
        lambda roots: roots[::-1],
    ],
    ids=["added", "removed", "reordered"],
)
def test_other_roots_set_the_watch_up_again(tmp_path, roots, now):
    changes = {(2, str(tmp_path / "content" / "01.md"))}
    assert preview_watch.must_watch_again(changes, roots, list(now(roots))) is True


def test_no_change_keeps_the_watch(roots):
    assert preview_watch.must_watch_again(set(), roots, list(roots)) is False


# follow


class FakeWatch:
    """watchfiles.watch: yields each batch of changes given, one list of batches per watch."""

    def __init__(self, *watches, stop=None, stop_after=None):
        self.watches = list(watches)
        self.calls = []
        self.stop, self.stop_after = stop, stop_after

    def __call__(self, *paths, **options):
        self.calls.append((paths, options))
        batches = self.watches.pop(0) if self.watches else []
        for number, batch in enumerate(batches):
            if self.stop is not None and number == self.stop_after:
                self.stop.set()
                return
            yield batch


@pytest.fixture
def watching(monkeypatch, reported):
    def use(*watches, **options):
        fake = FakeWatch(*watches, **options)
        monkeypatch.setattr(preview_watch, "watch", fake)
        return fake

    return use


def test_the_watch_groups_a_save_quickly_and_wakes_each_second(watching):
    fake = watching([])
    stop = threading.Event()
    preview = FakePreview()
    preview_watch.follow(preview, BuildState(), stop)
    [(paths, options)] = fake.calls
    assert paths == ("/site/settings.py", "/site/content")
    assert options == {
        "watch_filter": preview_watch.SOURCES_FILTER,
        "step": 15,
        "debounce": 300,
        "stop_event": stop,
        "raise_interrupt": False,
        "rust_timeout": 1000,
        "yield_on_timeout": True,
    }


@pytest.mark.parametrize("name", ["__pycache__", ".pytest_cache", ".ruff_cache", ".git"])
def test_the_watch_ignores_the_folders_tools_write(name):
    path = f"/site/plugins/{name}/x.pyc"
    assert not preview_watch.SOURCES_FILTER(1, path)
    assert preview_watch.SOURCES_FILTER(1, "/site/content/chapters/01.md")


def test_each_change_is_rebuilt_and_an_idle_second_settles_once(watching):
    change = {(1, CHAPTER)}
    watching([set(), change, set(), set(), change, change, set()])
    preview = FakePreview()
    preview_watch.follow(preview, BuildState())
    assert preview.calls == [
        ("settle",),  # the first build's garbage
        ("rebuild", frozenset()),
        ("settle",),
        ("rebuild", frozenset()),
        ("rebuild", frozenset()),
        ("settle",),
    ]
    assert preview.held == [True] * 6


def test_a_change_to_the_settings_watches_the_new_roots(watching):
    fake = watching([{(2, "/site/settings.py")}], [set()])
    preview = FakePreview()
    preview.roots = ("/site/settings.py", "/site/content", "/site/theme")
    preview_watch.follow(preview, BuildState())
    assert [paths for paths, _ in fake.calls] == [preview.roots, preview.roots]
    assert preview.calls == [("rebuild", frozenset()), ("settle",)]


def test_the_watch_set_up_again_after_a_rebuild_has_nothing_new_to_settle(watching):
    preview = FakePreview()
    real = preview.rebuild

    def rebuild(showing=None):
        preview.roots = (*preview.roots, "/site/plugins/new")
        return real(showing)

    preview.rebuild = rebuild
    fake = watching([set(), {(1, CHAPTER)}], [set(), set()])
    preview_watch.follow(preview, BuildState())
    assert fake.calls[1][0] == ("/site/settings.py", "/site/content", "/site/plugins/new")
    assert preview.calls == [("settle",), ("rebuild", frozenset()), ("settle",)]


def test_the_watcher_stops_when_told_to(watching):
    stop = threading.Event()
    fake = watching([{(1, CHAPTER)}, set(), {(1, CHAPTER)}], stop=stop, stop_after=2)
    preview = FakePreview()
    preview_watch.follow(preview, BuildState(), stop)
    assert stop.is_set()
    assert len(fake.calls) == 1
    assert preview.calls == [("rebuild", frozenset()), ("settle",)]


def test_a_watcher_stopped_before_it_starts_watches_nothing(watching):
    stop = threading.Event()
    stop.set()
    fake = watching([{(1, CHAPTER)}])
    preview = FakePreview()
    preview_watch.follow(preview, BuildState(), stop)
    assert fake.calls == []
    assert preview.calls == []


def test_a_stop_set_during_a_watch_set_up_again_ends_the_watcher(watching):
    stop = threading.Event()
    preview = FakePreview()
    real = preview.rebuild

    def rebuild(showing=None):
        stop.set()
        return real(showing)

    preview.rebuild = rebuild
    fake = watching([{(2, "/site/settings.py")}], [{(1, CHAPTER)}])
    preview_watch.follow(preview, BuildState(), stop)
    assert len(fake.calls) == 1
    assert preview.calls == [("rebuild", frozenset())]


# run and main


class FakeServer:
    server_address = ("127.0.0.1", 43210)

    def __init__(self):
        self.calls = []

    def shutdown(self):
        self.calls.append("shutdown")

    def server_close(self):
        self.calls.append("server_close")


@pytest.fixture
def serving(monkeypatch, reported):
    """run() with the server, the preview and follow replaced; what each was called with."""
    seen = {"server": FakeServer(), "previews": [], "followed": [], "started": [], "error": None}

    def start_server(output, state, host, port):
        seen["started"].append((output, state, host, port))
        return seen["server"]

    def live_preview(settings_file, output):
        preview = FakePreview(settings_file, output)
        seen["previews"].append(preview)
        return preview

    def follow(preview, state):
        seen["followed"].append((preview, state))
        if seen["error"] is not None:
            raise seen["error"]

    monkeypatch.setattr(preview_watch, "start_server", start_server)
    monkeypatch.setattr(preview_watch, "LivePreview", live_preview)
    monkeypatch.setattr(preview_watch, "follow", follow)
    return seen


def test_run_serves_builds_once_and_follows_the_sources(serving):
    ready = []
    preview_watch.run("site/settings.py", "out", "127.0.0.1", 0, on_ready=ready.append)

    [(output, state, host, port)] = serving["started"]
    assert (output, host, port) == ("out", "127.0.0.1", 0)
    assert isinstance(state, BuildState)
    assert ready == ["http://127.0.0.1:43210/"]
    [preview] = serving["previews"]
    assert (preview.settings_file, preview.output) == ("site/settings.py", "out")
    assert preview.calls == [("rebuild", frozenset())]
    assert serving["followed"] == [(preview, state)]
    assert state.current()[0]  # the first build was announced
    preview.stale = {GUIDE}
    assert state.stale(GUIDE)  # the server can ask about stale pages
    assert serving["server"].calls == ["shutdown", "server_close"]


def test_run_names_the_address_it_serves_on(serving):
    ready = []
    preview_watch.run("settings.py", "out", "localhost", 8000, on_ready=ready.append)
    assert ready == ["http://localhost:43210/"]


def test_run_without_a_ready_callback_still_builds(serving):
    preview_watch.run("settings.py", "out", "127.0.0.1", 0)
    assert serving["previews"][0].calls == [("rebuild", frozenset())]


def test_ctrl_c_stops_the_server_quietly(serving):
    serving["error"] = KeyboardInterrupt()
    preview_watch.run("settings.py", "out", "127.0.0.1", 0)
    assert serving["server"].calls == ["shutdown", "server_close"]


def test_an_error_still_stops_the_server(serving):
    serving["error"] = RuntimeError("the watch failed")
    with pytest.raises(RuntimeError, match="the watch failed"):
        preview_watch.run("settings.py", "out", "127.0.0.1", 0)
    assert serving["server"].calls == ["shutdown", "server_close"]


@pytest.fixture
def started(monkeypatch):
    """main() with run() and logging.basicConfig replaced; their calls."""
    calls = {"run": [], "logging": []}

    def run(settings_file, output, host, port, on_ready=None):
        calls["run"].append((settings_file, output, host, port))
        on_ready(f"http://{host}:{port}/")

    monkeypatch.setattr(preview_watch, "run", run)
    monkeypatch.setattr(logging, "basicConfig", lambda **options: calls["logging"].append(options))
    return calls


def test_main_serves_the_site_built_from_pelicanconf_on_port_8000(started, capsys):
    assert preview_watch.main([]) == 0
    assert started["run"] == [("pelicanconf.py", "output", "127.0.0.1", 8000)]
    assert capsys.readouterr().err == (
        "Serving the live preview at http://127.0.0.1:8000/ (Ctrl-C to stop)\n"
    )


def test_main_takes_the_settings_output_host_and_port(started):
    argv = ["--settings", "site/settings.py", "--output", "out", "--host", "0.0.0.0"]
    preview_watch.main([*argv, "--port", "8123"])
    assert started["run"] == [("site/settings.py", "out", "0.0.0.0", 8123)]


def test_main_logs_nothing_itself_so_the_report_lists_each_problem_once(started):
    preview_watch.main([])
    [options] = started["logging"]
    [handler] = options.pop("handlers")
    assert options == {"level": logging.INFO, "format": "%(message)s"}
    assert isinstance(handler, logging.StreamHandler)
    assert handler.level == logging.CRITICAL + 1


def test_main_describes_itself_with_the_first_line_of_its_documentation(
    started, capsys, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as stopped:
        preview_watch.main(["--help"])
    assert stopped.value.code == 0
    help_text = capsys.readouterr().out
    assert help_text.split("\n\n")[1] == (
        "``invoke livereload``: watch the sources, rebuild, and tell the open pages."
    )
