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
    assert {"tel:988", "sms:988", "tel:116123", "tel:131114", "sms:+61477131114",
            "tel:1737", "sms:1737", "https://findahelpline.com/"} <= hrefs


def test_the_chapter_on_urgent_help_has_the_strong_banner(real_site):
    page = soup(real_site / "guide" / "when-exercise-is-not-enough" / "index.html")
    assert "disclaimer--strong" in page.find(id="disclaimer")["class"]
