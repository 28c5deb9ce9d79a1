"""Privacy: reading the site contacts no one else, stores nothing, and breaks no policy."""

from urllib.parse import urlsplit

import pytest

from .recorder import Recorder
from .server import SiteServer, served_headers
from .site import page_paths, visit

STORAGE = "() => [document.cookie, localStorage.length, sessionStorage.length]"


def browse(page, paths):
    """Visit each path as a reader would, including printing it; return what it stored."""
    stored = []
    for path in paths:
        visit(page, path)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        # A print stylesheet can fetch what the screen never shows.
        page.emulate_media(media="print")
        page.wait_for_load_state("networkidle")
        page.emulate_media(media="screen")
        cookie, local_items, session_items = page.evaluate(STORAGE)
        if cookie or local_items or session_items:
            stored.append(
                f"{path}: cookie {cookie!r}, {local_items} localStorage items, "
                f"{session_items} sessionStorage items"
            )
    return stored


def leaks(recorder, origin):
    return [url for url in recorder.requests if not url.startswith(origin + "/")]


def offline(context, origin):
    """Answer any request for another host with a network error: tests never leave the machine."""
    context.route(lambda url: not url.startswith(origin + "/"), lambda route: route.abort())


@pytest.mark.browser
def test_browsing_every_page_contacts_no_other_host_and_stores_nothing(open_context, site, server):
    # The policy is bypassed here, so a request it would block still shows up.
    context, recorder = open_context(bypass_csp=True)
    offline(context, server.origin)
    stored = browse(context.new_page(), page_paths(site))
    assert len(recorder.requests) >= len(page_paths(site))
    assert not leaks(recorder, server.origin), "requests to other hosts"
    assert not stored
    assert context.cookies() == []
    assert not recorder.failed, "failed requests:\n" + "\n".join(sorted(set(recorder.failed)))
    assert not recorder.console_errors, "console errors:\n" + "\n".join(recorder.console_errors)


@pytest.mark.browser
def test_the_published_policy_blocks_nothing_on_any_page(open_context, site, server):
    context, recorder = open_context()
    offline(context, server.origin)
    browse(context.new_page(), page_paths(site))
    assert not recorder.csp_violations, "CSP violations:\n" + "\n".join(recorder.csp_violations)
    assert not recorder.console_errors, "console errors:\n" + "\n".join(recorder.console_errors)


@pytest.mark.browser
def test_the_icon_browsers_ask_for_is_served(open_context, site):
    # Browsers fetch /favicon.ico unless a page names its icon; a 404 there is a
    # console error on every host.
    context, _ = open_context()
    page = context.new_page()
    missing = set()
    for path in page_paths(site):
        visit(page, path)
        icon = page.evaluate(
            "() => (document.querySelector('link[rel~=icon]') || {href: '/favicon.ico'}).href"
        )
        if not context.request.get(icon).ok:
            missing.add(urlsplit(icon).path)
    assert not missing, f"icons not served: {sorted(missing)}"


LEAKY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Leaky</title>
<link rel="stylesheet" href="http://198.51.100.7/font.css"></head>
<body><p style="color: red">Tracked.</p>
<script src="tracker.js"></script></body></html>
"""
TRACKER = "localStorage.setItem('seen', '1'); document.cookie = 'id=1; path=/'; console.error('x');"


@pytest.mark.browser
def test_these_checks_catch_a_page_that_leaks(browser, tmp_path):
    (tmp_path / "index.html").write_text(LEAKY_PAGE, encoding="utf-8")
    (tmp_path / "tracker.js").write_text(TRACKER, encoding="utf-8")
    with SiteServer(tmp_path, served_headers(tmp_path)) as server:
        bypassed = browser.new_context(base_url=server.origin, bypass_csp=True)
        recorder = Recorder(bypassed)
        offline(bypassed, server.origin)
        stored = browse(bypassed.new_page(), ["/"])
        assert leaks(recorder, server.origin) == ["http://198.51.100.7/font.css"]
        assert stored and bypassed.cookies()
        assert recorder.console_errors
        bypassed.close()

        enforced = browser.new_context(base_url=server.origin)
        recorder = Recorder(enforced)
        offline(enforced, server.origin)
        browse(enforced.new_page(), ["/"])
        blocked = " ".join(recorder.csp_violations)
        assert "style-src" in blocked and "198.51.100.7" in blocked
        enforced.close()
