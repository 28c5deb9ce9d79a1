"""The whole guide on one page (guide/all/), built from the real chapters and the fixture site."""

import json
import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_build

from plugins.build_record import record_path
from plugins.site_audit import check_built_site

PAGE = "guide/all/index.html"
MINI = ROOT / "tests" / "fixtures" / "mini_site"
WITH_THEME = """\
import importlib.util
_spec = importlib.util.spec_from_file_location("mini_settings", {settings!r})
_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_site)
globals().update({{name: value for name, value in vars(_site).items() if name.isupper()}})
THEME = {theme!r}
"""


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def whole(real_site):
    return soup(real_site / PAGE)


@pytest.fixture(scope="module")
def record(real_site):
    return json.loads(record_path(real_site).read_text("utf-8"))


def test_every_chapter_is_there_in_order_with_its_furniture(whole, record):
    chapters = sorted((p for p in record["pages"] if "order" in p), key=lambda p: p["order"])
    assert len(chapters) == 8
    parts = whole.select("article.whole-guide__chapter")
    assert [part.select_one("header h2").get_text() for part in parts] == [
        chapter["title"] for chapter in chapters
    ]
    for part, chapter in zip(parts, chapters, strict=True):
        slug = part["id"]
        assert chapter["output"] == f"guide/{slug}/index.html"
        status = part.find(id=f"{slug}-review-status")
        assert status is not None and status["data-review-status"] == chapter["review"]["status"]
        points = part.find(id=f"{slug}-key-points")
        assert points is not None and len(points.select("li")) >= 2
        assert part.select_one(".chapter__body p") is not None


def test_ids_are_unique_and_every_in_page_link_lands(whole):
    ids = [element["id"] for element in whole.select("[id]")]
    assert len(ids) == len(set(ids))
    for link in whole.select("a[href^='#']"):
        assert whole.find(id=link["href"][1:]) is not None, link["href"]


def test_one_references_list_numbers_the_whole_page(whole, record):
    lists = whole.select(".citations-references")
    assert len(lists) == 1
    entries = [li["id"] for li in lists[0].select("ol > li")]
    assert entries == [f"cite-ref-{n}" for n in range(1, len(entries) + 1)]
    assert len(entries) == len(record["sections"]["whole_guide"]["cited"]) > 8
    cited = {a.get_text() for a in whole.select("a.citations-ref")}
    assert cited == {str(n) for n in range(1, len(entries) + 1)}


def test_the_safety_blocks_come_at_the_top_and_at_the_end(whole):
    order = [element["id"] for element in whole.select(".disclaimer, .crisis-help")]
    assert order == ["disclaimer", "crisis-help", "disclaimer-end", "crisis-help-end"]
    main = whole.find("main")
    first_chapter = whole.select_one("article.whole-guide__chapter")
    assert main.find(id="crisis-help").find_next("article") is first_chapter
    # The strongest wording any chapter asks for, at both ends.
    assert whole.find(id="disclaimer")["class"] == ["disclaimer", "disclaimer--strong"]
    assert whole.find(id="disclaimer-end")["class"] == ["disclaimer", "disclaimer--strong"]
    # The guide's review status is said once at the top, for every chapter.
    assert whole.find(id="review-status").get_text().count("Not yet reviewed by a clinician") == 1


def test_chapter_links_stay_in_the_page_and_page_links_leave_it(whole):
    hrefs = [a["href"] for a in whole.select(".chapter__body a")]
    assert "#how-much-how-often" in hrefs and "../../get-help/" in hrefs
    assert not [href for href in hrefs if "{filename}" in href or "/guide/" in href]


def test_the_contents_page_and_every_chapter_link_to_it(real_site, record):
    home = soup(real_site / "index.html")
    assert home.select_one(".whole-guide-link a")["href"] == "./guide/all/"
    for page in record["pages"]:
        if "order" in page:
            link = soup(real_site / page["output"]).select_one(".whole-guide-link a")
            slug = page["output"].split("/")[1]
            assert link["href"] == f"../../guide/all/#{slug}", page["output"]


def test_the_record_and_the_check_know_the_page(real_site, record):
    section = record["sections"]["whole_guide"]
    assert section["output"] == PAGE
    assert section["chapters"] == sorted(section["chapters"]) and len(section["chapters"]) == 8
    assert record["sections"]["audit"]["collections"] == [PAGE]
    weight = record["sections"]["collection_weights"][PAGE]
    assert weight["bytes"] == (real_site / PAGE).stat().st_size
    assert 0 < weight["markup"] < 8 * 15 * 1024
    blocks = {block["id"]: block["pages"] for block in record["sections"]["required_blocks"]}
    assert blocks["disclaimer-end"] == blocks["crisis-help-end"] == PAGE
    assert blocks["why-movement-helps-review-status"] == PAGE
    result = check_built_site(real_site)
    assert [p for p in result.errors if p.path == PAGE] == []


def test_a_mixed_guide_says_how_many_chapters_are_not_reviewed(tmp_path):
    result = run_build(MINI / "settings.py", tmp_path / "output")
    assert result.returncode == 0, result.stderr
    page = soup(tmp_path / "output" / PAGE)
    assert "2 of 3 chapters have not been reviewed" in page.find(id="review-status").get_text()
    statuses = [s["data-review-status"] for s in page.select("article [data-review-status]")]
    assert statuses == ["reviewed", "draft", "overdue"]


def test_a_theme_without_the_end_copies_fails_the_build(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "whole_guide.html"
    source = template.read_text("utf-8")
    end = (
        "{{ disclaimer_banner(block_id=whole_guide.end_disclaimer_id, "
        "variant=whole_guide.disclaimer_variant) }}"
    )
    assert end in source
    template.write_text(source.replace(end, "", 1), "utf-8")
    settings = tmp_path / "settings.py"
    settings.write_text(
        WITH_THEME.format(settings=str(MINI / "settings.py"), theme=str(theme)), "utf-8"
    )
    result = run_build(settings, tmp_path / "output")
    assert result.returncode != 0
    assert (
        f'{PAGE}: the disclaimer at the end of the whole guide (id="disclaimer-end") is missing'
        in result.stderr
    ), result.stderr
    assert not (tmp_path / "output").exists()
