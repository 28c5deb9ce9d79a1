"""`--external`: outbound links checked against a local HTTP server, never the network."""

import socket
import threading
import time
import urllib.error
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from plugins.site_audit import ERROR, WARNING, ExternalConfig, check_external
from plugins.site_audit import external as external_module
from plugins.site_audit.cli import main

SLOW_SECONDS = 1.5


class Handler(BaseHTTPRequestHandler):
    def answer(self):
        self.server.log.append((self.command, self.path, time.monotonic()))
        path = self.path.split("?")[0]
        if path == "/ok":
            self.reply(200)
        elif path == "/moved":
            self.reply(301, Location="/ok")
        elif path == "/missing":
            self.reply(404)
        elif path == "/busy":
            seen = sum(1 for _, p, _ in self.server.log if p == "/busy")
            self.reply(429, **{"Retry-After": "1"}) if seen == 1 else self.reply(200)
        elif path == "/no-head":
            self.reply(405 if self.command == "HEAD" else 200)
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.reply(200)
        else:
            self.reply(500)

    do_HEAD = do_GET = answer

    def reply(self, status, **headers):
        body = b"ok" if self.command == "GET" else b""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    httpd.log = []
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def quick(tmp_path, **overrides):
    settings = {
        "cache_path": tmp_path / "cache" / "external-links.json",
        "workers": 4,
        "host_interval": 0.05,
        "timeout": 0.5,
        "retries": 1,
        "backoff": 0.05,
    }
    return ExternalConfig(**{**settings, **overrides})


def links(server, *paths):
    return {f"{server.url}{path}": {f"page{path}.html"} for path in paths}


def requested(server, path):
    return [(method, when) for method, p, when in server.log if p == path]


def test_each_kind_of_answer(server, tmp_path):
    all_paths = ("/ok", "/moved", "/missing", "/busy", "/no-head", "/slow")
    started = time.monotonic()
    problems = check_external(links(server, *all_paths), quick(tmp_path))
    assert time.monotonic() - started < 6

    by_page = {p.path: p for p in problems}
    assert set(by_page) == {"page/missing.html", "page/slow.html"}
    missing, slow = by_page["page/missing.html"], by_page["page/slow.html"]
    assert (missing.severity, missing.message) == (
        ERROR,
        f"broken outbound link {server.url}/missing (HTTP 404)",
    )
    assert slow.severity == WARNING
    assert slow.message == f"could not check {server.url}/slow (no answer within 0.5 s)"

    # HEAD first, GET when HEAD is refused; a redirect is followed with HEAD.
    assert [m for m, _ in requested(server, "/no-head")] == ["HEAD", "GET"]
    assert [m for m, _ in requested(server, "/moved")] == ["HEAD"]
    # 429 is retried after the Retry-After the server asked for.
    busy = requested(server, "/busy")
    assert len(busy) == 2
    assert busy[1][1] - busy[0][1] >= 0.95
    # A timeout is retried once (retries=1), then reported.
    assert len(requested(server, "/slow")) == 2


def test_requests_to_one_host_are_spaced(server, tmp_path):
    # Six requests to one host through four workers: the throttle hands out a
    # slot every 0.15 s, so the last request cannot arrive before 5 x 0.15 s
    # after the start, however the threads are scheduled. (Gaps between
    # arrivals are not compared: a loaded machine can delay one request and
    # not the next.)
    paths = [f"/ok?{n}" for n in range(6)]
    started = time.monotonic()
    check_external(links(server, *paths), quick(tmp_path, host_interval=0.15, workers=4))
    times = sorted(when for _, _, when in server.log)
    assert len(times) == 6
    assert times[-1] - started >= 5 * 0.15, times


def test_working_links_are_cached_until_they_expire(server, tmp_path):
    config = quick(tmp_path)
    targets = links(server, "/ok", "/missing")
    check_external(targets, config)
    assert len(server.log) == 3  # /ok HEAD, /missing HEAD then GET

    server.log.clear()
    problems = check_external(targets, config)
    assert [path for _, path, _ in server.log] == ["/missing", "/missing"]
    assert [p.path for p in problems] == ["page/missing.html"]
    assert f"{server.url}/ok" in config.cache_path.read_text(encoding="utf-8")

    server.log.clear()
    check_external(targets, quick(tmp_path, cache_days=0))
    assert sorted(path for _, path, _ in server.log) == ["/missing", "/missing", "/ok"]


def test_one_request_per_url_whatever_its_fragment_or_number_of_pages(server, tmp_path):
    targets = {
        f"{server.url}/ok#a": {"a.html"},
        f"{server.url}/ok#b": {"b.html", "c.html"},
        f"{server.url}/missing": {"a.html", "d.html"},
    }
    problems = check_external(targets, quick(tmp_path))
    assert len(requested(server, "/ok")) == 1
    assert sorted(p.path for p in problems) == ["a.html", "d.html"]


def test_no_network_gives_one_clear_warning(tmp_path, monkeypatch):
    def unreachable(url, method, timeout):
        raise urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))

    monkeypatch.setattr(external_module, "_request", unreachable)
    targets = {"https://doi.org/10.1/a": {"a.html"}, "https://pubmed.example/1": {"b.html"}}
    problems = check_external(targets, quick(tmp_path))
    assert len(problems) == 1
    assert problems[0].severity == WARNING
    assert problems[0].message.startswith("no network: 2 outbound links not checked")
    # Nothing was learnt, so nothing is cached.
    assert not (tmp_path / "cache" / "external-links.json").exists()


@pytest.mark.parametrize(
    ("header", "expected"),
    [(None, 2.0), ("3", 3.0), ("soon", 2.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_retry_after(header, expected):
    headers = {} if header is None else {"Retry-After": header}
    assert external_module.retry_after(headers, 2.0) == expected


def test_the_command_line_with_external(server, tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title>'
        '<meta name="description" content="D."><meta name="referrer" content="no-referrer">'
        '</head><body><h1>T</h1><div id="disclaimer">Info.</div>'
        '<section id="crisis-help">Help.</section>'
        f'<a href="{server.url}/ok">ok</a> <a href="{server.url}/missing">gone</a>'
        "</body></html>",
        encoding="utf-8",
    )
    cache = tmp_path / "links.json"
    args = [
        str(site),
        "--no-record",
        "--external",
        "--cache",
        str(cache),
        "--timeout",
        "1",
        "--host-interval",
        "0",
    ]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert f"  index.html: broken outbound link {server.url}/missing (HTTP 404)" in out
    # The local test server speaks plain http, which is a warning of its own.
    assert "1 error, 2 warnings in 1 page" in out
    assert f"index.html:1: plain http:// link to {server.url}/ok." in out
    assert cache.exists()
    # Without --external the network is never asked.
    server.log.clear()
    assert main([str(site), "--no-record", "--cache", str(cache)]) == 0
    assert server.log == []


def test_a_redirected_head_stays_a_head(server, tmp_path):
    assert check_external(links(server, "/moved"), quick(tmp_path)) == []
    assert [(method, path) for method, path, _ in server.log] == [
        ("HEAD", "/moved"),
        ("HEAD", "/ok"),
    ]
