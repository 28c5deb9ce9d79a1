"""Layout on a small phone, a common phone and a desktop, on every page."""

import pytest

from .site import page_paths, visit

# Scrolls as far right as the page allows: on a page that fits, nothing moves.
SIDEWAYS_SCROLL = """() => {
  window.scrollTo(10000, 0);
  return {
    scrollX: window.scrollX,
    documentWidth: document.documentElement.scrollWidth,
    viewportWidth: document.documentElement.clientWidth,
  };
}"""

# The header's ways to crisis help: links to the Get help now page, and links
# to the crisis help in the sidebar (found by where they lead, not by class).
HELP_ENTRY_POINTS = """() => {
  const sidebar = document.querySelector("aside");
  const leadsToHelp = (link) => {
    const url = new URL(link.href);
    if (url.pathname === "/get-help/" && !url.hash) {
      return true;
    }
    const target = url.pathname === location.pathname && url.hash
      ? document.getElementById(decodeURIComponent(url.hash.slice(1))) : null;
    return target !== null && sidebar !== null && sidebar.contains(target);
  };
  return Array.from(document.querySelectorAll("body > header a")).filter(leadsToHelp)
    .map((link) => {
      const box = link.getBoundingClientRect();
      const shown = link.checkVisibility({visibilityProperty: true, opacityProperty: true});
      return {
        link: link.outerHTML,
        onFirstScreen: shown && box.width > 0 && box.height > 0 && box.top >= 0
          && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth,
      };
    });
}"""

SIDEBAR_AND_MAIN = """() => {
  const box = (element) => {
    const {top, right, bottom, left, width, height} = element.getBoundingClientRect();
    return {top, right, bottom, left, width, height};
  };
  const sidebar = document.querySelector("aside");
  return {
    main: box(document.querySelector("main")),
    sidebar: box(sidebar),
    visible: sidebar.checkVisibility({visibilityProperty: true, opacityProperty: true}),
    viewportHeight: window.innerHeight,
  };
}"""


@pytest.mark.browser
def test_no_page_scrolls_sideways_at_320_px(open_context, site):
    context, _ = open_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = []
    for path in page_paths(site):
        visit(page, path)
        measured = page.evaluate(SIDEWAYS_SCROLL)
        if measured["scrollX"] or measured["documentWidth"] > measured["viewportWidth"]:
            wide.append(f"{path}: {measured}")
    assert not wide, "pages wider than 320 px:\n" + "\n".join(wide)


@pytest.mark.browser
def test_crisis_help_is_on_the_first_screen_of_a_phone(open_context, site):
    context, _ = open_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    problems = []
    for path in page_paths(site):
        visit(page, path)
        entry_points = page.evaluate(HELP_ENTRY_POINTS)
        if not entry_points:
            problems.append(f"{path}: the header has no link to crisis help")
        problems.extend(
            f"{path}: below or beside the first 360 x 740 screen: {entry['link']}"
            for entry in entry_points
            if not entry["onFirstScreen"]
        )
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_sidebar_is_beside_the_article_on_a_desktop(open_context, site):
    context, _ = open_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems = []
    for path in page_paths(site):
        visit(page, path)
        layout = page.evaluate(SIDEBAR_AND_MAIN)
        main, sidebar = layout["main"], layout["sidebar"]
        if not (layout["visible"] and sidebar["width"] > 0 and sidebar["height"] > 0):
            problems.append(f"{path}: the sidebar is not visible: {sidebar}")
        elif sidebar["left"] < main["right"]:
            problems.append(f"{path}: the sidebar is not beside main: {layout}")
        elif sidebar["top"] >= layout["viewportHeight"]:
            problems.append(f"{path}: the sidebar starts below the first screen: {layout}")
    assert not problems, "\n".join(problems)
