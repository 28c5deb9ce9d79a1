"""Fixtures for the browser tests: the real site on a free localhost port, and a chromium.

Playwright drives the browser that sitebuild.browser finds (Debian's
chromium, then an installed Google Chrome or Chromium, then Playwright's own
chromium) through `executable_path`; the tests never download one. The
session's header names the browser used. A missing browser is an error,
never a skip.
"""

import functools

import pytest
from playwright.sync_api import sync_playwright

from sitebuild.browser import find_browser, missing_message

from .recorder import Recorder
from .server import SiteServer, served_headers

# Flags that let chromium run as root on a machine with no network, and stop it
# from calling home (updates, sync, field trials), which the privacy test would see.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@functools.cache
def chosen_browser():
    return find_browser()


def pytest_report_collectionfinish(config, start_path, items):
    """Name the browser in the session's header, once, when browser tests will run."""
    if any(item.get_closest_marker("browser") for item in items):
        found = chosen_browser()
        return f"browser tests: {found}" if found else f"browser tests: {missing_message()}"
    return None


@pytest.fixture(scope="session")
def site(real_site):
    """The built site every browser test visits."""
    return real_site


@pytest.fixture(scope="session")
def server(site):
    """The site on 127.0.0.1, on a free port, with its published headers (and CSP)."""
    with SiteServer(site, served_headers(site)) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    found = chosen_browser()
    assert found, missing_message()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=found.path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_context(browser, server):
    """`open_context(**options)` opens a context on the test server; returns it and its Recorder."""
    contexts = []

    def opener(**options):
        context = browser.new_context(base_url=server.origin, **options)
        contexts.append(context)
        return context, Recorder(context)

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_context):
    """A page in a fresh desktop-sized context, served with the real policy."""
    context, _ = open_context(viewport={"width": 1280, "height": 800})
    return context.new_page()
