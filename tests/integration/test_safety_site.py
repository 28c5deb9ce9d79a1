"""Build the safety fixture site and check that every page carries both safety blocks."""

import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_build

from plugins.crisis_help import load_directory

FIXTURES = ROOT / "tests" / "fixtures"
SITE = FIXTURES / "safety_site"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("safety") / "output"
    result = run_build(SITE / "settings.py", output)
    assert result.returncode == 0, result.stderr
    return output


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def html_pages(output):
    return sorted(output.rglob("*.html"))


def test_every_kind_of_page_was_built(site):
    names = {str(path.relative_to(site)) for path in html_pages(site)}
    assert {
        "index.html",
        "404.html",
        "archives/index.html",
        "tags/index.html",
        "categories/index.html",
        "authors/index.html",
        "tag/fixture/index.html",
        "category/guide/index.html",
        "author/fixture-author/index.html",
        "guide/first-steps/index.html",
        "guide/hard-days/index.html",
        "disclaimer/index.html",
        "get-help/index.html",
    } <= names


def test_every_page_has_the_banner_first_in_main_and_the_block_in_the_sidebar(site):
    for path in html_pages(site):
        page = soup(path)
        name = path.relative_to(site)
        banners = page.find_all(id="disclaimer")
        blocks = page.find_all(id="crisis-help")
        assert len(banners) == 1 and len(blocks) == 1, name
        main = page.find("main")
        assert main.find(True) is banners[0], f"{name}: the banner is not first in <main>"
        assert banners[0].get_text(strip=True), name
        assert blocks[0].find_parent("aside") is not None, name
        assert blocks[0].select('a[href^="tel:"]'), name
        assert page.select_one("header a.crisis-bar__link")["href"] == "#crisis-help", name


def test_links_of_the_blocks_resolve_to_the_two_pages(site):
    for path in html_pages(site):
        page = soup(path)
        full = page.select_one("#disclaimer a[href$='disclaimer/']")["href"]
        more = page.select_one(".crisis-help__more a")["href"]
        assert (path.parent / full / "index.html").resolve() == site / "disclaimer" / "index.html"
        assert (path.parent / more / "index.html").resolve() == site / "get-help" / "index.html"


def test_articles_get_the_variant_they_ask_for(site):
    def banner(slug):
        return soup(site / "guide" / slug / "index.html").find(id="disclaimer")

    assert banner("first-steps")["class"] == ["disclaimer", "disclaimer--standard"]
    assert banner("first-steps").p.get_text() == (
        "Fixture short disclaimer & general information only."
    )
    assert banner("hard-days")["class"] == ["disclaimer", "disclaimer--strong"]
    assert banner("hard-days").p.get_text().startswith("Fixture strong disclaimer.")
    for path in (site / "index.html", site / "404.html", site / "tag" / "fixture" / "index.html"):
        assert "disclaimer--standard" in soup(path).find(id="disclaimer")["class"]


def test_the_block_shows_the_configured_regions_in_order(site):
    block = soup(site / "index.html").find(id="crisis-help")
    names = [span.get_text() for span in block.select(".crisis-help__region-name")]
    assert names == ["Region <B>", "Region A", "Anywhere else"]


def test_get_help_page_lists_every_entry_with_its_details(site):
    directory = load_directory(SITE / "content" / "data" / "helplines.yaml")
    page = soup(site / "get-help" / "index.html")
    assert page.h1.get_text() == "Get help now"
    regions = page.select("section.helplines__region")
    assert [r.h2.get_text() for r in regions] == [region.name for region in directory.regions]
    listed = [(r["id"], h.get_text()) for r in regions for h in r.select(".helpline__name")]
    assert listed == [
        (f"region-{line.region.lower()}", line.service) for line in directory.helplines
    ]
    for card, line in zip(page.select(".helpline"), directory.helplines, strict=True):
        text = card.get_text(" ", strip=True)
        assert line.hours in text and ", ".join(line.languages) in text
        assert card.select_one("time")["datetime"] == line.as_of.strftime("%Y-%m")
        assert f"as of {line.as_of_text}" in text
        assert card.find("a", href=line.source)["rel"] == ["noopener", "noreferrer"]
        if line.verified_on:
            assert card.select_one(".helpline__verified").get_text() == line.verified_text
        else:
            assert (
                "nobody on our team has confirmed"
                in card.select_one(".helpline__unverified").get_text()
            )
    assert [line.verified_by for line in directory.helplines].count("fixture-editor") == 1


def test_text_from_the_data_is_escaped(site):
    page = soup(site / "get-help" / "index.html")
    assert page.find("hope") is None and page.find("b") is None
    names = [h.get_text() for h in page.select(".helpline__name")]
    assert "Help & <Hope> Line" in names


def test_a_theme_that_drops_the_blocks_fails_naming_page_and_template(tmp_path):
    result = run_build(FIXTURES / "theme_without_safety" / "settings.py", tmp_path / "out")
    assert result.returncode == 1
    assert (
        'guide/first-steps/index.html: the disclaimer banner (id="disclaimer") is missing. '
        "The page was rendered by template article "
        "(tests/fixtures/theme_without_safety/templates/article.html)."
    ) in result.stderr
    assert (
        'disclaimer/index.html: the crisis-help block (id="crisis-help") is missing. '
        "The page was rendered by template page "
        "(tests/fixtures/theme_without_safety/templates/page.html)."
    ) in result.stderr
    assert (
        'tag/fixture/index.html: the disclaimer banner (id="disclaimer") is missing. '
        "The page was rendered by template tag "
        "(tests/fixtures/theme_without_safety/templates/tag.html)."
    ) in result.stderr
    assert (
        '404.html: the crisis-help block (id="crisis-help") is missing. '
        "The page was rendered by template 404 "
        "(tests/fixtures/theme_without_safety/templates/404.html)."
    ) in result.stderr
    assert "get-help/index.html: the crisis-help block" not in result.stderr
    assert "tags/index.html: the" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_plain_pelican_run_fails_too(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "-q",
            "-s",
            str(FIXTURES / "theme_without_safety" / "settings.py"),
            "-o",
            str(tmp_path / "out"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "lack the disclaimer banner" in result.stdout + result.stderr


def broken_copy(tmp_path, relative, old, new):
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy)
    path = copy / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    ("relative", "old", "new", "expected"),
    [
        (
            "content/data/helplines.yaml",
            '      - local: "1737"',
            '      - local: "17x7"',
            "content/data/helplines.yaml:71: helpline 'Line C' (XC): phone number '17x7': "
            "the local form must be 3 to 15 digits",
        ),
        (
            "content/data/helplines.yaml",
            "  - region: XC",
            "  - region: XD",
            "content/data/helplines.yaml:67: helpline 'Line C' (XD): unknown region 'XD'. Use "
            "one of XA, XB, XC, INT",
        ),
        (
            "content/chapters/02-hard-days.md",
            "Disclaimer: strong",
            "Disclaimer: off",
            "content/chapters/02-hard-days.md:10: unknown Disclaimer value 'off'.",
        ),
        (
            "content/pages/disclaimer.md",
            "Short: Fixture short disclaimer & general information only.\n",
            "",
            "content/pages/disclaimer.md:1: the standard banner text is missing.",
        ),
        (
            "content/pages/get-help.md",
            "Template: get-help\n",
            "",
            "content/pages/get-help.md:1: the Get help now page uses template 'page'",
        ),
        (
            "content/data/helplines.yaml",
            "verified_by: fixture-editor",
            "verified_by: fixture-editr",
            "content/data/helplines.yaml:30: Line A one (XA): verified_by 'fixture-editr' is "
            "nobody in the editorial registry. Did you mean 'fixture-editor'",
        ),
    ],
    ids=[
        "bad-phone",
        "unknown-region",
        "unknown-variant",
        "no-short-form",
        "no-template",
        "unknown-verifier",
    ],
)
def test_author_errors_fail_the_build_with_file_line_and_fix(
    tmp_path, relative, old, new, expected
):
    copy = broken_copy(tmp_path, relative, old, new)
    result = run_build(copy / "settings.py", tmp_path / "out")
    assert result.returncode == 1
    assert expected in result.stderr
    assert not (tmp_path / "out").exists()


def test_each_region_gets_its_own_page_with_that_region_first(site):
    directory = load_directory(SITE / "content" / "data" / "helplines.yaml")
    for region in directory.regions:
        page = soup(site / "get-help" / region.code.lower() / "index.html")
        assert page.h1.get_text() == f"Get help now: {region.name}"
        block = page.find(id="crisis-help")
        assert [li["data-region"] for li in block.select("[data-region]")][0] == region.code
        assert page.select_one(".helplines__region")["data-region"] == region.code
        assert page.find(id="disclaimer").get_text(strip=True)
    # The block shows CRISIS_HELP_REGIONS, with the page's region put before them.
    block = soup(site / "get-help" / "xc" / "index.html").find(id="crisis-help")
    assert [li["data-region"] for li in block.select("[data-region]")] == ["XC", "XB", "XA", "INT"]
    # A region's name is data: escaped in the title and the heading.
    html = (site / "get-help" / "xb" / "index.html").read_text(encoding="utf-8")
    assert "<title>Get help now: Region &lt;B&gt; | " in html
    assert "<h1>Get help now: Region &lt;B&gt;</h1>" in html


def test_a_region_page_without_a_safety_block_fails_the_build(tmp_path):
    result = run_build(FIXTURES / "region_page_without_safety" / "settings.py", tmp_path / "out")
    assert result.returncode == 1
    for code in ("xa", "xb", "xc", "int"):
        assert (f"get-help/{code}/index.html: the disclaimer banner (id=\"disclaimer\") is "
                "missing. The page was rendered by template get-help "
                "(tests/fixtures/region_page_without_safety/templates/get-help.html).") in (
            result.stderr)  # fmt: skip
    assert "get-help/index.html: the disclaimer banner" not in result.stderr
    assert not (tmp_path / "out").exists()
