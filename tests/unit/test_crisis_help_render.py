"""Rendering the crisis-help furniture with the theme's partials, and the page check."""

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from guidelib import make_environment
from plugins.crisis_help import parse_directory
from plugins.crisis_help.render import render_bar, render_block, render_directory

DATA = """\
regions:
  - code: XA
    name: Region A
    emergency: ["112", "999"]
  - code: XB
    name: Region <B>
    emergency: ["000"]
  - code: INT
    name: Anywhere else
    emergency: []
helplines:
  - region: XA
    service: <script>alert(1)</script> & friends
    website: https://a.example.org/?a=1&b=2
    phone:
      - local: "116 123"
        international: null
    text:
      - local: "0477 13 11 14"
        international: "+61 477 131 114"
    chat: https://a.example.org/chat/
    hours: <b>Always</b>
    languages: [English, <i>French</i>]
    notes: Free & private.
    source: https://a.example.org/source/
    as_of: 2026-11-01
    verified_by: editor-one
    verified_on: 2026-11-22
  - region: XB
    service: Line B
    website: https://b.example.org/
    phone:
      - local: "988"
        international: null
    text:
      - local: "85258"
        international: null
        message: <SHOUT>
    chat: null
    hours: Evenings
    languages: [English]
    source: https://b.example.org/
    as_of: 2026-01-05
  - region: INT
    service: Directory
    website: https://directory.example.org/
    phone: []
    text: []
    chat: null
    source: https://directory.example.org/
    as_of: 2026-11-01
"""


@pytest.fixture(scope="module")
def env():
    return make_environment([ROOT / "theme" / "templates"])


@pytest.fixture(scope="module")
def directory():
    return parse_directory(DATA, "helplines.yaml")


def soup(markup):
    return BeautifulSoup(str(markup), "lxml")


URLS = {"XA": "/get-help/xa/", "XB": "/get-help/xb/", "INT": "/get-help/int/"}


def directory_page(env, directory, first=None):
    return soup(render_directory(env, directory, URLS, first))


def test_block_escapes_text_from_the_data(env, directory):
    html = str(render_block(env, directory, ["XA", "XB"], "../get-help/"))
    page = soup(html)
    assert page.find("script") is None
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in html
    service = page.select_one(".crisis-help__service").get_text()
    assert service == "<script>alert(1)</script> & friends"
    assert "Region <B>" in page.get_text()


def test_block_has_tel_and_sms_links_with_the_number_written_out(env, directory):
    page = soup(render_block(env, directory, ["XA"], "../get-help/"))
    links = [(a["href"], a.get_text(" ", strip=True)) for a in page.select(".crisis-help__links a")]
    assert links == [("tel:116123", "Call 116 123"), ("sms:+61477131114", "Text 0477 13 11 14")]
    emergency = [(a["href"], a.get_text()) for a in page.select(".crisis-help__emergency a")]
    assert emergency == [("tel:112", "112"), ("tel:999", "999")]
    assert page.select_one(".crisis-help__more a")["href"] == "../get-help/"


def test_block_follows_the_configured_region_order(env, directory):
    page = soup(render_block(env, directory, ["INT", "XB", "XA"], "/get-help/"))
    names = [span.get_text() for span in page.select(".crisis-help__region-name")]
    assert names == ["Anywhere else", "Region <B>", "Region A"]
    anywhere = page.select(".crisis-help__region")[0]
    assert anywhere.select_one("a")["href"] == "https://directory.example.org/"
    assert anywhere.select_one("a")["rel"] == ["noopener", "noreferrer"]
    assert "your local emergency number" in anywhere.get_text()


def test_block_has_the_stable_id_a_heading_and_safe_wording(env, directory):
    block = soup(render_block(env, directory, ["XA"], "/get-help/")).find(id="crisis-help")
    assert block["aria-labelledby"] == "crisis-help-title"
    assert block.find(id="crisis-help-title").get_text() == "Need help now?"
    assert "You do not have to go through this alone." in block.get_text()


def test_bar_jumps_to_the_block(env):
    bar = soup(render_bar(env))
    assert bar.select_one("a.crisis-bar__link")["href"] == "#crisis-help"


def test_directory_lists_every_entry_grouped_in_file_order(env, directory):
    page = directory_page(env, directory)
    regions = page.select("section.helplines__region")
    assert [r["id"] for r in regions] == ["region-xa", "region-xb", "region-int"]
    assert [[h.get_text() for h in r.select(".helpline__name")] for r in regions] == [
        ["<script>alert(1)</script> & friends"],
        ["Line B"],
        ["Directory"],
    ]
    first = regions[0].select_one(".helpline")
    hrefs = [a["href"] for a in first.select(".helpline__contacts a")]
    assert hrefs == [
        "tel:116123",
        "sms:+61477131114",
        "https://a.example.org/chat/",
        "https://a.example.org/?a=1&b=2",
    ]
    details = [d.get_text(" ", strip=True) for d in first.select("dd")]
    assert details == [
        "<b>Always</b>",
        "English, <i>French</i>",
        "Free & private.",
        "a.example.org/source , as of November 2026",
        "22 November 2026",
    ]
    assert [t["datetime"] for t in first.select("time")] == ["2026-11", "2026-11-22"]
    assert first.select_one(".helpline__verified") is not None
    for link in page.select('a[href^="http"]'):
        assert link["rel"] == ["noopener", "noreferrer"], link
    assert page.find("b") is None and page.find("i") is None
    nav = [(li["data-region"], li.a["href"]) for li in page.select("nav#regions li")]
    assert nav == [("XA", "/get-help/xa/"), ("XB", "/get-help/xb/"), ("INT", "/get-help/int/")]
    assert page.select_one("nav#regions [aria-current]") is None
    assert [r["data-region"] for r in regions] == ["XA", "XB", "INT"]


def test_an_unverified_entry_is_shown_in_full_and_says_it_is_unchecked(env, directory):
    line_b = directory_page(env, directory).select(".helpline")[1]
    hrefs = [a["href"] for a in line_b.select(".helpline__contacts a")]
    assert hrefs == ["tel:988", "sms:85258?body=%3CSHOUT%3E", "https://b.example.org/"]
    assert [a.get_text() for a in line_b.select(".helpline__contacts a")][1] == (
        "Text <SHOUT> to 85258"
    )
    terms = [dt.get_text() for dt in line_b.select("dt")]
    assert terms == [
        "Hours",
        "Languages",
        "Where these details come from",
        "Confirmed with the service",
    ]
    assert line_b.select_one(".helpline__unverified").get_text() == (
        "Not yet: nobody on our team has confirmed these details with the service."
    )
    assert [t["datetime"] for t in line_b.select("time")] == ["2026-01"]


def test_optional_details_are_left_out_when_the_data_has_none(env, directory):
    anywhere = directory_page(env, directory).select(".helpline")[2]
    terms = [dt.get_text() for dt in anywhere.select("dt")]
    assert terms == ["Where these details come from", "Confirmed with the service"]


def test_block_says_which_word_to_text(env, directory):
    page = soup(render_block(env, directory, ["XB"], "/get-help/"))
    links = [(a["href"], a.get_text(" ", strip=True)) for a in page.select(".crisis-help__links a")]
    assert links == [
        ("tel:988", "Call 988"),
        ("sms:85258?body=%3CSHOUT%3E", "Text <SHOUT> to 85258"),
    ]


def test_directory_gives_every_region_its_emergency_number(env, directory):
    page = directory_page(env, directory)
    sentences = [p.get_text() for p in page.select(".helplines__emergency")]
    assert sentences == [
        "If you or someone else is in danger right now, call 112 or 999.",
        "If you or someone else is in danger right now, call 000.",
        "If you or someone else is in danger right now, call your local emergency number.",
    ]


def test_the_block_check_cannot_be_dropped_with_the_site_audit_plugin():
    from plugins.crisis_help.crisis_help import require_on_every_page
    from plugins.site_audit import MissingAuditError, required_blocks

    settings = {"PLUGINS": ["plugins.crisis_help", "plugins.site_audit"]}
    require_on_every_page(settings)
    assert [block.name for block in required_blocks(settings)] == ["the crisis-help block"]
    with pytest.raises(MissingAuditError, match="add 'plugins.site_audit' to PLUGINS"):
        require_on_every_page({"PLUGINS": ["plugins.crisis_help"]})


def test_every_region_entry_of_the_block_carries_its_code(env, directory):
    page = soup(render_block(env, directory, ["XB", "XA", "INT"], "/get-help/"))
    entries = page.select(".crisis-help__regions > li")
    assert [li["data-region"] for li in entries] == ["XB", "XA", "INT"]
    assert [li.select_one("[data-region-name]").get_text() for li in entries] == [
        "Region <B>", "Region A", "Anywhere else"]  # fmt: skip


def test_the_note_is_hidden_until_the_region_script_fills_it(env, directory):
    note = soup(render_block(env, directory, ["XA"], "../get-help/")).select_one(
        "[data-region-note]")  # fmt: skip
    assert note.has_attr("hidden")
    assert note.select_one("[data-region-chosen]").get_text() == ""
    assert note.a["href"] == "../get-help/#regions"


def test_a_region_page_lists_its_region_first_and_says_so(env, directory):
    region_b = directory.regions[1]
    page = soup(render_block(env, directory, ["XA", "XB", "INT"], "/get-help/", region_b))
    assert [li["data-region"] for li in page.select("[data-region]")] == ["XB", "XA", "INT"]
    note = page.select_one("[data-region-note]")
    assert not note.has_attr("hidden")
    assert note.get_text(" ", strip=True) == ("Shown first: Region <B> . Choose another country")
    assert "Region &lt;B&gt;" in str(render_block(env, directory, ["XA"], "/", region_b))

    listing = directory_page(env, directory, region_b)
    assert [s["data-region"] for s in listing.select("section.helplines__region")] == [
        "XB", "XA", "INT"]  # fmt: skip
    current = listing.select("nav#regions [aria-current]")
    assert [(a["href"], a["aria-current"]) for a in current] == [("/get-help/xb/", "page")]


def test_a_region_page_for_a_region_the_block_does_not_show_still_puts_it_first(env, directory):
    page = soup(render_block(env, directory, ["XA"], "/get-help/", directory.regions[2]))
    assert [li["data-region"] for li in page.select("[data-region]")] == ["INT", "XA"]


def test_a_second_block_on_one_page_has_ids_of_its_own(env, directory):
    page = soup(render_block(env, directory, ["XA"], "/get-help/", block_id="crisis-help-end"))
    assert page.find(id="crisis-help") is None and page.find(id="crisis-help-title") is None
    block = page.find(id="crisis-help-end")
    assert block["aria-labelledby"] == "crisis-help-end-title"
    assert block.find(id="crisis-help-end-title").get_text() == "Need help now?"
