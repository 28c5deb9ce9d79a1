"""The chapters' Markdown reader, called as Pelican calls it, and the slugs it checks.

Each test writes a chapter (under content/chapters/) or a page (under
content/pages/) into tmp_path and reads it with
``ChapterMarkdownReader(settings).read(path)``, as Pelican's readers do. The
settings are Pelican's defaults with the project's folders and Markdown set
as pelicanconf.py sets them, PATH and THEME pointing into tmp_path. The tests
assert the exact metadata of a file that is read, and the exact problems
(path, line, message and fix) of one that is refused. ``slug_of`` and
``template_problem`` are also called on their own, with the settings or the
theme folders that decide their answer.
"""

import copy
import runpy
from datetime import datetime

import pytest
from conftest import ROOT
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category, Tag

from guidelib import Problem, relative
from plugins.chapters.front_matter import (
    ChapterMarkdownReader,
    FrontMatterError,
    slug_of,
    template_problem,
)

PROJECT = runpy.run_path(str(ROOT / "pelicanconf.py"))

CHAPTER = """\
Title: A chapter
Slug: a-chapter
Date: 2026-11-22
Modified: 2026-11-23
Summary: About it.
Authors: editorial-team
Order: 1

## One

### One A

## Two
"""

SIGNED = """\
Title: A chapter
Slug: a-chapter
Date: 2026-11-22
Modified: 2026-11-23
Summary: About it.
Authors: editorial-team
Reviewers: reviewer-one, reviewer-two, reviewer-one
Reviewed: 2026-11-22
Next_review: 2027-11-22
Order: 1

Text.
"""

LINES = {
    "title": 1,
    "slug": 2,
    "date": 3,
    "modified": 4,
    "summary": 5,
    "authors": 6,
    "order": 7,
}


def make_settings(tmp_path, **override):
    """Pelican's defaults, the project's folders and Markdown, the site in tmp_path."""
    settings = copy.deepcopy(DEFAULT_CONFIG)
    project = {name: PROJECT[name] for name in ("ARTICLE_PATHS", "PAGE_PATHS", "MARKDOWN")}
    settings.update(copy.deepcopy(project))
    settings.update(PATH=str(tmp_path / "content"), THEME=str(tmp_path / "theme"))
    settings.update(override)
    templates = tmp_path / "theme" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    for name in ("article.html", "page.html"):
        (templates / name).write_text("{{ content }}\n", encoding="utf-8")
    return settings


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return str(path)


def read(tmp_path, name, text, **override):
    """The metadata the reader gives for ``text`` written at content/``name``."""
    settings = make_settings(tmp_path, **override)
    _, metadata = ChapterMarkdownReader(settings).read(write(tmp_path, name, text))
    return metadata


def refused(tmp_path, name, text, **override):
    """The problems of ``text`` at content/``name``, which the reader must refuse."""
    settings = make_settings(tmp_path, **override)
    path = write(tmp_path, name, text)
    with pytest.raises(FrontMatterError) as error:
        ChapterMarkdownReader(settings).read(path)
    return path, error.value.problems


def headings(outline):
    return [(h["level"], h["id"], h["name"], headings(h["children"])) for h in outline]


def test_a_draft_chapter_gets_its_fields_processed_and_their_lines(tmp_path):
    settings = make_settings(tmp_path)
    metadata = read(tmp_path, "chapters/01-a.md", CHAPTER)
    metadata.pop("outline")
    assert metadata == {
        "title": "A chapter",
        "slug": "a-chapter",
        "date": datetime(2026, 11, 22),
        "modified": datetime(2026, 11, 23),
        "summary": "<p>About it.</p>",
        "authors": [Author("editorial-team", settings)],
        "order": 1,
        "front_matter_lines": LINES,
        "reviewers": [],
    }


def test_a_signed_chapter_gets_its_review_dates_and_each_reviewer_once(tmp_path):
    metadata = read(tmp_path, "chapters/01-a.md", SIGNED)
    assert (metadata["reviewers"], metadata["reviewed"], metadata["next_review"]) == (
        ["reviewer-one", "reviewer-two"],
        datetime(2026, 11, 22),
        datetime(2027, 11, 22),
    )


def test_the_outline_is_the_text_headings_not_the_summary(tmp_path):
    # The summary is converted after the text by the same Markdown instance.
    text = CHAPTER.replace("Summary: About it.", "Summary: About it.\n    ## Not a heading")
    metadata = read(tmp_path, "chapters/01-a.md", text)
    assert headings(metadata["outline"]) == [
        (2, "one", "One", [(3, "one-a", "One A", [])]),
        (2, "two", "Two", []),
    ]


def test_without_the_toc_extension_the_outline_is_empty(tmp_path):
    markdown = copy.deepcopy(DEFAULT_CONFIG["MARKDOWN"])
    assert read(tmp_path, "chapters/01-a.md", CHAPTER, MARKDOWN=markdown)["outline"] == []


def test_a_page_gets_no_front_matter_lines_and_no_reviewers(tmp_path):
    metadata = read(tmp_path, "pages/about.md", "Title: About\n\n## Who\n\nText.\n")
    assert headings(metadata.pop("outline")) == [(2, "who", "Who", [])]
    assert metadata == {"title": "About"}


def test_a_number_in_a_field_other_than_order_stays_text(tmp_path):
    metadata = read(tmp_path, "pages/404.md", "Title: 2026\nSlug: 404\n\nText.\n")
    assert (metadata["title"], metadata["slug"]) == ("2026", "404")


def test_a_lone_page_with_no_front_matter_is_read(tmp_path):
    assert read(tmp_path, "pages/plain.md", "Just text.\n") == {"outline": []}


def padded(size):
    """A complete chapter of exactly ``size`` bytes."""
    text = CHAPTER + "\nText "
    return text + "x" * (size - len(text.encode()) - 1) + "\n"


def test_a_file_over_the_size_limit_is_refused_naming_the_setting(tmp_path):
    path, problems = refused(
        tmp_path, "chapters/01-a.md", padded(1001), CHAPTERS_MAX_SOURCE_BYTES=1000
    )
    assert problems == [
        Problem(
            relative(path),
            "the file is 1,001 bytes, over the limit of 1,000 (CHAPTERS_MAX_SOURCE_BYTES)",
            line=1,
            hint="split it into several chapters, or raise the limit if the file really is "
            "meant to be this long",
        )
    ]


def test_a_file_of_exactly_the_size_limit_is_read(tmp_path):
    metadata = read(tmp_path, "chapters/01-a.md", padded(1000), CHAPTERS_MAX_SOURCE_BYTES=1000)
    assert metadata["title"] == "A chapter"


def test_front_matter_problems_name_the_file_the_line_and_the_fix(tmp_path):
    text = CHAPTER.replace("Date: 2026-11-22", "Date: 2 Nov 2026").replace("Order: 1\n", "")
    path, problems = refused(tmp_path, "chapters/01-a.md", text)
    assert problems == [
        Problem(
            relative(path),
            "missing required field 'Order'",
            line=1,
            hint="add a line such as 'Order: 1'",
        ),
        Problem(
            relative(path),
            "field 'Date': '2 Nov 2026' is not a date in the form YYYY-MM-DD",
            line=3,
            hint="write it as 'Date: 2026-11-22'",
        ),
    ]


def test_a_field_written_over_two_lines_is_checked_as_one_value(tmp_path):
    text = CHAPTER.replace("Date: 2026-11-22", "Date: 2026-11-22\n    2026-11-24")
    path, problems = refused(tmp_path, "chapters/01-a.md", text)
    assert problems == [
        Problem(
            relative(path),
            "field 'Date': '2026-11-22\\n2026-11-24' is not a date in the form YYYY-MM-DD",
            line=3,
            hint="write it as 'Date: 2026-11-22'",
        )
    ]


def test_a_byte_order_mark_does_not_hide_the_first_field(tmp_path):
    settings = make_settings(tmp_path)
    path = write(tmp_path, "chapters/01-a.md", "\ufeff" + CHAPTER)
    _, metadata = ChapterMarkdownReader(settings).read(path)
    assert metadata["front_matter_lines"] == LINES


def test_a_template_of_the_theme_is_kept(tmp_path):
    metadata = read(tmp_path, "pages/about.md", "Title: About\nTemplate: page\n\nText.\n")
    assert metadata["template"] == "page"


def test_a_template_the_theme_lacks_is_refused_on_its_line(tmp_path):
    path, problems = refused(
        tmp_path, "pages/about.md", "Title: About\nTemplate: nosuch\n\nText.\n"
    )
    assert problems == [
        Problem(
            relative(path),
            "field 'Template': the theme has no template 'nosuch'",
            line=2,
            hint="remove the line to use the default template, or name one of the theme's: "
            "article, page",
        )
    ]


def test_a_template_field_whose_line_is_not_found_is_reported_on_the_first_line(tmp_path):
    # Markdown reads a field indented by a space; the line count skips it.
    path, problems = refused(
        tmp_path, "pages/about.md", "Title: About\n Template: nosuch\n\nText.\n"
    )
    assert [(problem.path, problem.line) for problem in problems] == [(relative(path), 1)]


def test_a_chapters_field_and_template_problems_come_together_in_line_order(tmp_path):
    # By message, "field 'Date'" would come before "field 'Template'".
    text = CHAPTER.replace("Slug: a-chapter", "Template: nosuch").replace(
        "Date: 2026-11-22", "Date: 2026-13-45"
    )
    text = text.replace("Order: 1", "Order: 1\nSlug: a-chapter")
    path, problems = refused(tmp_path, "chapters/01-a.md", text)
    assert [(problem.path, problem.line, problem.message) for problem in problems] == [
        (relative(path), 2, "field 'Template': the theme has no template 'nosuch'"),
        (relative(path), 3, "field 'Date': '2026-13-45' is not a real calendar date"),
    ]


@pytest.mark.parametrize("name", ["partials/card", "partials/cards/urgent"])
def test_a_template_in_a_subfolder_of_the_theme_is_found(tmp_path, name):
    (tmp_path / "partials" / "cards").mkdir(parents=True)
    (tmp_path / "partials" / "card.html").write_text("x")
    (tmp_path / "partials" / "cards" / "urgent.html").write_text("x")
    assert template_problem(name, [tmp_path], [".html"], "a.md", 2) is None


def test_only_files_with_a_template_extension_are_offered_instead(tmp_path):
    (tmp_path / "page.html").write_text("x")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "old.html").mkdir()
    problem = template_problem("nosuch", [tmp_path], [".html"], "a.md", 2)
    assert (
        problem.hint
        == "remove the line to use the default template, or name one of the theme's: page"
    )


SPACES_TO_HYPHENS = [(" ", "-")]


@pytest.mark.parametrize(
    ("wrapper", "settings", "slug"),
    [
        (Tag, {}, "cafe noir"),
        (Tag, {"SLUGIFY_PRESERVE_CASE": True}, "Cafe Noir"),
        (Tag, {"SLUGIFY_USE_UNICODE": True}, "caf\u00e9 noir"),
        (Tag, {"SLUG_REGEX_SUBSTITUTIONS": [[" ", "-"]]}, "cafe-noir"),
        (
            Tag,
            {
                "TAG_REGEX_SUBSTITUTIONS": [(" ", "+")],
                "SLUG_REGEX_SUBSTITUTIONS": SPACES_TO_HYPHENS,
            },
            "cafe+noir",
        ),
        (
            Category,
            {
                "CATEGORY_REGEX_SUBSTITUTIONS": [(" ", "_")],
                "TAG_REGEX_SUBSTITUTIONS": SPACES_TO_HYPHENS,
            },
            "cafe_noir",
        ),
        (
            Author,
            {
                "AUTHOR_REGEX_SUBSTITUTIONS": [(" ", "")],
                "SLUG_REGEX_SUBSTITUTIONS": SPACES_TO_HYPHENS,
            },
            "cafenoir",
        ),
    ],
    ids=["defaults", "case", "unicode", "substitutions", "tag", "category", "author"],
)
def test_slug_of_is_the_slug_pelican_gives(wrapper, settings, slug):
    named = wrapper("Caf\u00e9 Noir", settings)
    assert (slug_of(named), named.slug) == (slug, slug)


def test_a_tag_substitution_can_give_a_symbol_an_address(tmp_path):
    subs = [(r"\+", "plus"), *DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]]
    metadata = read(
        tmp_path, "pages/a.md", "Title: A\nTags: +\n\nText.\n", TAG_REGEX_SUBSTITUTIONS=subs
    )
    assert [tag.slug for tag in metadata["tags"]] == ["plus"]
