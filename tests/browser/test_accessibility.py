"""axe-core on every page of the site, in the light and the dark colour scheme."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .site import PAGE_TYPES, page_paths, visit

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Two best-practice rules on top of WCAG: all content sits in a landmark, and
# the skip link's target exists.
EXTRA_RULES = ["region", "skip-link"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "rules": {rule: {"enabled": True} for rule in EXTRA_RULES},
    "resultTypes": ["violations"],
}
# If these did not run, the options above are wrong and the test proves nothing.
MUST_RUN = {*EXTRA_RULES, "color-contrast", "html-has-lang", "target-size"}

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 360, "height": 740},
}
DARK_QUERY = "matchMedia('(prefers-color-scheme: dark)').matches"


def describe(where, violation):
    lines = [f"{where}: {violation['id']}: {violation['help']}"]
    for node in violation["nodes"]:
        lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


def test_every_page_type_is_among_the_pages_checked(site):
    paths = page_paths(site)
    missing = {name: path for name, path in PAGE_TYPES.items() if path not in paths}
    assert not missing, f"page types missing from the built site: {missing}"
    assert any(path.startswith("/tag/") for path in paths), "no tag page was built"


def pages_to_check(site, viewport):
    """Every page on a desktop; on a phone, one page of each type (the layout is shared)."""
    paths = page_paths(site)
    if viewport == "desktop":
        return paths
    tags = [path for path in paths if path.startswith("/tag/")][:1]
    return [path for path in paths if path in PAGE_TYPES.values()] + tags


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_axe_violations(open_context, site, scheme, viewport):
    # axe runs inside the page; the privacy test checks the policy, not this one.
    context, _ = open_context(color_scheme=scheme, bypass_csp=True, viewport=VIEWPORTS[viewport])
    page = context.new_page()
    axe = Axe()
    problems = []
    paths = pages_to_check(site, viewport)
    assert paths
    for path in paths:
        visit(page, path)
        assert page.evaluate(DARK_QUERY) == (scheme == "dark"), path
        response = axe.run(page, options=AXE_OPTIONS).response
        ran = {
            rule["id"]
            for kind in ("violations", "passes", "incomplete", "inapplicable")
            for rule in response[kind]
        }
        assert ran >= MUST_RUN, f"{path}: axe did not run {sorted(MUST_RUN - ran)}"
        problems.extend(
            describe(f"{path} ({scheme}, {viewport})", violation)
            for violation in response["violations"]
        )
    assert not problems, "axe found violations:\n" + "\n".join(problems)
