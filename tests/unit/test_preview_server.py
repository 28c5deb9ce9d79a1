"""The pure parts of the live preview's server and watcher: injection, problems, builds."""

import io
import threading

import pytest

from guidelib import WARNING, Problem
from sitebuild.build import BuildResult, report
from sitebuild.preview_server import BuildState, inject, preview_tags, problem_entries
from sitebuild.preview_watch import must_watch_again

TAGS = preview_tags("b1")
LONG_HEAD = "<meta name='x' content='" + "y" * 20_000 + "'>"


def test_the_tags_are_one_script_file_and_one_stylesheet():
    assert TAGS == (
        '<script src="/__preview__/preview.js" data-build="b1" defer></script>'
        '<link rel="stylesheet" href="/__preview__/preview.css">'
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<html><head><title>A</title></head><body>B</body></html>",
            f"<html><head><title>A</title>{TAGS}</head><body>B</body></html>",
        ),
        ("<HEAD><TITLE>A</TITLE></HEAD>", f"<HEAD><TITLE>A</TITLE>{TAGS}</HEAD>"),
        (
            "<head>\n<title>Café – é</title>\n</head>\n<body></body>",
            f"<head>\n<title>Café – é</title>\n{TAGS}</head>\n<body></body>",
        ),
        (
            "<head><!-- </head> --><title>A</title></head>",
            f"<head><!-- </head> --><title>A</title>{TAGS}</head>",
        ),
        (
            '<head><script>var end = "</head>";</script></head>',
            f'<head><script>var end = "</head>";</script>{TAGS}</head>',
        ),
        (f"<head>{LONG_HEAD}</head><body></body>", f"<head>{LONG_HEAD}{TAGS}</head><body></body>"),
        ("<head><title>Q&#</title></head>", f"<head><title>Q&#</title>{TAGS}</head>"),
        ("<p>A fragment without a head</p>", "<p>A fragment without a head</p>"),
        ("", ""),
    ],
)
def test_inject_puts_the_tags_before_the_first_real_head_end(html, expected):
    assert inject(html, "b1") == expected


PROBLEMS = [
    Problem(
        "content/chapters/02-x.md",
        "field 'Date': '2026-13-45' is not a real calendar date",
        line=3,
        hint="write it as 'Date: 2026-11-22'",
    ),
    Problem("content/references.bib", "entry 'x' has no year", severity=WARNING),
    Problem("", "chapter order has a gap"),
]


def test_each_problem_reads_as_the_terminal_lists_it():
    terminal = io.StringIO()
    report(BuildResult("output", PROBLEMS), stream=terminal)
    listed = [line.strip() for line in terminal.getvalue().splitlines() if line.startswith("  ")]

    entries = problem_entries(PROBLEMS)

    shown = [
        ": ".join(part for part in (e["severity"], e["location"], e["detail"]) if part)
        for e in entries
    ]
    assert shown == listed
    assert [e["location"] for e in entries] == [
        "content/chapters/02-x.md:3",
        "content/references.bib",
        "",
    ]


def test_a_build_state_names_each_build_and_says_whether_it_failed():
    state = BuildState()
    assert state.current() == ("", [])
    state.publish([])
    first, _ = state.current()
    state.publish(PROBLEMS)
    second, problems = state.current()
    assert first and second and first != second
    assert problems == PROBLEMS


def test_a_stream_waits_for_the_next_build():
    state = BuildState()
    state.publish([])
    seen, _ = state.current()
    assert state.wait(seen, timeout=0.01) is None
    threading.Timer(0.05, state.publish, args=(PROBLEMS,)).start()
    build, failed = state.wait(seen, timeout=30)
    assert build != seen
    assert failed


def test_a_stream_opened_before_the_first_build_is_told_of_it():
    state = BuildState()
    threading.Timer(0.05, state.publish, args=([],)).start()
    build, failed = state.wait("", timeout=30)
    assert build
    assert not failed


@pytest.mark.parametrize(
    ("changed", "now", "expected"),
    [
        ("/site/content/chapters/01.md", ("/site/settings.py", "/site/content"), False),
        ("/site/settings.py", ("/site/settings.py", "/site/content"), True),
        ("/site/content/chapters/01.md", ("/site/settings.py", "/site/content", "/x"), True),
    ],
)
def test_the_watch_starts_again_when_the_settings_change(tmp_path, changed, now, expected):
    (tmp_path / "site" / "content").mkdir(parents=True)
    (tmp_path / "site" / "settings.py").write_text("", encoding="utf-8")

    def here(path):
        return str(tmp_path) + path

    roots = (here("/site/settings.py"), here("/site/content"))
    changes = {(2, here(changed))}
    assert must_watch_again(changes, roots, tuple(here(p) for p in now)) is expected


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/", "index.html"),
        ("", "index.html"),
        ("/guide/all/", "guide/all/index.html"),
        ("/404.html", "404.html"),
        ("/theme/site.css", "theme/site.css"),
        ("/X/", "X/index.html"),
    ],
)
def test_a_url_path_names_the_output_file_that_serves_it(path, name):
    from sitebuild.preview_server import output_name

    assert output_name(path) == name


def test_the_build_state_counts_the_streams_of_each_open_page():
    state = BuildState()
    state.opened("guide/all/index.html")
    state.opened("guide/all/index.html")
    state.opened("index.html")
    state.closed("guide/all/index.html")
    assert state.showing() == {"guide/all/index.html", "index.html"}
    state.closed("guide/all/index.html")
    state.closed("index.html")
    assert state.showing() == frozenset()


class FakePreview:
    roots = ("/site/content",)

    def __init__(self):
        self.calls = []
        self.stale = set()

    def rebuild(self, showing=None):
        from sitebuild.build import BuildResult

        self.calls.append(("rebuild", showing))
        return BuildResult("output", [], 0.1)

    def settle(self):
        self.calls.append(("settle",))


def test_the_watcher_rebuilds_on_each_change_and_settles_once_idle(monkeypatch):
    from sitebuild import preview_watch

    change = {(1, "/site/content/chapters/01.md")}
    # watchfiles yields an empty set for each second without a change.
    events = [set(), change, set(), set(), change]
    monkeypatch.setattr(preview_watch, "watch", lambda *roots, **options: iter(events))
    monkeypatch.setattr(preview_watch, "report", lambda result: 0)
    preview, state = FakePreview(), BuildState()
    state.opened("guide/one/index.html")
    preview_watch.follow(preview, state)
    assert preview.calls == [
        ("settle",),  # the first build's garbage
        ("rebuild", {"guide/one/index.html"}),
        ("settle",),  # once, however long it stays idle
        ("rebuild", {"guide/one/index.html"}),
    ]


def test_settling_collects_garbage_and_freezes_the_rest():
    import gc
    import weakref

    from sitebuild.preview import LivePreview

    class Node:
        pass

    gc.disable()  # only settle() may collect the cycle
    try:
        cycle = Node()
        cycle.self = cycle
        gone = weakref.ref(cycle)
        del cycle
        assert gone() is not None
        LivePreview("pelicanconf.py", "output").settle()
        assert gone() is None
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


def test_once_a_build_is_good_settling_warms_each_plugin_up_once(monkeypatch, tmp_path):
    import sys
    import types

    from sitebuild.preview import LivePreview

    calls = []
    ready = types.ModuleType("ready_plugin")
    ready.warm_up = lambda: calls.append("ready_plugin")
    monkeypatch.setitem(sys.modules, "ready_plugin", ready)
    monkeypatch.setitem(sys.modules, "plain_plugin", types.ModuleType("plain_plugin"))
    preview = LivePreview(tmp_path / "pelicanconf.py", tmp_path / "output")
    given = types.ModuleType("given")  # PLUGINS may hold modules as well as names
    given.warm_up = lambda: calls.append("given")
    preview.plugins = ["plain_plugin", "ready_plugin", given, "sitebuild.preview"]
    preview.settle()
    assert calls == []  # no good build yet: the plugins may not even load
    preview.sources = {}
    preview.settle()
    preview.settle()
    assert calls == ["ready_plugin", "given"]


def test_a_stale_page_asked_for_twice_is_built_once(monkeypatch):
    from sitebuild import preview_watch

    monkeypatch.setattr(preview_watch, "report", lambda result: 0)
    preview, state = FakePreview(), BuildState()
    preview.stale = {"guide/all/index.html"}
    real = preview.rebuild

    def rebuild(showing=None):
        preview.stale = set()  # the build writes it
        return real(showing)

    preview.rebuild = rebuild
    preview_watch.connect(preview, state)
    assert state.stale("guide/all/index.html")
    state.refresh("guide/all/index.html")
    state.refresh("guide/all/index.html")  # a second request, after the first was served
    assert preview.calls == [("rebuild", {"guide/all/index.html"})]
    assert not state.stale("guide/all/index.html")


def test_a_head_of_plain_text_longer_than_a_chunk_is_found():
    title = "y" * 9_000
    html = f"<head><title>{title}</title></head><body></body>"
    assert inject(html, "b1") == f"<head><title>{title}</title>{TAGS}</head><body></body>"


@pytest.mark.parametrize(
    ("problem", "entry"),
    [
        (
            Problem("", "chapter order has a gap", line=2),
            {"severity": "ERROR", "location": "", "detail": "chapter order has a gap"},
        ),
        (
            Problem("", ": a message that starts with a colon", severity=WARNING),
            {
                "severity": "WARNING",
                "location": "",
                "detail": ": a message that starts with a colon",
            },
        ),
    ],
)
def test_a_problem_without_a_file_is_shown_whole(problem, entry):
    assert problem_entries([problem]) == [entry]


def test_a_restarted_server_names_its_first_build_afresh(monkeypatch):
    from types import SimpleNamespace

    from sitebuild import preview_server

    clock = iter([1_000, 2_000])
    monkeypatch.setattr(preview_server, "time", SimpleNamespace(time_ns=lambda: next(clock)))
    before, after = BuildState(), BuildState()
    before.publish([])
    after.publish([])
    assert before.current()[0] != after.current()[0]
