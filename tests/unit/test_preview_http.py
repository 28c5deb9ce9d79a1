"""The live preview's server over HTTP: pages with its tags, its own routes, the event stream."""

import http.client
import json
import socket
import threading
import time
from http import HTTPStatus
from types import SimpleNamespace

import pytest

from guidelib import Problem
from sitebuild import preview_server
from sitebuild.headers import parse_policy
from sitebuild.preview_server import BuildState, start_server

# How long a test waits for the server: a loopback answer takes milliseconds,
# so a few seconds is ample on a loaded machine, and a broken response fails
# the test soon instead of holding it up.
CLIENT_SECONDS = 5

PAGE = "<!DOCTYPE html><html><head><title>{}</title></head><body>{}</body></html>"


def serve(output, state):
    server = start_server(output, state, "127.0.0.1", 0)
    server.block_on_close = False  # closing it does not wait for the streams left open
    return server


def stop(server):
    """Stop the server: a connection wakes its loop, which otherwise polls every half second.

    A loop that never started is given up on after a few seconds.
    """
    stopping = threading.Thread(target=server.shutdown, daemon=True)
    stopping.start()
    deadline = time.monotonic() + CLIENT_SECONDS
    while stopping.is_alive() and time.monotonic() < deadline:
        socket.create_connection(server.server_address, timeout=CLIENT_SECONDS).close()
        stopping.join(0.01)
    server.server_close()


@pytest.fixture
def served(tmp_path):
    output = tmp_path / "output"
    (output / "guide" / "one").mkdir(parents=True)
    (output / "theme").mkdir()
    (output / "index.html").write_text(PAGE.format("Home", "Contents"), encoding="utf-8")
    (output / "guide" / "one" / "index.html").write_text(PAGE.format("One", "Text"), "utf-8")
    (output / "404.html").write_text(PAGE.format("Not found", "Gone"), encoding="utf-8")
    (output / "theme" / "site.css").write_text("</head> body { margin: 0; }", "utf-8")
    state = BuildState()
    state.publish([])
    server = serve(output, state)
    yield state, server.server_address[1]
    stop(server)


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_SECONDS)
    connection.request("GET", path)
    response = connection.getresponse()
    return response, response.read().decode("utf-8")


def test_a_page_gets_the_preview_tags_and_the_sites_policy(served):
    state, port = served
    response, body = get(port, "/guide/one/")
    assert response.status == 200
    assert f'data-build="{state.current()[0]}"' in body
    assert body.count("/__preview__/preview.js") == 1
    assert body.count("/__preview__/preview.css") == 1
    assert int(response.headers["Content-Length"]) == len(body.encode("utf-8"))
    policy = parse_policy(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == ("'self'",)
    assert policy["connect-src"] == ("'self'",)
    assert response.headers["Cache-Control"] == "no-store"


def test_other_files_are_served_as_they_are(served):
    _, port = served
    response, body = get(port, "/theme/site.css")
    assert response.status == 200
    assert body == "</head> body { margin: 0; }"


def test_a_missing_page_is_the_sites_404_page_with_the_tags(served):
    _, port = served
    response, body = get(port, "/guide/missing/")
    assert response.status == 404
    assert "Gone" in body
    assert "/__preview__/preview.js" in body
    assert get(port, "/theme/")[0].status == 404  # no folder listings


def test_a_folder_without_its_slash_is_redirected(served):
    _, port = served
    response, _ = get(port, "/guide/one")
    assert response.status == 301
    assert response.headers["Location"] == "/guide/one/"


def test_the_script_and_stylesheet_are_served_with_their_types(served):
    _, port = served
    script, text = get(port, "/__preview__/preview.js")
    assert script.headers["Content-Type"] == "text/javascript"
    assert "EventSource" in text
    assert get(port, "/__preview__/preview.css")[0].headers["Content-Type"] == "text/css"


def test_problems_json_lists_the_last_builds_problems(served):
    state, port = served
    assert json.loads(get(port, "/__preview__/problems.json")[1])["problems"] == []
    state.publish([Problem("content/chapters/01.md", "bad date", line=3)])
    body = json.loads(get(port, "/__preview__/problems.json")[1])
    assert body["build"] == state.current()[0]
    assert body["problems"] == [
        {"severity": "ERROR", "location": "content/chapters/01.md:3", "detail": "bad date"}
    ]


def first_event(port, since):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_SECONDS)
    connection.request("GET", f"/__preview__/events?since={since}")
    response = connection.getresponse()
    assert response.headers["Content-Type"] == "text/event-stream"
    lines = []
    while not lines or lines[-1] != "":
        lines.append(response.fp.readline().decode("utf-8").rstrip("\n"))
    connection.close()
    name = lines[0].removeprefix("event: ")
    return name, json.loads(lines[1].removeprefix("data: "))["build"]


def test_a_page_from_an_older_build_is_told_to_reload(served):
    state, port = served
    assert first_event(port, "an-older-build") == ("reload", state.current()[0])


def test_a_page_open_while_the_build_fails_is_told_at_once(served):
    state, port = served
    state.publish([Problem("content/chapters/01.md", "bad date", line=3)])
    assert first_event(port, state.current()[0]) == ("failed", state.current()[0])


def test_an_up_to_date_page_hears_of_the_next_build(served):
    state, port = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_SECONDS)
    connection.request("GET", f"/__preview__/events?since={state.current()[0]}")
    response = connection.getresponse()
    state.publish([])
    assert response.fp.readline().decode("utf-8") == "event: reload\n"
    assert state.current()[0] in response.fp.readline().decode("utf-8")
    connection.close()


def test_a_stream_names_its_page_as_open_until_it_closes(served):
    state, port = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_SECONDS)
    connection.request("GET", f"/__preview__/events?since={state.current()[0]}&page=/guide/one/")
    response = connection.getresponse()
    assert response.status == 200
    deadline = time.monotonic() + CLIENT_SECONDS
    while state.showing() != {"guide/one/index.html"}:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    response.close()
    connection.close()
    # The stream learns the page has gone when writing to it fails: at the
    # next build or keep-alive line, or the one after.
    while state.showing():
        assert time.monotonic() < deadline
        state.publish([])
        time.sleep(0.05)


def test_a_stale_page_is_rebuilt_before_it_is_served(served, tmp_path):
    state, port = served
    page = tmp_path / "output" / "guide" / "one" / "index.html"
    asked = []

    def refresh(name):
        asked.append(name)
        page.write_text(PAGE.format("One", "Rebuilt"), encoding="utf-8")

    state.stale = lambda name: name == "guide/one/index.html" and not asked
    state.refresh = refresh
    response, body = get(port, "/guide/one/")
    assert response.status == 200 and "Rebuilt" in body
    assert asked == ["guide/one/index.html"]
    get(port, "/")  # a page that is not stale is served as it is
    assert asked == ["guide/one/index.html"]


def raw_get(port, path, stream=False):
    """The response as sent: its status line and header lines, and its body.

    The body is read until the server closes the connection; of an endless
    ``stream``, only the header lines are read.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=CLIENT_SECONDS) as connection:
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        connection.sendall(request.encode("ascii"))
        received = b""
        while not (stream and b"\r\n\r\n" in received):
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    return head.decode("latin-1").split("\r\n"), body


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/guide/one/", "text/html; charset=utf-8"),
        ("/__preview__/problems.json", "application/json"),
        ("/__preview__/preview.css", "text/css"),
    ],
)
def test_each_response_names_its_type_and_length_as_written(served, path, content_type):
    _, port = served
    lines, body = raw_get(port, path)
    assert lines[0] == "HTTP/1.1 200 OK"
    assert f"Content-Type: {content_type}" in lines
    assert f"Content-Length: {len(body)}" in lines
    assert "Cache-Control: no-store" in lines


def test_the_event_stream_names_its_type_as_written(served):
    state, port = served
    lines, _ = raw_get(port, f"/__preview__/events?since={state.current()[0]}", stream=True)
    assert lines[0] == "HTTP/1.1 200 OK"
    assert "Content-Type: text/event-stream" in lines
    assert "Cache-Control: no-store" in lines


def test_a_site_without_a_404_page_gets_the_plain_404(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text(PAGE.format("Home", "Contents"), encoding="utf-8")
    server = serve(output, BuildState())
    try:
        response, body = get(server.server_address[1], "/missing/")
    finally:
        stop(server)
    assert response.status == 404
    assert "Nothing matches the given URI" in body
    assert "/__preview__/" not in body


QUICK_KEEP_ALIVE = 0.05


@pytest.fixture
def keep_alive(monkeypatch):
    """Keep-alive lines every 50 ms, so a stream's quiet wait shows in a test."""
    monkeypatch.setattr(preview_server, "KEEP_ALIVE_SECONDS", QUICK_KEEP_ALIVE)


def open_stream(port, query):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_SECONDS)
    connection.request("GET", f"/__preview__/events{query}")
    return connection, connection.getresponse()


def read_line(response):
    return response.fp.readline().decode("utf-8")


def next_event(response):
    """The next event's name and data, past the keep-alive lines of a few seconds."""
    line = read_line(response)
    for _ in range(int(CLIENT_SECONDS / QUICK_KEEP_ALIVE) * 2):
        if line.startswith("event: "):
            break
        assert line in (": still here\n", "\n")
        line = read_line(response)
    assert line.startswith("event: ")
    data = read_line(response)
    assert data.startswith("data: ") and read_line(response) == "\n"
    return line.removeprefix("event: ").rstrip("\n"), json.loads(data.removeprefix("data: "))


@pytest.mark.parametrize(
    ("problems", "event"),
    [([], "reload"), ([Problem("content/chapters/01.md", "bad date", line=3)], "failed")],
)
def test_an_up_to_date_page_hears_keep_alive_lines_then_the_next_build(
    served, keep_alive, problems, event
):
    state, port = served
    connection, response = open_stream(port, f"?since={state.current()[0]}")
    assert read_line(response) == ": still here\n"
    assert read_line(response) == "\n"
    state.publish(problems)
    name, data = next_event(response)
    connection.close()
    assert name == event
    assert data["build"] == state.current()[0]
    assert sorted(data) == ["build", "sent"]
    assert isinstance(data["sent"], float)


def test_a_stream_that_names_no_build_is_told_to_reload_at_once(served):
    state, port = served
    connection, response = open_stream(port, "")
    name, data = next_event(response)
    connection.close()
    assert (name, data["build"]) == ("reload", state.current()[0])


def test_a_page_marked_stale_without_a_way_to_refresh_it_is_served_as_it_is(served):
    state, port = served
    state.stale = lambda name: True
    response, body = get(port, "/guide/one/")
    assert response.status == 200
    assert "<title>One</title>" in body


def test_nothing_is_rebuilt_for_a_page_nobody_said_was_stale(served):
    state, port = served
    asked = []
    state.refresh = asked.append
    response, _ = get(port, "/guide/one/")
    assert response.status == 200
    assert asked == []


def test_a_folder_is_never_listed(monkeypatch):
    # Folders are answered before the standard handler could list one; this
    # is the handler's last word should it be asked all the same.
    handler = preview_server.PreviewHandler.__new__(preview_server.PreviewHandler)
    sent = []
    monkeypatch.setattr(handler, "send_error", sent.append, raising=False)
    assert handler.list_directory("/site/theme") is None
    assert sent == [HTTPStatus.NOT_FOUND]


def test_the_server_and_its_streams_run_in_daemon_threads(tmp_path, monkeypatch):
    started = []

    class Thread:
        def __init__(self, **options):
            self.options = options

        def start(self):
            started.append(self.options)
            threading.Thread(**self.options).start()

    state = BuildState()
    monkeypatch.setattr(preview_server, "threading", SimpleNamespace(Thread=Thread))
    server = start_server(tmp_path, state, "127.0.0.1", 0)
    try:
        assert started == [{"target": server.serve_forever, "daemon": True}]
        assert server.daemon_threads is True
    finally:
        stop(server)
