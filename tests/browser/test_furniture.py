"""Key points and care cards in the browser: axe in light and dark, 320 px, print.

The pages come from tests/fixtures/furniture_site (a chapter with key points
and each care card), built once and served with the published headers and
policy; the real site's chapters are covered by the site-wide browser tests.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, run_build

from .recorder import Recorder
from .server import SiteServer, served_headers
from .test_accessibility import AXE_OPTIONS, MUST_RUN, describe
from .test_layout import SIDEWAYS_SCROLL

FIXTURE = ROOT / "tests" / "fixtures" / "furniture_site"
CARDS = "/guide/care-cards/"
PAGES = [CARDS, "/guide/short/"]
KINDS = ["emergency", "urgent", "non-urgent"]
HEADINGS = {
    "emergency": "Emergency advice: Get emergency help now",
    "urgent": "Urgent advice: Get help today",
    "non-urgent": "Non-urgent advice: Talk to a doctor soon",
}

# What a reader sees of each piece of furniture: shown, its colours, its box.
FURNITURE = """() => {
  const look = (element) => {
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
      shown: element.checkVisibility({visibilityProperty: true, opacityProperty: true})
        && box.width > 1 && box.height > 1,
      color: style.color,
      background: style.backgroundColor,
      left: box.left,
      right: box.right,
    };
  };
  const found = {};
  for (const kind of ["emergency", "urgent", "non-urgent"]) {
    const card = document.querySelector(`.care-card--${kind}`);
    found[kind] = {
      card: look(card),
      heading: look(card.querySelector(".care-card__heading")),
      prefix: look(card.querySelector(".visually-hidden")),
    };
  }
  found.keyPoints = look(document.getElementById("key-points"));
  return found;
}"""


@pytest.fixture(scope="module")
def furniture_server(tmp_path_factory):
    output = tmp_path_factory.mktemp("furniture") / "output"
    result = run_build(FIXTURE / "settings.py", output)
    assert result.returncode == 0, result.stderr
    with SiteServer(output, served_headers(output)) as running:
        yield running


@pytest.fixture
def open_page(browser, furniture_server):
    """`open_page(**options)`: a page in a new context on the fixture site, and its Recorder."""
    contexts = []

    def opener(**options):
        context = browser.new_context(base_url=furniture_server.origin, **options)
        contexts.append(context)
        return context.new_page(), Recorder(context)

    yield opener
    for context in contexts:
        context.close()


def visit(page, path):
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_key_points_and_cards_have_no_axe_violations(open_page, scheme, width):
    page, _ = open_page(
        color_scheme=scheme, bypass_csp=True, viewport={"width": width, "height": 800}
    )
    problems = []
    for path in PAGES:
        visit(page, path)
        response = Axe().run(page, options=AXE_OPTIONS).response
        ran = {
            rule["id"]
            for kind in ("violations", "passes", "incomplete", "inapplicable")
            for rule in response[kind]
        }
        assert ran >= MUST_RUN, f"{path}: axe did not run {sorted(MUST_RUN - ran)}"
        problems.extend(
            describe(f"{path} ({scheme}, {width} px)", v) for v in response["violations"]
        )
    assert not problems, "axe found violations:\n" + "\n".join(problems)


@pytest.mark.browser
def test_each_card_tells_screen_readers_its_urgency(open_page):
    page, _ = open_page()
    visit(page, CARDS)
    for kind, name in HEADINGS.items():
        heading = page.get_by_role("heading", name=name, exact=True)
        assert heading.count() == 1, kind
    assert page.get_by_role("heading", name="In short", exact=True).count() == 1
    assert page.get_by_role("region", name="In short").count() == 1


@pytest.mark.browser
def test_the_dark_scheme_gives_the_cards_their_own_colours(open_page):
    looks = {}
    for scheme in ("light", "dark"):
        page, _ = open_page(color_scheme=scheme)
        visit(page, CARDS)
        looks[scheme] = page.evaluate(FURNITURE)
    for kind in KINDS:
        light, dark = looks["light"][kind], looks["dark"][kind]
        assert light["heading"]["shown"] and dark["heading"]["shown"], kind
        assert light["heading"]["background"] != dark["heading"]["background"], kind
        assert not light["prefix"]["shown"] and not dark["prefix"]["shown"], kind


@pytest.mark.browser
def test_nothing_scrolls_sideways_at_320_px(open_page):
    page, _ = open_page(viewport={"width": 320, "height": 640})
    for path in PAGES:
        visit(page, path)
        measured = page.evaluate(SIDEWAYS_SCROLL)
        assert not measured["scrollX"], (path, measured)
        assert measured["documentWidth"] <= measured["viewportWidth"], (path, measured)
    visit(page, CARDS)
    looks = page.evaluate(FURNITURE)
    for name in [*KINDS, "keyPoints"]:
        box = looks[name]["card"] if name in KINDS else looks[name]
        assert box["left"] >= 0 and box["right"] <= 320, (name, box)


@pytest.mark.browser
def test_cards_and_key_points_print_black_on_white(open_page):
    page, _ = open_page()
    visit(page, CARDS)
    page.emulate_media(media="print")
    looks = page.evaluate(FURNITURE)
    black, white = "rgb(0, 0, 0)", "rgb(255, 255, 255)"
    assert looks["keyPoints"]["shown"]
    for kind in KINDS:
        card, heading, prefix = looks[kind]["card"], looks[kind]["heading"], looks[kind]["prefix"]
        assert card["shown"] and heading["shown"], kind
        assert (card["color"], card["background"]) == (black, white), kind
        assert (heading["color"], heading["background"]) == (black, white), kind
        assert not prefix["shown"], kind
    numbers = page.locator(".care-card--emergency .care-card__numbers a")
    assert numbers.count() > 0
    assert {
        numbers.nth(i).evaluate("a => getComputedStyle(a).color") for i in range(numbers.count())
    } == {black}


@pytest.mark.browser
def test_the_furniture_needs_no_inline_style_or_script(open_page):
    page, recorder = open_page()
    for path in PAGES:
        visit(page, path)
        assert page.locator("[style]").count() == 0, path
        assert page.locator("script:not([src])").count() == 0, path
    assert recorder.csp_violations == []
