"""Keyboard use: the skip link, citations and their way back, and where focus can be seen."""

import pytest

from .site import CITATION_LINK, first_chapter_with_citations, page_paths, visit

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 360, "height": 740},
}
MAX_TAB_STOPS = 40

ACTIVE = """() => {
  const element = document.activeElement;
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    href: element.getAttribute("href"),
    className: element.className,
  };
}"""

# On screen and not under anything else (a sticky header, say), judged at the
# middle of the element's first line.
SEEN = """(element) => {
  const box = element.getClientRects()[0];
  if (!box) {
    return false;
  }
  const x = box.left + Math.min(box.width / 2, 20);
  const y = box.top + box.height / 2;
  if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) {
    return false;
  }
  const hit = document.elementFromPoint(x, y);
  return hit !== null && (hit === element || element.contains(hit));
}"""

# What a sighted keyboard user sees of the focused element: its focus indicator,
# and whether it is on screen and on top of whatever else is painted there. An
# inline link that wraps is judged by its first line.
FOCUS_STATE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) {
    return null;
  }
  const style = getComputedStyle(element);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
    && style.outlineColor !== "rgba(0, 0, 0, 0)";
  const box = element.getClientRects()[0] || element.getBoundingClientRect();
  const x = box.left + box.width / 2;
  const y = box.top + box.height / 2;
  const onScreen = box.width > 0 && box.height > 0 && x >= 0 && y >= 0
    && x <= window.innerWidth && y <= window.innerHeight;
  const hit = onScreen ? document.elementFromPoint(x, y) : null;
  return {
    element: element.outerHTML.slice(0, 100),
    indicated: outlined || style.boxShadow !== "none",
    onScreen,
    coveredBy: hit === null || hit === element || element.contains(hit)
      ? null : hit.outerHTML.slice(0, 100),
  };
}"""

# The back-link inside the reference entry that leads to this citation: the
# plugin's ids are not assumed, only that the link's target holds the citation.
BACK_LINK_INDEX = """([entry, citation]) => Array.from(entry.querySelectorAll("a[href^='#']"))
  .findIndex((link) => {
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    return target !== null && target.contains(citation);
  })"""


def open_page(open_context, viewport, path):
    context, _ = open_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    visit(page, path)
    return page


@pytest.mark.browser
def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page, site):
    for path in page_paths(site):
        visit(page, path)
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        assert active["href"] == "#main" and "skip-link" in active["className"], (path, active)
        assert page.evaluate(SEEN, page.locator(":focus").element_handle()), path
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main", path
        assert page.evaluate(ACTIVE)["id"] == "main", path


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_citation_leads_to_its_reference_and_the_back_link_returns(open_context, site, viewport):
    page = open_page(open_context, viewport, first_chapter_with_citations(site))
    citation = page.locator(CITATION_LINK).first
    href = citation.get_attribute("href")
    citation.focus()
    page.keyboard.press("Enter")

    assert page.evaluate("location.hash") == href
    entry = page.locator(":target")
    assert entry.count() == 1, f"following {href!r} targets no element"
    assert entry.get_attribute("id") == href[1:]
    assert page.evaluate(SEEN, entry.element_handle()), "the reference is off screen or covered"

    back_index = page.evaluate(BACK_LINK_INDEX, [entry.element_handle(), citation.element_handle()])
    assert back_index >= 0, f"reference {href!r} has no link back to the citation"
    back_link = entry.locator("a[href^='#']").nth(back_index)
    back_href = back_link.get_attribute("href")

    # Following a link moves the keyboard's starting point: the next Tab must
    # land in the reference, and a few more on its back-link.
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "(entry) => entry.contains(document.activeElement)", entry.element_handle()
        ), "Tab left the reference entry"
        if page.evaluate("(link) => link === document.activeElement", back_link.element_handle()):
            break
    else:
        raise AssertionError("Tab never reached the back-link")
    page.keyboard.press("Enter")

    assert page.evaluate("location.hash") == back_href
    returned_to = page.locator(":target")
    assert page.evaluate(
        "([target, citation]) => target.contains(citation)",
        [returned_to.element_handle(), citation.element_handle()],
    ), f"the back-link {back_href!r} does not return to the citation"
    assert page.evaluate(SEEN, citation.element_handle()), "the citation is off screen or covered"


def focus_path(site):
    return {
        "chapter": first_chapter_with_citations(site),
        "home": "/",
        "get help now": "/get-help/",
    }


def walk_focus(page, key, limit):
    """Press `key` up to `limit` times; return the focus state at each stop and what failed."""
    states, problems = [], []
    for _ in range(limit):
        page.keyboard.press(key)
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            break
        states.append(state)
        if not state["indicated"] or not state["onScreen"] or state["coveredBy"]:
            problems.append(f"{key}: {state}")
    return states, problems


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", ["chapter", "home", "get help now"])
def test_focus_is_always_visible_and_never_covered(open_context, site, kind, viewport):
    page = open_page(open_context, viewport, focus_path(site)[kind])
    forward, problems = walk_focus(page, "Tab", MAX_TAB_STOPS)
    assert len(forward) >= 5, f"only {len(forward)} Tab stops on the {kind} page"
    # Going back up the page is when a sticky header can cover the focus.
    page.evaluate("document.activeElement.blur()")
    backward, more_problems = walk_focus(page, "Shift+Tab", len(forward))
    assert backward, "Shift+Tab reached nothing"
    problems += more_problems
    assert not problems, f"focus not visible on the {kind} page ({viewport}):\n" + "\n".join(
        problems
    )
