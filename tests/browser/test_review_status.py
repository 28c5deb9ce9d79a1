"""The draft notice in the browser: every real chapter says no clinician has reviewed it.

It must be seen before the chapter's text, in light and dark, at 320 px and on
paper, and pass axe like the rest of the page.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .site import chapter_paths
from .test_accessibility import AXE_OPTIONS, describe

NOTICE = "Not yet reviewed by a clinician"

# Where the notice is and how it looks, and where the chapter's text starts.
LOOK = """() => {
  const notice = document.getElementById("review-status");
  const body = document.querySelector("#key-points") || document.querySelector("main h2");
  const style = getComputedStyle(notice);
  const box = notice.getBoundingClientRect();
  return {
    status: notice.dataset.reviewStatus,
    shown: notice.checkVisibility({visibilityProperty: true, opacityProperty: true})
      && box.width > 1 && box.height > 1,
    before: !!(notice.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING),
    above: box.bottom <= body.getBoundingClientRect().top + 1,
    left: box.left,
    right: box.right,
    color: style.color,
    background: style.backgroundColor,
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_chapter_shows_the_draft_notice_first_at_320_px(open_context, site, scheme):
    context, _ = open_context(color_scheme=scheme, viewport={"width": 320, "height": 740})
    page = context.new_page()
    found = chapter_paths(site)
    assert len(found) == 8, found
    for path in found:
        page.goto(path)
        look = page.evaluate(LOOK)
        assert look["status"] == "draft", path
        assert look["shown"] and look["before"] and look["above"], (path, look)
        assert look["left"] >= 0 and look["right"] <= 320, (path, look)
        assert page.locator("#review-status").get_by_text(NOTICE).count() == 1, path


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_notice_passes_axe_in_both_schemes(open_context, site, scheme):
    context, _ = open_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.goto(chapter_paths(site)[0])
    response = Axe().run(page, context="#review-status", options=AXE_OPTIONS).response
    problems = [describe(f"#review-status ({scheme})", v) for v in response["violations"]]
    assert not problems, "\n".join(problems)
    ran = {
        rule["id"]
        for kind in ("violations", "passes", "incomplete", "inapplicable")
        for rule in response[kind]
    }
    assert "color-contrast" in ran, scheme


@pytest.mark.browser
def test_the_notice_prints(open_context, site):
    context, _ = open_context()
    page = context.new_page()
    page.goto(chapter_paths(site)[0])
    page.emulate_media(media="print")
    look = page.evaluate(LOOK)
    assert look["shown"] and look["before"], look
    assert look["color"] == "rgb(0, 0, 0)", look
