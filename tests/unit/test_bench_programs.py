"""The bench's own programs (sitebuild.bench.programs): the local server, the preview, the peak.

The server is run on a free loopback port in a thread of the test, over a
small folder. ``preview`` is run with a fake live preview that writes the
chapter's text into the open page, and a fake clock, so the times, the pages
shown and each failure are exact; ``peak`` with a fake build and rusage.
"""

import http.client
import json
import locale
import pickle
import resource
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ascii_locale

import sitebuild.build
import sitebuild.preview
from sitebuild.bench import programs
from sitebuild.bench.programs import EDITS, QuietServer, StaticHandler, failure


@pytest.fixture
def site(tmp_path):
    (tmp_path / "guide" / "a").mkdir(parents=True)
    (tmp_path / "empty").mkdir()
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (tmp_path / "guide" / "a" / "index.html").write_text("<p>a</p>", encoding="utf-8")
    return tmp_path


@pytest.fixture
def server(site):
    import functools

    handler = functools.partial(StaticHandler, directory=str(site))
    running = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=running.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield running.server_address[1]
    running.shutdown()
    running.server_close()
    thread.join()


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        allowed = [value for name, value in answer.getheaders() if name == "LinkChecker"]
        return answer.status, allowed, answer.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("path", "status", "body"),
    [
        ("/", 200, b"<p>home</p>"),
        ("/guide/a/", 200, b"<p>a</p>"),
        ("/guide/a/index.html", 200, b"<p>a</p>"),
    ],
)
def test_the_server_serves_a_folder_s_index_and_lets_linkchecker_hurry(server, path, status, body):
    assert get(server, path) == (status, ["allow"], body)


@pytest.mark.parametrize("path", ["/empty/", "/guide/", "/no-such-page/"])
def test_a_folder_without_index_html_is_a_404_not_a_listing(server, path):
    status, header, body = get(server, path)
    assert (status, header) == (404, ["allow"])
    assert b"Directory listing" not in body


def test_the_server_logs_no_requests(server, capfd):
    get(server, "/")
    get(server, "/empty/")
    assert capfd.readouterr().err == ""


def handle_error_during(exception, capsys):
    running = QuietServer(("127.0.0.1", 0), StaticHandler)
    try:
        try:
            raise exception
        except type(exception):
            running.handle_error(None, ("127.0.0.1", 5))
    finally:
        running.server_close()
    return capsys.readouterr().err


@pytest.mark.parametrize("error", [ConnectionResetError(), BrokenPipeError()])
def test_a_client_hanging_up_is_no_error(error, capsys):
    assert handle_error_during(error, capsys) == ""


def test_any_other_error_is_reported_with_its_traceback(capsys):
    err = handle_error_during(ValueError("broken handler"), capsys)
    assert "Exception occurred during processing of request from ('127.0.0.1', 5)" in err
    assert "ValueError: broken handler" in err


def test_serve_serves_the_folder_on_the_port_of_127_0_0_1(monkeypatch, tmp_path):
    served = []

    class Server:
        def __init__(self, address, handler):
            served.append((address, handler.func, handler.keywords))

        def serve_forever(self):
            served.append("forever")

    monkeypatch.setattr(programs, "QuietServer", Server)
    programs.serve(8123, tmp_path)
    assert served == [(("127.0.0.1", 8123), StaticHandler, {"directory": str(tmp_path)}), "forever"]


def test_a_failure_lists_the_build_s_problems():
    result = SimpleNamespace(problems=["a.md:1: bad", ValueError("worse")])
    assert failure("the build", result) == "the build failed:\na.md:1: bad\nworse"


@pytest.mark.parametrize(
    ("name", "text", "edited"),
    [
        ("text", "Title: A\n\nBody.", "Title: A\n\nBody.\nEdit text 0.\n"),
        ("text_all_open", "Body.", "Body.\nEdit text 0.\n"),
        ("title", "Title: A\nTitle: B\n\nTitle: C", "Title: Edit text 0 A\nTitle: B\n\nTitle: C"),
    ],
)
def test_each_edit_leaves_its_marker(name, text, edited):
    edit, _ = EDITS[name]
    assert edit(text, "text 0") == edited


def test_only_the_text_edit_with_all_pages_open_shows_every_page():
    assert [(name, only) for name, (_, only) in EDITS.items()] == [
        ("text", True),
        ("title", True),
        ("text_all_open", False),
    ]


class LivePreview:
    """A fake live preview: a rebuild copies the chapter into the page, unless told not to.

    Rebuild number ``failing`` (the first is 0) fails.
    """

    instances = []
    failing = None
    shows_edit = True

    def __init__(self, settings, output):
        self.settings, self.output = settings, output
        self.calls = []
        self.instances.append(self)

    def settle(self):
        self.calls.append("settle")

    def rebuild(self, showing="not given"):
        number = sum(call != "settle" for call in self.calls)
        self.calls.append(showing)
        if self.shows_edit:
            self.page.write_text(self.chapter.read_text(encoding="utf-8"), encoding="utf-8")
        return SimpleNamespace(ok=number != self.failing, problems=["chapter.md:3: bad"])


@pytest.fixture
def preview_site(monkeypatch, tmp_path):
    monkeypatch.setattr(LivePreview, "instances", [])
    monkeypatch.setattr(sitebuild.preview, "LivePreview", LivePreview)
    clock = iter(range(0, 1000, 3))
    monkeypatch.setattr(programs, "time", SimpleNamespace(perf_counter=lambda: next(clock) / 2))
    output = tmp_path / "output"
    page = output / "guide" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    chapter = tmp_path / "chapter.md"
    chapter.write_text("Title: A\n\nBody.\n", encoding="utf-8")
    monkeypatch.setattr(LivePreview, "page", page, raising=False)
    monkeypatch.setattr(LivePreview, "chapter", chapter, raising=False)
    return SimpleNamespace(settings=tmp_path / "settings.py", output=output, page=page, c=chapter)


def run_preview(site, runs=2):
    return programs.preview(site.settings, site.output, runs, site.c, site.page)


def test_preview_times_each_rebuild_after_each_edit(preview_site):
    times = run_preview(preview_site)
    assert times == {"text": [1.5, 1.5], "title": [1.5, 1.5], "text_all_open": [1.5, 1.5]}
    [live] = LivePreview.instances
    assert (live.settings, live.output) == (preview_site.settings, preview_site.output)
    shown = {"guide/a/index.html"}
    assert live.calls == ["not given"] + ["settle", shown] * 4 + ["settle", None] * 2


def test_preview_edits_the_chapter_runs_times_each(preview_site):
    run_preview(preview_site)
    assert preview_site.c.read_text(encoding="utf-8") == (
        "Title: Edit title 1 Edit title 0 A\n\nBody.\n"
        "\nEdit text 0.\n\nEdit text 1.\n\nEdit text all open 0.\n\nEdit text all open 1.\n"
    )


def test_the_chapter_and_the_page_are_utf_8_whatever_the_locale(preview_site):
    preview_site.c.write_text("Title: Café\n\nBody – é.\n", encoding="utf-8")
    with ascii_locale():
        run_preview(preview_site, runs=1)
    assert (
        preview_site.c.read_bytes()
        == (
            "Title: Edit title 0 Café\n\nBody – é.\n\nEdit text 0.\n\nEdit text all open 0.\n"
        ).encode()
    )


def test_preview_with_a_relative_output_shows_the_page_relative_to_it(preview_site, monkeypatch):
    monkeypatch.chdir(preview_site.output.parent)
    programs.preview(preview_site.settings, "output", 1, preview_site.c, preview_site.page)
    assert LivePreview.instances[0].calls[2] == {"guide/a/index.html"}


@pytest.mark.parametrize(
    ("failing", "message"),
    [
        (0, "the first preview build failed:\nchapter.md:3: bad"),
        (1, "the preview build after text edit 0 failed:\nchapter.md:3: bad"),
        (4, "the preview build after title edit 1 failed:\nchapter.md:3: bad"),
        (5, "the preview build after text_all_open edit 0 failed:\nchapter.md:3: bad"),
    ],
)
def test_a_build_that_fails_stops_the_preview_naming_the_edit(
    preview_site, monkeypatch, failing, message
):
    monkeypatch.setattr(LivePreview, "failing", failing)
    with pytest.raises(SystemExit) as stopped:
        run_preview(preview_site)
    assert stopped.value.code == message
    assert len([call for call in LivePreview.instances[0].calls if call != "settle"]) == failing + 1


def test_a_page_that_does_not_show_the_edit_stops_the_preview(preview_site, monkeypatch):
    monkeypatch.setattr(LivePreview, "shows_edit", False)
    preview_site.page.write_text("Title: A\n\nBody.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        run_preview(preview_site)
    assert stopped.value.code == f"{preview_site.page} does not show edit text 0"


def bare_site(tmp_path):
    """A bare Pelican site of one chapter, as the bench's bare corpus has them."""
    chapters = tmp_path / "content" / "chapters"
    chapters.mkdir(parents=True)
    chapter = chapters / "0001.md"
    chapter.write_text("Title: One\nDate: 2026-01-01\nSlug: article-1\n\nBody.\n", "utf-8")
    settings = tmp_path / "settings.py"
    settings.write_text(
        f"PATH = {str(tmp_path / 'content')!r}\nARTICLE_PATHS = ['chapters']\n"
        "ARTICLE_URL = 'guide/{slug}/'\nARTICLE_SAVE_AS = 'guide/{slug}/index.html'\n"
        "TIMEZONE = 'UTC'\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nPLUGINS = []\n",
        "utf-8",
    )
    return settings, chapter


@pytest.fixture
def markdown_reads(monkeypatch):
    """The Markdown sources Pelican reads (not from its content cache), by name."""
    from pelican.readers import MarkdownReader

    reads, read = [], MarkdownReader.read
    monkeypatch.setattr(
        MarkdownReader, "read", lambda self, path: reads.append(Path(path).name) or read(self, path)
    )
    return reads


def test_bare_preview_times_pelican_s_own_rebuild_after_each_text_edit(
    tmp_path, monkeypatch, markdown_reads
):
    settings, chapter = bare_site(tmp_path)
    other = chapter.with_name("0002.md")
    other.write_text("Title: Two\nDate: 2026-01-02\nSlug: article-2\n\nBody.\n", "utf-8")
    chapter.write_text(chapter.read_text("utf-8").replace("Body.", "Café – body."), "utf-8")
    output = tmp_path / "output-bare-preview"
    page = output / "guide" / "article-1" / "index.html"
    clock = iter(range(0, 100, 3))
    monkeypatch.setattr(programs, "time", SimpleNamespace(perf_counter=lambda: next(clock) / 2))
    # Pelican sets the locale from the environment (its LOCALE setting): make that ASCII too.
    monkeypatch.setenv("LC_ALL", "C")
    before = locale.setlocale(locale.LC_ALL)
    try:
        with ascii_locale():
            times = programs.bare_preview(settings, output, 2, chapter, page)
    finally:
        locale.setlocale(locale.LC_ALL, before)
    assert times == [1.5, 1.5]
    assert chapter.read_text("utf-8").endswith("Café – body.\n\nEdit bare 0.\n\nEdit bare 1.\n")
    assert "Edit bare 1." in page.read_text("utf-8")
    # The content cache is on, loaded and unzipped: after the first run, only the edited
    # chapter is read again.
    assert sorted(markdown_reads[:2]) == ["0001.md", "0002.md"]
    assert markdown_reads[2:] == ["0001.md", "0001.md"]
    cache = tmp_path / "output-bare-preview-cache"
    assert [path.read_bytes()[:1] for path in cache.iterdir()] == [pickle.PROTO] * len(
        list(cache.iterdir())
    )


def test_bare_preview_stops_when_the_page_does_not_show_the_edit(tmp_path):
    settings, chapter = bare_site(tmp_path)
    output = tmp_path / "output"
    other = output / "archives.html"  # it lists the chapter, not its text
    with pytest.raises(SystemExit) as stopped:
        programs.bare_preview(settings, output, 1, chapter, other)
    assert stopped.value.code == f"{other} does not show bare Pelican's edit 0"


class Build:
    """A fake ``sitebuild.build.build``: records its arguments; fails unless ``ok``."""

    def __init__(self):
        self.calls, self.ok = [], True

    def __call__(self, settings, output):
        self.calls.append((settings, output))
        return SimpleNamespace(ok=self.ok, problems=["a.md:1: bad"])


@pytest.fixture
def built(monkeypatch):
    build = Build()
    monkeypatch.setattr(sitebuild.build, "build", build)
    usage = {resource.RUSAGE_SELF: SimpleNamespace(ru_maxrss=3072)}
    fake = SimpleNamespace(RUSAGE_SELF=resource.RUSAGE_SELF, getrusage=usage.__getitem__)
    monkeypatch.setattr(programs, "resource", fake)
    return build


def test_peak_is_the_build_s_peak_memory_in_mib(built, tmp_path):
    assert programs.peak(tmp_path / "settings.py", tmp_path / "out") == 3.0
    assert built.calls == [(str(tmp_path / "settings.py"), str(tmp_path / "out"))]


def test_a_failed_build_has_no_peak(built, tmp_path):
    built.ok = False
    with pytest.raises(SystemExit) as stopped:
        programs.peak(tmp_path / "settings.py", tmp_path / "out")
    assert stopped.value.code == "the build failed:\na.md:1: bad"


def test_main_serve_takes_a_port_and_a_folder(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(programs, "serve", lambda port, folder: calls.append((port, folder)))
    assert programs.main(["serve", "8123", str(tmp_path)]) == 0
    assert calls == [(8123, tmp_path)]


@pytest.mark.parametrize(
    ("program", "function"), [("preview", "preview"), ("bare-preview", "bare_preview")]
)
def test_main_preview_prints_the_times_as_json(monkeypatch, tmp_path, capsys, program, function):
    calls = []

    def preview(*args):
        calls.append(args)
        return {"text": [0.5]}

    monkeypatch.setattr(programs, function, preview)
    argv = [program, "s.py", "out", "3", "c.md", "p.html"]
    assert programs.main(argv) == 0
    assert calls == [
        (programs.Path("s.py"), programs.Path("out"), 3, *map(programs.Path, argv[4:]))
    ]
    assert capsys.readouterr().out == '{"text": [0.5]}\n'


def test_main_peak_prints_the_mib_as_json(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(programs, "peak", lambda *args: calls.append(args) or 12.5)
    assert programs.main(["peak", "s.py", "out"]) == 0
    assert calls == [(programs.Path("s.py"), programs.Path("out"))]
    assert json.loads(capsys.readouterr().out) == 12.5


@pytest.mark.parametrize("argv", [[], ["serve", "x", "folder"], ["peak", "s.py"], ["other"]])
def test_main_refuses_what_it_cannot_run(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        programs.main(argv)
    assert stopped.value.code == 2
    assert capsys.readouterr().err.startswith("usage: python -m sitebuild.bench.programs")
