"""The Pelican side of the chapters plugin: its settings, its reader and linking the chapters.

The handlers are called as Pelican calls them, with the few attributes of
Pelican's objects that they read; the whole build is in the integration tests.
"""

import datetime
import logging
from types import SimpleNamespace

import pytest
from conftest import receivers
from pelican import signals
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author
from test_review_status import REGISTRY

from guidelib import Problem, ProblemsError, SettingsError
from plugins import build_record
from plugins.build_record.build_record import _record
from plugins.chapters import chapters
from plugins.chapters.front_matter import MAX_SOURCE_BYTES, ChapterMarkdownReader
from plugins.editorial import Editorial

TODAY = datetime.date(2027, 1, 1)
OUTLINE = [{"level": 2, "id": f"h{n}", "name": f"Heading {n}", "children": []} for n in range(1, 4)]


def settings(**extra):
    return {**DEFAULT_CONFIG, "PLUGINS": ["plugins.editorial", "plugins.chapters"], **extra}


def chapter(order, name, **fields):
    """A chapter as the reader leaves it: the fields read from its front matter."""
    return SimpleNamespace(
        order=order,
        source_path=f"content/chapters/{name}.md",
        title=f"Chapter {name}",
        front_matter_lines={"title": 1, "order": 2, "authors": 3, "reviewers": 4},
        **fields,
    )


@pytest.fixture
def editorial(monkeypatch):
    """The editorial setup the editorial plugin would have loaded at start-up."""
    setup = Editorial(registry=REGISTRY, today=TODAY, page_source="content/pages/about.md")
    monkeypatch.setattr(chapters, "current", lambda: setup)
    build_record.reset()
    yield setup
    build_record.reset()


@pytest.fixture
def loaded(monkeypatch):
    """Settings as load_settings reads them, restored after the test."""
    monkeypatch.setattr(chapters, "_state", {})
    chapters.load_settings(SimpleNamespace(settings=settings()))


def link(articles, context=None, **extra):
    generator = SimpleNamespace(
        articles=articles, settings=settings(**extra), context=context or {}
    )
    chapters.link_chapters(generator)
    return generator


def test_settings_default_when_unset(monkeypatch):
    monkeypatch.setattr(chapters, "_state", {})
    chapters.load_settings(SimpleNamespace(settings=settings()))
    config = chapters._state["config"]
    assert (config.toc_min_headings, config.max_source_bytes) == (3, MAX_SOURCE_BYTES)


def test_settings_are_read_from_the_site(monkeypatch):
    monkeypatch.setattr(chapters, "_state", {})
    chapters.load_settings(
        SimpleNamespace(settings=settings(CHAPTERS_TOC_MIN_HEADINGS=1, CHAPTERS_MAX_SOURCE_BYTES=9))
    )
    assert chapters._state["config"] == chapters.Config(toc_min_headings=1, max_source_bytes=9)


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"CHAPTERS_TOC_MIN_HEADINGS": 0}, "must be at least 1, not 0"),
        ({"CHAPTERS_MAX_SOURCE_BYTES": -5}, "must be at least 1, not -5"),
        ({"CHAPTERS_TOC_MIN_HEADINGS": "3"}, "CHAPTERS_TOC_MIN_HEADINGS must be"),
        ({"CHAPTERS_TOC_HEADINGS": 3}, "Did you mean CHAPTERS_TOC_MIN_HEADINGS"),
    ],
)
def test_a_bad_setting_is_an_error_that_names_it(monkeypatch, extra, named):
    monkeypatch.setattr(chapters, "_state", {})
    with pytest.raises(SettingsError, match=named):
        chapters.load_settings(SimpleNamespace(settings=settings(**extra)))


def test_the_smallest_allowed_values_are_accepted(monkeypatch):
    monkeypatch.setattr(chapters, "_state", {})
    chapters.load_settings(
        SimpleNamespace(settings=settings(CHAPTERS_TOC_MIN_HEADINGS=1, CHAPTERS_MAX_SOURCE_BYTES=1))
    )
    assert chapters._state["config"].toc_min_headings == 1


def test_the_chapters_need_the_editorial_plugin(monkeypatch):
    monkeypatch.setattr(chapters, "_state", {})
    with pytest.raises(ProblemsError) as raised:
        chapters.load_settings(SimpleNamespace(settings=settings(PLUGINS=["plugins.chapters"])))
    assert raised.value.problems == [
        Problem(
            "pelicanconf.py",
            "the chapters plugin needs the editorial registry",
            hint="add 'plugins.editorial' to PLUGINS: chapters name their authors and "
            "reviewers by their ids in it",
        )
    ]


def test_markdown_files_are_read_by_the_chapter_reader():
    readers = SimpleNamespace(reader_classes={"md": object, "rst": object})
    chapters.use_chapter_reader(readers)
    assert readers.reader_classes["rst"] is object
    for extension in ChapterMarkdownReader.file_extensions:
        assert readers.reader_classes[extension] is ChapterMarkdownReader
    assert "md" in ChapterMarkdownReader.file_extensions


def test_a_reviewed_chapter_gets_its_review_and_its_authors_registry_names(editorial):
    one = chapter(
        1,
        "01-a",
        authors=[Author("writers", settings())],
        reviewers=["reviewer-one"],
        reviewed=datetime.datetime(2026, 11, 22, 10, 30),
        next_review=datetime.datetime(2027, 11, 22),
    )
    problems = chapters.review_chapter(one, editorial, settings())
    assert problems == []
    assert one.review.status == "reviewed"
    assert (one.review.reviewed, one.review.next_review) == (
        datetime.date(2026, 11, 22),
        datetime.date(2027, 11, 22),
    )
    assert [(a.name, a.slug) for a in one.authors] == [("Writing team", "writing-team")]
    assert one.author is one.authors[0]
    assert _record["pages"]["content/chapters/01-a.md"] == {
        "source": "content/chapters/01-a.md",
        "review": {
            "status": "reviewed",
            "reviewed": "2026-11-22",
            "next_review": "2027-11-22",
            "reviewers": ["reviewer-one"],
            "authors": ["writers"],
        },
        "lines": one.front_matter_lines,
        "title": "Chapter 01-a",
        "order": 1,
    }


def test_a_past_next_review_is_overdue_on_the_builds_date(editorial):
    one = chapter(
        1,
        "01-a",
        authors=[Author("writers", settings())],
        reviewers=["reviewer-one"],
        reviewed=datetime.datetime(2025, 1, 1),
        next_review=datetime.datetime(2026, 12, 31),
    )
    chapters.review_chapter(one, editorial, settings())
    assert one.review.status == "overdue"


def test_a_chapter_with_no_review_fields_is_a_draft_and_keeps_its_authors(editorial):
    one = chapter(2, "02-b")
    assert chapters.review_chapter(one, editorial, settings()) == []
    assert one.review.status == "draft"
    assert (one.review.reviewed, one.review.next_review) == (None, None)
    assert not hasattr(one, "authors")
    assert _record["pages"]["content/chapters/02-b.md"]["review"]["status"] == "draft"


def test_an_unknown_person_is_a_problem_at_the_fields_line(editorial):
    one = chapter(1, "01-a", authors=[Author("writerz", settings())])
    problems = chapters.review_chapter(one, editorial, settings())
    assert [(p.path, p.line) for p in problems] == [("content/chapters/01-a.md", 3)]
    assert "unknown person 'writerz'" in problems[0].message
    assert [a.name for a in one.authors] == ["writerz"]


def test_a_chapter_without_recorded_lines_is_still_reviewed(editorial):
    one = chapter(1, "01-a", authors=[Author("writerz", settings())])
    del one.front_matter_lines
    [problem] = chapters.review_chapter(one, editorial, settings())
    assert (problem.path, problem.line) == ("content/chapters/01-a.md", 1)
    assert _record["pages"]["content/chapters/01-a.md"]["lines"] == {}


def test_authors_pages_follow_the_sites_settings(editorial, loaded):
    one = chapter(1, "01-a", authors=[Author("writers", settings())])
    link([one], AUTHOR_URL="people/{slug}.html")
    assert one.author.url == "people/writing-team.html"


def test_chapters_are_linked_in_reading_order(editorial, loaded):
    three, one, two = chapter(3, "03-c"), chapter(1, "01-a"), chapter(2, "02-b")
    generator = link([three, one, two])
    assert generator.context["chapters"] == [one, two, three]
    assert (one.prev_chapter, one.next_chapter) == (None, two)
    assert (two.prev_chapter, two.next_chapter) == (one, three)
    assert (three.prev_chapter, three.next_chapter) == (two, None)
    assert [page["order"] for page in _record["pages"].values()] == [1, 2, 3]


def test_one_chapter_has_no_neighbours(editorial, loaded):
    only = chapter(1, "01-a")
    link([only])
    assert (only.prev_chapter, only.next_chapter) == (None, None)


def test_a_table_of_contents_needs_enough_headings(editorial, loaded):
    long, short, bare = (
        chapter(1, "01-a", outline=OUTLINE),
        chapter(2, "02-b", outline=OUTLINE[:2]),
        chapter(3, "03-c"),
    )
    link([long, short, bare])
    assert long.toc == [(f"h{n}", f"Heading {n}", []) for n in range(1, 4)]
    assert (short.toc, bare.toc) == ([], [])


def test_the_table_of_contents_follows_the_setting(editorial, monkeypatch):
    monkeypatch.setattr(chapters, "_state", {})
    chapters.load_settings(SimpleNamespace(settings=settings(CHAPTERS_TOC_MIN_HEADINGS=2)))
    short = chapter(1, "01-a", outline=OUTLINE[:2])
    link([short])
    assert [entry[0] for entry in short.toc] == ["h1", "h2"]


def test_order_and_review_problems_are_each_logged_once(editorial, loaded, caplog):
    first = chapter(1, "01-a", authors=[Author("writerz", settings())])
    again = chapter(1, "01-b")
    with caplog.at_level(logging.WARNING, logger="plugins.chapters"):
        link([first, again])
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2
    assert errors[0].startswith("content/chapters/01-b.md:2: Order 1 is also used by")
    assert errors[1].startswith("content/chapters/01-a.md:3: Authors: unknown person 'writerz'")


def order_errors(caplog, articles, context):
    with caplog.at_level(logging.WARNING, logger="plugins.chapters"):
        link(articles, context)
    return [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]


def test_a_chapter_pelican_could_not_read_leaves_no_gap_to_report(editorial, loaded, caplog):
    read = [chapter(1, "01-a"), chapter(3, "03-c")]
    unread = {"generated_content": {"chapters/01-a.md": read[0], "chapters/02-b.md": None}}
    assert order_errors(caplog, read, unread) == []
    read_all = {"generated_content": {"chapters/01-a.md": read[0]}}
    assert [error.split(": ", 1)[1] for error in order_errors(caplog, read, read_all)] == [
        "chapter order has a gap: no chapter has Order 2. Number the chapters 1 to 2."
    ]


def test_register_connects_each_handler_to_its_signal():
    chapters.register()
    assert chapters.load_settings in receivers(signals.initialized)
    assert chapters.use_chapter_reader in receivers(signals.readers_init)
    assert chapters.link_chapters in receivers(signals.article_generator_pretaxonomy)
