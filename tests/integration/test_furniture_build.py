"""Build the furniture fixture site and the real site; break chapters and read the errors."""

import hashlib
import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_build
from test_html_validity import CANARY, CANARY_HTML, check_html, describe

from plugins.crisis_help import CrisisHelpConfig, load_directory

FIXTURE = ROOT / "tests" / "fixtures" / "furniture_site"
CHAPTER = "content/chapters/01-care-cards.md"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("furniture") / "output"
    result = run_build(FIXTURE / "settings.py", output)
    assert result.returncode == 0, result.stderr
    return output


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def chapter(site, slug):
    return soup(site / "guide" / slug / "index.html")


def test_key_points_come_first_with_their_own_heading(site):
    page = chapter(site, "care-cards")
    section = page.select_one("article > section#key-points")
    assert section["aria-labelledby"] == "key-points-title"
    assert page.find(id="key-points-title").get_text() == "In short"
    assert section.find_previous_sibling().name == "header"
    for tip in section.select(".citations-tip"):
        tip.decompose()
    assert [li.get_text() for li in section.select("li")] == [
        "The first fixture point, with a citation 1.",
        "The second fixture point, with \u201cquotes\u201d and emphasis.",
        "The third fixture point.",
    ]
    assert section.select_one("sup a")["href"] == "#cite-ref-1"
    assert page.find(id="cite-ref-1") is not None


def test_a_numbered_list_is_shown_as_the_same_key_points(site):
    points = chapter(site, "short").select("#key-points li")
    assert [li.get_text() for li in points] == [
        "A numbered first point.",
        "A numbered second point.",
    ]


def test_in_short_is_neither_in_the_body_nor_in_the_contents(site):
    page = chapter(site, "care-cards")
    body = page.select_one(".chapter__body")
    assert "In short" not in body.get_text()
    assert body.find(True).get_text() == "Fixture introduction, before the first section."
    assert [a.get_text() for a in page.select(".toc a")] == [
        "When it cannot wait",
        "Soon",
        "Later",
        "The end",
    ]


def test_each_card_has_its_class_heading_level_and_hidden_prefix(site):
    cards = chapter(site, "care-cards").select(".chapter__body .care-card")
    found = [
        (
            card["class"],
            card.find(["h2", "h3", "h4"]).name,
            card.select_one(".care-card__heading .visually-hidden").get_text(),
            card.select_one(".care-card__heading").get_text(),
        )
        for card in cards
    ]
    assert found == [
        (
            ["care-card", "care-card--emergency"],
            "h3",
            "Emergency advice: ",
            "Emergency advice: Get emergency help now",
        ),
        (
            ["care-card", "care-card--urgent"],
            "h3",
            "Urgent advice: ",
            "Urgent advice: Get help today",
        ),
        (
            ["care-card", "care-card--non-urgent"],
            "h4",
            "Non-urgent advice: ",
            "Non-urgent advice: Talk to a doctor soon",
        ),
    ]


def test_the_emergency_card_lists_the_numbers_of_the_helpline_data(site):
    directory = load_directory(str(FIXTURE / "content" / "data" / "helplines.yaml"))
    regions = {region.code: region for region in directory.regions}
    expected = []
    # The site's regions are the plugin's default ones.
    for code in CrisisHelpConfig.regions:
        for number in regions[code].emergency:
            expected.append((f"tel:{number.local}", number.local))
    card = chapter(site, "care-cards").select_one(".care-card--emergency")
    links = [(a["href"], a.get_text()) for a in card.select(".care-card__numbers a")]
    assert links == expected
    assert card.select(".care-card__numbers li")[-1].get_text() == (
        "Anywhere else: your local emergency number"
    )


def test_every_page_of_the_fixture_passes_the_nu_html_checker(site, tmp_path):
    checked = tmp_path / "site"
    shutil.copytree(site, checked)
    (checked / CANARY).mkdir()
    (checked / CANARY / "index.html").write_text(CANARY_HTML, encoding="utf-8")
    messages = check_html(checked)
    assert any(f"/{CANARY}/" in message.get("url", "") for message in messages)
    errors = [describe(m, checked) for m in messages if f"/{CANARY}/" not in m.get("url", "")]
    assert not errors, "HTML errors:\n" + "\n".join(errors)


def digest(output):
    return {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "## In short\n\n- The first fixture point, with a citation [@schuch2016].\n"
            '- The second fixture point, with "quotes" and *emphasis*.\n'
            "- The third fixture point.\n\n",
            "",
            f"{CHAPTER}:14: the chapter does not start with an 'In short' section. Start "
            "the chapter's text with '## In short' and a list of 2 to 4 short points.",
            id="no key points",
        ),
        pytest.param(
            "- The third fixture point.\n",
            "- The third fixture point.\n- A fourth.\n- A fifth.\n",
            f"{CHAPTER}:14: the 'In short' list has 5 points; it needs 2 to 4. Keep the 4 "
            "that matter most and move the rest into the chapter.",
            id="5 points",
        ),
        pytest.param(
            '!!! urgent "Get help today"',
            '!!! warning "Get help today"',
            f"{CHAPTER}:29: unknown card type 'warning' in '!!! warning': a chapter's cards are "
            "emergency, urgent or non-urgent. Write '!!! emergency \"Title\"', '!!! urgent "
            '"Title"\' or \'!!! non-urgent "Title"\'.',
            id="unknown card type",
        ),
    ],
)
def test_a_broken_chapter_fails_the_build_and_keeps_the_output(tmp_path, site, old, new, expected):
    broken = tmp_path / "site"
    shutil.copytree(FIXTURE, broken)
    source = broken / CHAPTER
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    output = tmp_path / "output"
    shutil.copytree(site, output)
    before = digest(output)
    result = run_build(broken / "settings.py", output)
    assert result.returncode == 1
    assert expected in result.stderr
    assert digest(output) == before


def test_a_point_over_the_word_limit_names_its_line(tmp_path):
    broken = tmp_path / "site"
    shutil.copytree(FIXTURE, broken)
    settings = broken / "settings.py"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "FURNITURE_KEY_POINTS_MAX_WORDS = 7\n",
        encoding="utf-8",
    )
    result = run_build(settings, tmp_path / "output")
    assert result.returncode == 1
    # Point 1 has 7 words and a citation, which does not count.
    assert "point 1 of" not in result.stderr
    assert (
        f"{CHAPTER}:17: point 2 of 'In short' has 8 words; a point has at most 7 "
        "(FURNITURE_KEY_POINTS_MAX_WORDS). Shorten it, or split it into two points."
    ) in result.stderr


def test_every_real_chapter_starts_with_two_to_four_key_points(real_site):
    # guide/all/ is the whole guide on one page, not a chapter.
    pages = (real_site / "guide").glob("*/index.html")
    chapters = sorted(path for path in pages if path.parent.name != "all")
    assert len(chapters) == 8
    for path in chapters:
        page = soup(path)
        points = page.select("#key-points li")
        assert 2 <= len(points) <= 4, path
        assert "In short" not in page.select_one(".chapter__body").get_text(), path
        assert "In short" not in [a.get_text() for a in page.select(".toc a")], path
