"""The region script and the region pages' parts: time zones, order, URLs, the script's size."""

import pytest
from conftest import ROOT

from guidelib import make_environment
from plugins.crisis_help import load_directory, parse_directory
from plugins.crisis_help.model import put_first
from plugins.crisis_help.regions import (
    REGION_SCRIPT,
    RegionPage,
    region_folder,
    region_pages,
    region_url,
    render_script,
    script_zones,
    zone_table,
)

REAL_DATA = ROOT / "content" / "data" / "helplines.yaml"
REAL_REGIONS = ["US", "GB", "CA", "AU", "IE", "NZ", "INT"]  # CRISIS_HELP_REGIONS' default
CANADA = ["America/Toronto", "America/Vancouver", "America/Edmonton", "America/Winnipeg",
          "America/Regina", "America/Halifax", "America/St_Johns", "America/Whitehorse",
          "America/Iqaluit", "America/Moncton"]  # fmt: skip
UNITED_STATES = ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                 "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
                 "America/Indiana/Indianapolis", "America/Detroit", "America/Boise"]  # fmt: skip


@pytest.fixture(scope="module")
def env():
    return make_environment([ROOT / "theme" / "templates"])


@pytest.fixture(scope="module")
def table():
    return zone_table()


def zones_of(found, code):
    return [f"{folder}/{place}" for folder, places in found[code].items()
            for place in places.split()]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "zones"),
    [
        ("IE", ["Europe/Dublin"]),
        ("GB", ["Europe/London"]),
        ("NZ", ["Pacific/Auckland", "Pacific/Chatham"]),
        ("CA", CANADA),
        ("US", UNITED_STATES),
    ],
)
def test_each_region_has_its_time_zones_from_the_database(table, code, zones):
    found = zones_of(script_zones([code], table), code)
    assert set(zones) <= set(found)


def test_every_australian_zone_is_australia_and_no_other_region_has_one(table):
    found = script_zones(REAL_REGIONS, table)
    australian = [zone for zone in zones_of(found, "AU") if zone.startswith("Australia/")]
    assert len(australian) >= 10
    everywhere = [zone for code in REAL_REGIONS for zone in zones_of(found, code)]
    assert [zone for zone in everywhere if zone.startswith("Australia/")] == australian
    assert len(everywhere) == len(set(everywhere)), "a zone in two regions"


def test_regions_without_zones_in_the_database_have_none(table):
    assert script_zones(["INT", "XA"], table) == {"INT": {}, "XA": {}}


def test_zones_are_grouped_by_their_folder(table):
    found = script_zones(["US"], table)["US"]
    assert "Knox" in found["America/Indiana"].split()
    assert "Honolulu" in found["Pacific"].split()
    assert all("/" not in place for places in found.values() for place in places.split())


def test_the_built_script_is_at_most_2_kb(env):
    # Every region of the data is one the block shows, so the script knows them all.
    assert sorted(load_directory(REAL_DATA).codes) == sorted(REAL_REGIONS)
    script = render_script(env, REAL_REGIONS, zone_table())
    assert len(script.encode("utf-8")) <= 2048
    assert script.startswith("/*! Optional:")
    assert "Toronto" in script and "Dublin" in script


def test_the_script_knows_only_the_regions_it_is_given(env, table):
    script = render_script(env, ["XA", "GB"], table)
    assert '"GB":{"Europe":"London"}' in script
    assert '"XA":{}' in script
    assert "Dublin" not in script and "Toronto" not in script
    # Without an "anywhere else" region, an unmatched reader keeps the site's order.
    assert ":null)" in script
    assert ':"INT")' in render_script(env, ["GB", "INT"], table)


def test_the_script_asks_only_intl_and_sends_or_stores_nothing(env, table):
    script = render_script(env, REAL_REGIONS, table)
    for api in (
        "fetch",
        "XMLHttpRequest",
        "sendBeacon",
        "WebSocket",
        "cookie",
        "Storage",
        "indexedDB",
        "navigator",
        "import(",
        "http",
        "location",
        "innerHTML",
    ):
        assert api not in script, api
    assert "Intl.DateTimeFormat()" in script and "Intl.Locale" in script


def test_put_first_moves_or_adds_a_code_and_keeps_the_rest_in_order():
    assert put_first(["US", "GB", "IE"], "IE") == ["IE", "US", "GB"]
    assert put_first(["US", "GB"], "NZ") == ["NZ", "US", "GB"]
    assert put_first(["US", "GB"], None) == ["US", "GB"]


@pytest.mark.parametrize(
    ("get_help_url", "folder"),
    [("get-help/", "get-help/"), ("help/get-help.html", "help/get-help/")],
)
def test_region_pages_go_in_the_get_help_pages_folder(get_help_url, folder):
    assert region_folder(get_help_url) == folder
    assert region_url(get_help_url, "IE") == f"{folder}ie/"


class FakePage:
    url = "get-help/"
    title = "Get help <em>now</em>"
    summary = "Summary."
    metadata = {"title": "Get help now"}

    @property
    def content(self):
        return "<p>Words.</p>"


def test_a_region_page_is_the_get_help_page_for_one_region():
    directory = parse_directory(REAL_DATA.read_text(encoding="utf-8"), "helplines.yaml")
    pages = region_pages(FakePage(), directory, "get-help")
    assert [page.save_as for page in pages] == [
        f"get-help/{code.lower()}/index.html" for code in directory.codes]  # fmt: skip
    ireland = pages[directory.codes.index("IE")]
    assert str(ireland.title) == "Get help <em>now</em>: Ireland"
    assert (ireland.content, ireland.summary, ireland.template) == (
        "<p>Words.</p>",
        "Summary.",
        "get-help",
    )
    assert not hasattr(ireland, "source_path")


def test_a_region_name_in_a_page_title_is_escaped():
    region = parse_directory(
        "regions:\n  - code: XB\n    name: Region <B>\n    emergency: []\nhelplines: []\n", "h"
    ).regions[0]
    page = RegionPage(FakePage(), region, "get-help/xb/", "get-help")
    assert str(page.title) == "Get help <em>now</em>: Region &lt;B&gt;"


def test_the_script_goes_in_the_themes_js_folder():
    assert REGION_SCRIPT == "js/region.js"
    assert (ROOT / "theme" / "templates" / "partials" / "region.js").is_file()
    assert not (ROOT / "theme" / "static" / REGION_SCRIPT).exists()
