"""Build a small real site with the strict runner and check what readers get."""

import hashlib
import re
import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_build

FIXTURE = ROOT / "tests" / "fixtures" / "mini_site"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("mini") / "output"
    result = run_build(FIXTURE / "settings.py", output)
    assert result.returncode == 0, result.stderr
    return output


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def pages(output):
    return sorted(output.rglob("*.html"))


def tree_digest(output):
    return {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def test_every_page_has_the_landmarks_lang_title_and_one_h1(site):
    assert len(pages(site)) >= 10
    for path in pages(site):
        page = soup(path)
        name = path.relative_to(site)
        assert page.html["lang"] == "en", name
        assert page.title.get_text(strip=True), name
        assert page.find("meta", attrs={"name": "description"})["content"].strip(), name
        assert len(page.find_all("h1")) == 1, name
        for landmark in ("header", "nav", "main", "aside", "footer"):
            assert page.find(landmark), f"{name}: no <{landmark}>"


def test_the_skip_link_is_the_first_focusable_element_and_targets_main(site):
    for path in pages(site):
        page = soup(path)
        first = page.body.find(["a", "button", "input", "select", "textarea"])
        assert first["href"] == "#main", path
        assert page.find(id="main").name == "main"


def test_no_inline_script_style_or_handlers(site):
    for path in pages(site):
        page = soup(path)
        assert not page.find("script", src=False), path
        assert not page.find(style=True), path
        assert not page.find("style"), path
        for tag in page.find_all(True):
            assert not [a for a in tag.attrs if a.startswith("on")], (path, tag.name)


def test_home_page_lists_the_chapters_in_order(site):
    links = soup(site / "index.html").select("ol.chapter-list a")
    assert [a.get_text() for a in links] == ["Starting small", "Keeping going", "Getting support"]
    assert [a["href"] for a in links] == [
        "./guide/starting-small/",
        "./guide/keeping-going/",
        "./guide/getting-support/",
    ]


def test_previous_and_next_chapter_links_follow_the_order(site):
    def pager(slug):
        page = soup(site / "guide" / slug / "index.html")
        return page.find("a", rel="prev"), page.find("a", rel="next")

    prev, nxt = pager("starting-small")
    assert prev is None and nxt["href"] == "../../guide/keeping-going/"
    prev, nxt = pager("keeping-going")
    assert prev["href"] == "../../guide/starting-small/"
    assert nxt["href"] == "../../guide/getting-support/"
    prev, nxt = pager("getting-support")
    assert prev["href"] == "../../guide/keeping-going/" and nxt is None


def test_chapter_shows_its_number(site):
    page = soup(site / "guide" / "keeping-going" / "index.html")
    assert page.select_one(".chapter__number").get_text() == "Chapter 2 of 3"


def test_long_chapters_get_a_table_of_contents_that_links_to_headings(site):
    page = soup(site / "guide" / "starting-small" / "index.html")
    targets = [a["href"] for a in page.select("nav.toc a")]
    assert targets == [
        "#first-section-of-chapter-1",
        "#second-section",
        "#a-subsection",
        "#third-section",
    ]
    for target in targets:
        assert page.find(id=target[1:]), target
    short = soup(site / "guide" / "keeping-going" / "index.html")
    assert short.select("nav.toc") == []


def test_there_is_a_404_page(site):
    page = soup(site / "404.html")
    assert page.h1.get_text() == "Page not found"


def test_two_builds_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    result = run_build(FIXTURE / "settings.py", again)
    assert result.returncode == 0, result.stderr
    assert tree_digest(again) == tree_digest(site)


def break_fixture(tmp_path, chapter, old, new):
    copy = tmp_path / "site"
    shutil.copytree(FIXTURE, copy)
    path = copy / "content" / "chapters" / chapter
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "Date: 2026-11-02",
            "Date: 2026-13-45",
            "content/chapters/02-keeping-going.md:3: field 'Date': '2026-13-45' is not a real",
        ),
        (
            "Authors: fixture-writers, fixture-editor\n",
            "",
            "content/chapters/02-keeping-going.md:1: missing required field 'Authors'",
        ),
        (
            "Order: 2",
            "Reviewed: 2026-11-12\nNext_review: 2025-01-01\nReviewers: fixture-clinician\nOrder: 2",
            "content/chapters/02-keeping-going.md:8: Next_review must be later than Reviewed",
        ),
    ],
    ids=["bad-date", "missing-field", "review-order"],
)
def test_bad_front_matter_fails_and_keeps_the_previous_output(site, tmp_path, old, new, expected):
    output = tmp_path / "output"
    shutil.copytree(site, output)
    before = tree_digest(output)
    broken = break_fixture(tmp_path, "02-keeping-going.md", old, new)
    result = run_build(broken / "settings.py", output)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Nothing was published" in result.stderr
    # Every problem names a file: none is a Python error that escaped a plugin.
    problems = re.findall(r"^  (?:ERROR|WARNING): (.*)$", result.stderr, re.MULTILINE)
    assert problems
    assert [p for p in problems if not re.match(r"[\w./-]+\.(?:md|html):\d+: ", p)] == []
    assert "chapter order has a gap" not in result.stderr  # the refused chapter's, not a gap
    assert tree_digest(output) == before


def test_broken_filename_link_fails_naming_file_and_line(site, tmp_path):
    output = tmp_path / "output"
    shutil.copytree(site, output)
    before = tree_digest(output)
    broken = break_fixture(
        tmp_path,
        "03-getting-support.md",
        "{filename}01-starting-small.md",
        "{filename}01-no-such-chapter.md",
    )
    result = run_build(broken / "settings.py", output)
    assert result.returncode == 1
    assert (
        "content/chapters/03-getting-support.md:25: Unable to find '01-no-such-chapter.md'"
    ) in result.stderr
    assert tree_digest(output) == before


def test_an_image_without_alt_text_fails_naming_the_file(tmp_path):
    # Pelican's reader logs this warning where no content object is at hand;
    # the runner finds the file among the message's arguments.
    broken = break_fixture(
        tmp_path, "02-keeping-going.md", "A short paragraph", '<img src="walk.png" alt=""> A'
    )
    result = run_build(broken / "settings.py", tmp_path / "output")
    assert result.returncode == 1
    assert (
        "  WARNING: content/chapters/02-keeping-going.md: Empty alt attribute for image walk.png "
        "in content/chapters/02-keeping-going.md. Say in the alt text what the image shows"
    ) in result.stderr


def test_gap_in_chapter_order_fails(tmp_path):
    broken = break_fixture(tmp_path, "03-getting-support.md", "Order: 3", "Order: 4")
    result = run_build(broken / "settings.py", tmp_path / "output")
    assert result.returncode == 1
    assert "chapter order has a gap: no chapter has Order 3" in result.stderr
    assert not (tmp_path / "output").exists()


def test_two_chapters_with_one_slug_name_both_files_once(tmp_path):
    broken = break_fixture(
        tmp_path, "02-keeping-going.md", "Slug: keeping-going", "Slug: starting-small"
    )
    result = run_build(broken / "settings.py", tmp_path / "output")
    assert result.returncode == 1
    assert "Build failed: 1 problem." in result.stderr
    assert (
        'content/chapters/02-keeping-going.md:2: slug "starting-small" is also used by '
    ) in result.stderr
    assert "content/chapters/01-starting-small.md. Give each file its own Slug." in result.stderr


def test_a_file_over_the_size_limit_is_refused_before_markdown_reads_it(site, tmp_path):
    output = tmp_path / "output"
    shutil.copytree(site, output)
    before = tree_digest(output)
    copy = tmp_path / "site"
    shutil.copytree(FIXTURE, copy)
    chapter = copy / "content" / "chapters" / "02-keeping-going.md"
    # 200,000 one-word paragraphs: Python-Markdown alone would take minutes.
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n\nword" * 200_000, "utf-8")
    result = run_build(copy / "settings.py", output)
    assert result.returncode == 1
    assert ("content/chapters/02-keeping-going.md:1: the file is 1,2") in result.stderr
    assert "over the limit of 524,288 (CHAPTERS_MAX_SOURCE_BYTES)" in result.stderr
    assert tree_digest(output) == before
