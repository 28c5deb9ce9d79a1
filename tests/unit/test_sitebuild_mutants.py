"""What the mutation run of sitebuild found untested: the lock files' names and a free lock,
the browser search's fallbacks and command line, what a publish refuses, the hosting files,
the preview server's routes and the build's messages.

Each test pins down behaviour a caller sees (a file name, a message, a response) that a
surviving mutant changed; the modules' main tests are in test_publish_run.py,
test_browser_discovery.py, test_publish_readiness.py, test_hosting_settings.py,
test_preview_http.py and test_build_run.py.
"""

import fcntl
import http.client
import io
import logging
import os
import socket
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ascii_locale
from test_preview_http import CLIENT_SECONDS, stop

from guidelib import WARNING, Problem
from sitebuild import browser, build, hosting, lock, preview_server, readiness

# Locks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "port", "expected"),
    [
        # The port is part of the destination, so of the name and its digest.
        ("deploy@X.test:/srv/guide/", 2222, "deploy_X.test_srv_guide_2222-a04a3ecbf335.lock"),
        # No port: no ":None"; the trailing "_" of the final slash is stripped.
        ("deploy@X.test:/srv/guide/", None, "deploy_X.test_srv_guide-697b1468bd67.lock"),
        # Only "_" is stripped from the ends, never a letter.
        ("X.test:/srv/X", None, "X.test_srv_X-fe7738e9049c.lock"),
        # The readable part is cut at 60 characters.
        ("h.test:/" + "a" * 70, None, "h.test_" + "a" * 53 + "-9c8bb8c79542.lock"),
    ],
)
def test_an_rsync_lock_is_named_after_its_destination(location, port, expected):
    assert lock.rsync_lock(location, port) == Path(".cache") / "publish-locks" / expected


def test_an_rsync_lock_goes_under_the_cache_folder_given(tmp_path):
    found = lock.rsync_lock("h.test:/srv", None, tmp_path)
    assert found == tmp_path / "publish-locks" / "h.test_srv-8de07a796192.lock"


def test_a_free_lock_is_taken_at_once_and_given_back(tmp_path):
    path = tmp_path / "new" / "folder" / "x.lock"

    def no_sleep(seconds):
        raise AssertionError(f"slept {seconds} s for a free lock")

    with lock.held(path, "dir:x", wait=0, sleep=no_sleep) as held:
        assert held == path
        with open(path, "a", encoding="utf-8") as other:
            assert lock.try_lock(other) is False
    with open(path, "a", encoding="utf-8") as other:
        assert lock.try_lock(other) is True
        fcntl.flock(other.fileno(), fcntl.LOCK_UN)


# Browser -----------------------------------------------------------------------


def executable(path, text='#!/bin/sh\nexec /usr/lib/chromium/chromium "$@"\n'):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


def test_a_readable_binary_inside_snap_is_still_a_snaps(monkeypatch):
    # The snap's own chromium, reached through a link: no shell script, but under /snap.
    inside = "/snap/chromium/3000/usr/lib/chromium-browser/chrome"
    monkeypatch.setattr(
        browser, "os", SimpleNamespace(path=SimpleNamespace(realpath=lambda path: inside))
    )
    monkeypatch.setattr(browser, "open", lambda path, mode: io.BytesIO(b"\x7fELF"), raising=False)
    assert browser.is_snap_wrapper("/usr/bin/chromium-browser") is True


def test_only_the_first_8_kib_of_a_script_are_read_for_snap(tmp_path):
    # "sna" ends the first 8192 bytes; the "p" after them is not read.
    script = "#!/bin/sh\n" + "#" * (8192 - 10 - 4) + "\nsnap\n"
    assert script.index("snap") == 8189
    assert browser.is_snap_wrapper(executable(tmp_path / "chromium", script)) is False


@pytest.mark.parametrize("name", ["missing", "folder"])
def test_a_file_that_cannot_be_read_counts_as_a_snap_wrapper(tmp_path, name):
    (tmp_path / "folder").mkdir()
    assert browser.is_snap_wrapper(tmp_path / name) is True


def test_without_a_search_path_the_environments_path_is_searched(tmp_path, monkeypatch):
    chromium = executable(tmp_path / "bin" / "chromium")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    found = browser.find_browser(debian=tmp_path / "none", managed=lambda: None)
    assert found == browser.Browser("Chromium", str(chromium))


def test_without_path_in_the_environment_no_folder_is_searched(tmp_path, monkeypatch):
    # Not even the system's default folders, which shutil.which falls back on,
    # nor any folder of the working directory (a relative PATH entry).
    executable(tmp_path / "default" / "chromium")
    executable(tmp_path / "XXXX" / "chromium")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PATH", raising=False)
    monkeypatch.setattr(os, "confstr", lambda name: str(tmp_path / "default"))
    monkeypatch.setattr(os, "defpath", str(tmp_path / "default"))
    assert browser.find_browser(debian=tmp_path / "none", managed=lambda: None) is None


def test_the_missing_message_names_everything_looked_for():
    assert browser.missing_message("/usr/bin/chromium") == (
        "no browser for the browser tests: looked for Debian's chromium (/usr/bin/chromium), "
        "then google-chrome, google-chrome-stable, chromium-browser, chromium on PATH, then "
        "Playwright's chromium. To install one, run ./bootstrap --test: it installs Debian's "
        "chromium on Debian, and Playwright's chromium (python -m playwright install "
        "--with-deps chromium) elsewhere"
    )


def test_the_command_prints_the_browser_found(monkeypatch, capsys):
    found = browser.Browser("Chromium", "/opt/bin/chromium")
    monkeypatch.setattr(browser, "find_browser", lambda: found)
    assert browser.main() == 0
    assert capsys.readouterr() == ("Chromium (/opt/bin/chromium)\n", "")


def test_the_command_fails_saying_what_it_looked_for(monkeypatch, capsys):
    monkeypatch.setattr(browser, "find_browser", lambda: None)
    assert browser.main() == 1
    assert capsys.readouterr() == ("", browser.missing_message() + "\n")


# What a publish refuses --------------------------------------------------------

ABOUT = "content/pages/about.md"
DRAFT = "content/chapters/01-a.md"


def test_a_page_without_a_review_is_no_draft():
    record = {
        "pages": [{"source": ABOUT}, {"source": DRAFT, "review": {"status": "draft"}}],
        "sections": {},
    }
    warnings = [Problem(ABOUT, "reading grade 9 is above 7", WARNING, 1),
                Problem(DRAFT, "not reviewed by a clinician yet", WARNING, 1)]  # fmt: skip
    refused, passed = readiness.sort_warnings(warnings, record, allow_drafts=True)
    assert (refused, passed) == ([warnings[0]], [warnings[1]])
    assert readiness.drafts_hint(warnings, record) == [
        "1 chapter(s) above are drafts. To publish them with their 'not yet reviewed' notice, "
        "publish again with --allow-drafts."
    ]


@pytest.mark.parametrize(
    "sections",
    [{}, {"helplines": None}, {"helplines": {"max_age_days": 365}}],
)
def test_a_site_without_helplines_refuses_every_warning(sections):
    warnings = [Problem("content/data/helplines.yaml", "not verified by a named person", WARNING)]
    record = {"pages": [], "sections": sections}
    assert readiness.sort_warnings(warnings, record) == (warnings, [])


# Hosting files -----------------------------------------------------------------


def test_the_sitemap_is_utf_8_whatever_the_locale(tmp_path):
    # Pelican keeps a chapter's own Slug as written, accents and all.
    chapter = SimpleNamespace(url="guide/café/", date=datetime(2026, 11, 1, tzinfo=UTC))
    generator = SimpleNamespace(
        settings={"SITEURL": "https://guide.test", "HOSTING_HEADERS_FILE": False},
        output_path=str(tmp_path),
        context={"articles": [chapter]},
    )
    with ascii_locale():
        hosting.write_host_files(generator)
    assert (tmp_path / "sitemap.xml").read_bytes() == (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "<url><loc>https://guide.test/</loc><lastmod>2026-11-01</lastmod></url>\n"
        "<url><loc>https://guide.test/guide/café/</loc><lastmod>2026-11-01</lastmod></url>\n"
        "</urlset>\n"
    ).encode()


# The build's messages ----------------------------------------------------------


def test_the_line_of_a_broken_link_is_found_in_a_chapter_with_accents_whatever_the_locale(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text("Title: Café\n\nSee [walking]({filename}x.md).\n", encoding="utf-8")
    made = logging.LogRecord(
        "pelican", logging.WARNING, __file__, 1, "Unable to find '%s', skipping url replacement.",
        ("x.md",), None,
    )  # fmt: skip
    made.source_path = "a.md"
    with ascii_locale():
        problems = build._problems_of(made)
    assert problems == [
        Problem(
            "a.md",
            "Unable to find 'x.md', skipping url replacement.",
            WARNING,
            3,
            build.HINTS["Unable to find"],
        )
    ]


# The preview's server ----------------------------------------------------------


def test_a_page_with_accents_is_served_whatever_the_locale(tmp_path):
    (tmp_path / "index.html").write_text(
        "<html><head><title>Café – walking</title></head><body>é</body></html>", encoding="utf-8"
    )
    state = preview_server.BuildState()
    state.publish([])
    server = preview_server.start_server(tmp_path, state, "127.0.0.1", 0)
    server.block_on_close = False
    try:
        with ascii_locale():
            connection = http.client.HTTPConnection(
                "127.0.0.1", server.server_address[1], timeout=CLIENT_SECONDS
            )
            connection.request("GET", "/")
            response = connection.getresponse()
            body = response.read().decode("utf-8")
            connection.close()
    finally:
        stop(server)
    assert response.status == 200
    assert body == (
        "<html><head><title>Café – walking</title>"
        f"{preview_server.preview_tags(state.current()[0])}</head><body>é</body></html>"
    )


def test_a_wait_with_no_new_build_ends_at_its_timeout():
    state = preview_server.BuildState()
    returned = []
    # In a thread of its own, so that a wait that never ends fails the test.
    waiting = threading.Thread(target=lambda: returned.append(state.wait("", 0.01)), daemon=True)
    waiting.start()
    waiting.join(CLIENT_SECONDS)
    assert returned == [None]


def test_a_streams_connection_is_closed_when_its_page_has_gone(tmp_path):
    (tmp_path / "index.html").write_text("<head></head>", encoding="utf-8")
    state = preview_server.BuildState()
    state.publish([])
    build_name = state.current()[0]

    def gone(build, timeout):
        raise BrokenPipeError(32, "Broken pipe")  # as writing to a closed page does

    state.wait = gone
    server = preview_server.start_server(tmp_path, state, "127.0.0.1", 0)
    server.block_on_close = False
    # A second request sent on the stream's connection is never read.
    requests = (
        f"GET /__preview__/events?since={build_name}&page=/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    try:
        with socket.create_connection(server.server_address, timeout=CLIENT_SECONDS) as client:
            client.sendall(requests.encode("ascii"))
            received = b""
            while chunk := client.recv(65536):
                received += chunk
    finally:
        stop(server)
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0] == b"HTTP/1.1 200 OK"
    assert b"Content-Type: text/event-stream" in head.split(b"\r\n")
    assert body == b""
    assert state.showing() == frozenset()
