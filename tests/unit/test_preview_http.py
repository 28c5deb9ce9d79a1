"""The live preview's server over HTTP: pages with its tags, its own routes, the event stream."""

import http.client
import json
import time

import pytest

from guidelib import Problem
from sitebuild.headers import parse_policy
from sitebuild.preview_server import BuildState, start_server

PAGE = "<!DOCTYPE html><html><head><title>{}</title></head><body>{}</body></html>"


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
    server = start_server(output, state, "127.0.0.1", 0)
    yield state, server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
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
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
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
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", f"/__preview__/events?since={state.current()[0]}")
    response = connection.getresponse()
    state.publish([])
    assert response.fp.readline().decode("utf-8") == "event: reload\n"
    assert state.current()[0] in response.fp.readline().decode("utf-8")
    connection.close()


def test_a_stream_names_its_page_as_open_until_it_closes(served):
    state, port = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", f"/__preview__/events?since={state.current()[0]}&page=/guide/one/")
    response = connection.getresponse()
    assert response.status == 200
    deadline = time.monotonic() + 30
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
