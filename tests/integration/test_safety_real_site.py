"""The real site: every page carries both safety blocks, and Get help now lists every helpline."""

from bs4 import BeautifulSoup
from conftest import ROOT

from plugins.crisis_help import load_directory


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_every_page_has_the_disclaimer_and_the_crisis_help(real_site):
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) >= 15
    for path in pages:
        page = soup(path)
        for block in ("disclaimer", "crisis-help"):
            found = page.find_all(id=block)
            assert len(found) == 1 and found[0].get_text(strip=True), (path, block)


def test_get_help_page_lists_every_helpline(real_site):
    directory = load_directory(ROOT / "content" / "data" / "helplines.yaml")
    page = soup(real_site / "get-help" / "index.html")
    listed = [h.get_text() for h in page.select(".helpline__name")]
    assert listed == [line.service for line in directory.helplines]
    regions = [h.get_text() for h in page.select(".helplines__region > h2")]
    assert regions == [region.name for region in directory.regions]
    hrefs = {a["href"] for a in page.select(".helpline__contacts a")}
    assert {
        "tel:988",
        "sms:988",
        "tel:116123",
        "tel:131114",
        "sms:+61477131114",
        "tel:1737",
        "sms:1737",
        "https://findahelpline.com/",
        "sms:85258?body=SHOUT",
        "sms:50808?body=HELLO",
        "https://www.lifeline.org.au/",
    } <= hrefs
    texts = [a.get_text() for a in page.select(".helpline__contacts a")]
    assert {"Text SHOUT to 85258", "Text HELLO to 50808"} <= set(texts)


def test_no_helpline_claims_a_verification_nobody_did(real_site):
    directory = load_directory(ROOT / "content" / "data" / "helplines.yaml")
    page = soup(real_site / "get-help" / "index.html")
    cards = page.select(".helpline")
    assert len(cards) == len(directory.helplines)
    for card, line in zip(cards, directory.helplines, strict=True):
        # Unverified entries are shown in full: numbers, source and date, and the plain fact.
        assert card.select(".helpline__contacts a"), line.service
        assert card.find("a", href=line.source), line.service
        assert "as of November 2026" in card.get_text(" ", strip=True)
        assert card.select_one(".helpline__unverified"), line.service
        assert card.select_one(".helpline__verified") is None, line.service
    assert "last checked" not in page.get_text().lower()


def test_the_block_on_every_page_shows_the_text_services_with_their_word(real_site):
    block = soup(real_site / "index.html").find(id="crisis-help")
    links = {(a["href"], a.get_text(" ", strip=True)) for a in block.select("a")}
    assert {
        ("sms:85258?body=SHOUT", "Text SHOUT to 85258"),
        ("sms:50808?body=HELLO", "Text HELLO to 50808"),
    } <= links


def test_the_chapter_on_urgent_help_has_the_strong_banner(real_site):
    page = soup(real_site / "guide" / "when-exercise-is-not-enough" / "index.html")
    assert "disclaimer--strong" in page.find(id="disclaimer")["class"]


def region_codes():
    return load_directory(ROOT / "content" / "data" / "helplines.yaml").codes


def test_every_region_entry_carries_its_code_from_the_data(real_site):
    codes = region_codes()
    for path in sorted(real_site.rglob("*.html")):
        block = soup(path).find(id="crisis-help")
        entries = block.select(".crisis-help__regions > li")
        assert entries and all(li.get("data-region") in codes for li in entries), path
    page = soup(real_site / "get-help" / "index.html")
    for entries in (page.select("nav#regions li"), page.select(".helplines__region")):
        assert [entry["data-region"] for entry in entries] == codes


def test_each_region_has_its_own_page_with_that_region_first(real_site):
    get_help = soup(real_site / "get-help" / "index.html")
    links = [a["href"] for a in get_help.select("nav#regions a")]
    assert links == [f"../get-help/{code.lower()}/" for code in region_codes()]
    for code in region_codes():
        path = real_site / "get-help" / code.lower() / "index.html"
        page = soup(path)
        name = page.select_one(f'.helplines__region[data-region="{code}"] h2').get_text()
        assert page.h1.get_text() == f"Get help now: {name}"
        assert page.title.get_text().startswith(f"Get help now: {name} | ")
        block = page.find(id="crisis-help")
        assert block.select(".crisis-help__regions > li")[0]["data-region"] == code
        assert page.select(".helplines__region")[0]["data-region"] == code
        current = page.select("nav#regions a[aria-current]")
        assert [a["href"] for a in current] == [f"../../get-help/{code.lower()}/"]
        note = block.select_one("[data-region-note]")
        assert not note.has_attr("hidden") and note.strong.get_text() == name
        assert (path.parent / note.a["href"].partition("#")[0] / "index.html").resolve() == (
            real_site / "get-help" / "index.html")  # fmt: skip
        # The page already has its region first: the script is not loaded there.
        assert not page.select('script[src$="region.js"]'), path
        # The same words as the Get help now page, and every helpline.
        assert page.select(".helpline__name") and len(page.select(".helpline")) == len(
            get_help.select(".helpline"))  # fmt: skip
        assert "The numbers below are grouped by country." in page.get_text()


def test_every_other_page_loads_the_region_script_and_hides_the_note(real_site):
    script = real_site / "theme" / "js" / "region.js"
    assert 0 < script.stat().st_size <= 2048
    for path in sorted(real_site.rglob("*.html")):
        if path.parent.parent == real_site / "get-help":
            continue
        page = soup(path)
        src = page.select_one('script[src$="/js/region.js"]')
        assert src is not None and src.has_attr("defer"), path
        assert (path.parent / src["src"]).resolve() == script, path
        assert page.select_one("[data-region-note]").has_attr("hidden"), path
