"""The whole guide on one page, printed: a booklet from chromium's own print.

In print emulation the page shows no navigation, starts each chapter on a
new page and writes each web link's address after it. Printed to PDF
(``page.pdf``) and read back with pdftotext (poppler-utils), the booklet
has the eight chapter titles in order, each at the top of its own page, and
the crisis help on its first and its last page.
"""

import re
import shutil
import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe

from .site import WHOLE_GUIDE, chapter_paths, read, visit
from .test_accessibility import AXE_OPTIONS, describe

CRISIS_TITLE = "Need help now?"

# What print emulation shows: navigation, the page breaks, the written-out links.
LOOK = """() => {
  const shown = (el) => el.checkVisibility();
  const chrome = [".site-header nav", ".site-footer nav", ".skip-link", ".crisis-bar",
                  ".whole-guide__contents", ".whole-guide__own-page"];
  const web = [...document.querySelectorAll("main a[href^='http'], .sidebar a[href^='http']")];
  return {
    chrome: chrome.filter((s) => [...document.querySelectorAll(s)].some(shown)),
    breaks: [...document.querySelectorAll(".whole-guide__chapter")].map(
      (el) => getComputedStyle(el).breakBefore),
    references: getComputedStyle(document.querySelector(".whole-guide__references")).breakBefore,
    web: web.length,
    unwritten: web.filter((a) => !getComputedStyle(a, "::after").content.includes(a.href))
      .map((a) => a.href),
    crisis: ["#crisis-help", "#crisis-help-end"].map((s) => shown(document.querySelector(s))),
  };
}"""


def chapter_titles(site):
    """The chapters' titles in reading order, from the page itself."""
    titles = [
        h.get_text(" ", strip=True)
        for h in read(site, WHOLE_GUIDE).select("article.whole-guide__chapter > header h2")
    ]
    assert len(titles) == 8, titles
    return titles


def words(text):
    return " ".join(text.split())


@pytest.mark.browser
def test_print_emulation_hides_navigation_breaks_pages_and_writes_out_links(open_context):
    context, _ = open_context()
    page = context.new_page()
    page.emulate_media(media="print")
    visit(page, WHOLE_GUIDE)
    look = page.evaluate(LOOK)
    assert look["chrome"] == [], look["chrome"]
    assert look["breaks"] == ["page"] * 8, look["breaks"]
    assert look["references"] == "page"
    assert look["web"] > 10, look
    assert look["unwritten"] == [], look["unwritten"]
    assert look["crisis"] == [True, True]


@pytest.fixture(scope="module")
def booklet(browser, server, tmp_path_factory):
    """The whole guide printed to PDF by chromium, as text: one string per printed page."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: ./bootstrap --test installs poppler-utils"
    context = browser.new_context(base_url=server.origin)
    page = context.new_page()
    visit(page, WHOLE_GUIDE)
    pdf = tmp_path_factory.mktemp("booklet") / "guide.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    context.close()
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # pdftotext ends every page with a form feed.
    return [words(page) for page in text.split("\f")[:-1]]


@pytest.mark.browser
def test_the_printed_booklet_has_the_eight_chapter_titles_in_order(booklet, site):
    titles = chapter_titles(site)
    # A chapter's title is named in other chapters too; as a heading it
    # follows the chapter's number.
    headings = [f"Chapter {n} of 8 {words(title)}" for n, title in enumerate(titles, 1)]
    whole = " ".join(booklet)
    positions = [whole.find(heading) for heading in headings]
    assert all(p >= 0 for p in positions), list(zip(headings, positions, strict=True))
    assert positions == sorted(positions), list(zip(headings, positions, strict=True))
    # Each chapter starts a new page, with its number and title at the top.
    starts = [page for page in booklet if re.match(r"Chapter \d of 8 ", page)]
    assert len(starts) == 8, [page[:60] for page in starts]
    for start, heading in zip(starts, headings, strict=True):
        assert start.startswith(heading), (heading, start[:120])


@pytest.mark.browser
def test_the_crisis_help_is_on_the_first_and_the_last_printed_page(booklet):
    assert len(booklet) > 8
    assert CRISIS_TITLE in booklet[0], booklet[0][:400]
    assert "Disclaimer" in booklet[0] or "disclaimer" in booklet[0], booklet[0][:400]
    assert CRISIS_TITLE in booklet[-1], booklet[-1][:400]
    # Between them, the crisis help is printed nowhere else.
    assert not any(CRISIS_TITLE in page for page in booklet[1:-1])


@pytest.mark.browser
def test_the_printed_booklet_writes_out_the_references_addresses(booklet):
    references = next(page for page in booklet if page.startswith("References"))
    # citations.css writes an identifier link out as <address>.
    assert "<https://doi.org/10." in references, references[:400]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_whole_guide_passes_axe(open_context, scheme):
    context, _ = open_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    visit(page, WHOLE_GUIDE)
    response = Axe().run(page, options=AXE_OPTIONS).response
    problems = [describe(f"{WHOLE_GUIDE} ({scheme})", v) for v in response["violations"]]
    assert not problems, "\n".join(problems)


def test_the_chapters_are_not_counted_with_the_whole_guide(site):
    assert WHOLE_GUIDE not in chapter_paths(site)
    assert len(chapter_paths(site)) == 8
