"""The reader's region first: decided in the browser from its time zone and language.

Each case opens a context with Playwright's ``timezone_id`` and ``locale``
(which Chromium reports through Intl) on a phone-sized screen, with the
published security policy, and checks the order of the crisis-help block
and of the Get help now page, the note, what the page asked of the network
and stored, and that the crisis help stays on the first screen. Without
JavaScript every page keeps the site's order.
"""

from importlib.resources import files

import pytest

from plugins.crisis_help.regions import zone_table

from .site import read, visit
from .test_layout import HELP_ENTRY_POINTS
from .test_privacy import STORAGE, leaks, offline

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
PAGES = ["/", "/guide/why-movement-helps/", "/get-help/"]

# (time zone, language, the region that should come first)
CASES = [
    ("Europe/Dublin", "en-IE", "IE"),
    ("Europe/London", "en-GB", "GB"),
    ("Australia/Sydney", "en-AU", "AU"),
    ("Australia/Perth", "en-AU", "AU"),
    ("America/Toronto", "en-CA", "CA"),
    ("America/Vancouver", "fr-CA", "CA"),
    ("Pacific/Auckland", "en-NZ", "NZ"),
    ("America/New_York", "en-US", "US"),
    ("America/Los_Angeles", "es-US", "US"),
    ("Pacific/Honolulu", "en-US", "US"),
    # The browser names this zone America/Indianapolis: matched by its own name.
    ("America/Indiana/Indianapolis", "en-US", "US"),
    # The time zone comes before the language.
    ("Europe/Dublin", "en-US", "IE"),
    # No zone of a region: the language's region decides.
    ("UTC", "en-NZ", "NZ"),
    ("Asia/Singapore", "en-GB", "GB"),
    # Neither: "anywhere else" first.
    ("Asia/Tokyo", "ja-JP", "INT"),
    ("UTC", "en", "INT"),
]

ORDER = "(selector) => Array.from(document.querySelectorAll(selector), (e) => e.dataset.region)"
BLOCK_ENTRIES = "#crisis-help .crisis-help__regions > [data-region]"
DIRECTORY_LISTS = ["nav#regions li[data-region]", ".helplines > [data-region]"]
NOTE = """() => {
  const note = document.querySelector("#crisis-help [data-region-note]");
  return {shown: note.checkVisibility(), text: note.textContent.replace(/\\s+/g, " ").trim()};
}"""
# The first contact link of the first region, after following the header's jump link.
FIRST_CONTACT = """() => {
  const link = document.querySelector("#crisis-help .crisis-help__region a");
  const box = link.getBoundingClientRect();
  return {region: link.closest("[data-region]").dataset.region,
          inView: box.top >= 0 && box.bottom <= window.innerHeight && box.width > 0};
}"""


def site_order(site, path, selector):
    """The order of the entries in the page as built (and without JavaScript)."""
    return [entry["data-region"] for entry in read(site, path).select(selector)]


def first(code, order):
    return [code, *(other for other in order if other != code)]


def region_name(site, code):
    return read(site, "/get-help/").select_one(f'.helplines__region[data-region="{code}"] h2')


@pytest.mark.browser
@pytest.mark.parametrize(("zone", "language", "code"), CASES)
def test_the_readers_region_comes_first_and_the_note_names_it(
    open_context, site, server, zone, language, code
):
    context, recorder = open_context(timezone_id=zone, locale=language, **PHONE)
    offline(context, server.origin)
    page = context.new_page()
    name = region_name(site, code).get_text()
    for path in PAGES:
        visit(page, path)
        assert page.evaluate(ORDER, BLOCK_ENTRIES) == first(
            code, site_order(site, path, BLOCK_ENTRIES)
        ), path
        assert page.evaluate(NOTE) == {
            "shown": True,
            "text": f"Shown first: {name}. Choose another country",
        }, path
    for selector in DIRECTORY_LISTS:
        assert page.evaluate(ORDER, selector) == first(
            code, site_order(site, "/get-help/", selector)
        ), selector
    # The note's link leads to the list of region pages, and that one to the region's page.
    page.click("#crisis-help [data-region-note] a")
    assert page.url == server.url("/get-help/#regions")
    page.click(f'nav#regions li[data-region="{code}"] a')
    assert page.url == server.url(f"/get-help/{code.lower()}/")
    assert page.evaluate(ORDER, ".helplines > [data-region]")[0] == code

    cookie, local_items, session_items = page.evaluate(STORAGE)
    assert (cookie, local_items, session_items) == ("", 0, 0)
    assert context.cookies() == []
    assert not leaks(recorder, server.origin), "requests to other hosts"
    assert not recorder.csp_violations, recorder.csp_violations
    assert not recorder.console_errors, recorder.console_errors
    # Following a link cancels what the page was still fetching (its icon): not a failure.
    failed = [failure for failure in recorder.failed if not failure.endswith("ERR_ABORTED")]
    assert not failed, failed


@pytest.mark.browser
@pytest.mark.parametrize(("zone", "language", "code"), CASES[:8] + CASES[-2:-1])
def test_the_crisis_help_stays_on_the_first_screen_of_a_phone(
    open_context, site, zone, language, code
):
    context, _ = open_context(timezone_id=zone, locale=language, **PHONE)
    page = context.new_page()
    for path in ["/", "/get-help/", f"/get-help/{code.lower()}/"]:
        visit(page, path)
        entry_points = page.evaluate(HELP_ENTRY_POINTS)
        assert entry_points and all(entry["onFirstScreen"] for entry in entry_points), path
        page.click("header a.crisis-bar__link")
        page.wait_for_function("location.hash === '#crisis-help'")
        # After the jump, the reader's own numbers are the first thing on the screen.
        assert page.evaluate(FIRST_CONTACT) == {"region": code, "inView": True}, path


def zones_in_folder(folder):
    """Every zone name the database has under ``folder`` (links such as Australia/ACT too)."""
    return sorted(
        f"{folder}/{item.name}" for item in files("tzdata").joinpath("zoneinfo", folder).iterdir()
        if item.is_file() and not item.name.startswith("_")
    )  # fmt: skip


@pytest.mark.browser
@pytest.mark.parametrize(
    ("code", "zones"),
    [
        ("AU", zones_in_folder("Australia")),
        ("CA", zone_table()["CA"] + zones_in_folder("Canada")),
        # US/Samoa is American Samoa's zone: the database files it under AS.
        ("US", zone_table()["US"] + [z for z in zones_in_folder("US") if z != "US/Samoa"]),
        ("NZ", ["Pacific/Auckland", "Pacific/Chatham", "NZ", "NZ-CHAT"]),
        ("GB", ["Europe/London", "GB", "Europe/Belfast"]),
        ("IE", ["Europe/Dublin", "Eire"]),
    ],
    ids=["Australia-all", "Canada-all", "United-States-all", "NZ", "GB", "IE"],
)
def test_every_zone_of_a_region_puts_it_first(browser, site, code, zones):
    # The block and the built script alone, in one page whose time zone is
    # switched through the DevTools protocol (what timezone_id does for a
    # context), since a context per zone would take a second each. A
    # language that names no region, so only the time zone can decide.
    block = str(read(site, "/").find(id="crisis-help"))
    script = str(site / "theme" / "js" / "region.js")
    context = browser.new_context(locale="en")
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    wrong = []
    for zone in zones:
        devtools.send("Emulation.setTimezoneOverride", {"timezoneId": zone})
        page.set_content(f"<!DOCTYPE html><title>Zone</title>{block}")
        reported = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
        page.add_script_tag(path=script)
        chosen = page.evaluate(ORDER, BLOCK_ENTRIES)[0]
        if chosen != code or reported == "UTC":
            wrong.append(f"{zone} (reported as {reported}): {chosen}")
    context.close()
    assert len(zones) >= 2
    assert not wrong, f"zones that did not put {code} first: {wrong}"


@pytest.mark.browser
def test_without_javascript_every_page_keeps_the_sites_order(open_context, site):
    context, _ = open_context(
        java_script_enabled=False, timezone_id="Europe/Dublin", locale="en-IE", **PHONE
    )
    page = context.new_page()
    for path in PAGES:
        visit(page, path)
        assert page.evaluate("typeof document.body") == "object"  # the page is there
        order = [li.get_attribute("data-region") for li in page.locator(BLOCK_ENTRIES).all()]
        assert order == site_order(site, path, BLOCK_ENTRIES) and order[0] == "US", path
        assert page.locator("#crisis-help [data-region-note]").is_hidden(), path
        assert page.locator("#crisis-help a[href^='tel:']").count() >= 6, path
    for selector in DIRECTORY_LISTS:
        order = [entry.get_attribute("data-region") for entry in page.locator(selector).all()]
        assert order == site_order(site, "/get-help/", selector)
    # A region page needs no script for its region to come first.
    visit(page, "/get-help/ie/")
    assert page.locator(BLOCK_ENTRIES).first.get_attribute("data-region") == "IE"
    assert page.locator(".helplines > [data-region]").first.get_attribute("data-region") == "IE"
    note = page.locator("#crisis-help [data-region-note]")
    assert note.is_visible() and " ".join(note.inner_text().split()) == (
        "Shown first: Ireland. Choose another country"
    )
