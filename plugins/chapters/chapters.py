"""The guide's chapters: strict front matter, reading order, outline and review.

- Markdown files are read by ``ChapterMarkdownReader``, which checks each
  chapter's front matter (see front_matter.py).
- Chapters are numbered by their ``Order`` field. The numbers must run 1, 2,
  3 ... with no gap and no repeat; each chapter gets ``prev_chapter`` and
  ``next_chapter`` for the theme.
- A chapter with at least CHAPTERS_TOC_MIN_HEADINGS second-level headings
  gets ``toc``: the headings, taken from Python-Markdown's own outline of the
  text, so no HTML is parsed again.
- Each chapter's Authors and Reviewers are looked up in the editorial
  registry (plugins.editorial), and it gets ``review``: its derived review
  status, reviewers and dates for the theme. The same facts go into the build
  record, for ``review_warnings`` in ``invoke check`` (see review.py).
"""

import logging
from dataclasses import dataclass, field
from typing import ClassVar

from pelican import signals
from pelican.urlwrappers import Author

from guidelib import Problem, ProblemsError, read_plugin_settings, relative
from plugins.build_record import note_page
from plugins.editorial import current, derive_review

from .front_matter import MAX_SOURCE_BYTES, ChapterMarkdownReader

logger = logging.getLogger(__name__)

EDITORIAL_PLUGIN = "plugins.editorial"


def _positive(value):
    return None if value > 0 else f"must be at least 1, not {value!r}"


@dataclass(frozen=True)
class Config:
    PREFIX: ClassVar[str] = "CHAPTERS_"
    toc_min_headings: int = field(
        default=3, metadata={"check": _positive, "example": "CHAPTERS_TOC_MIN_HEADINGS = 3"}
    )
    # The largest Markdown file the build reads. Python-Markdown's time grows
    # faster than the text, so a file far larger than any chapter (a chapter
    # is about 8 KB) is refused before Markdown sees it, and never hangs a
    # build or a preview.
    max_source_bytes: int = field(
        default=MAX_SOURCE_BYTES,
        metadata={"check": _positive, "example": "CHAPTERS_MAX_SOURCE_BYTES = 524288"},
    )


_state = {}


def load_settings(pelican):
    _state["config"] = read_plugin_settings(pelican.settings, Config)
    if EDITORIAL_PLUGIN not in pelican.settings["PLUGINS"]:
        raise ProblemsError(
            [
                Problem(
                    "pelicanconf.py",
                    "the chapters plugin needs the editorial registry",
                    hint=f"add '{EDITORIAL_PLUGIN}' to PLUGINS: chapters name their authors and "
                    "reviewers by their ids in it",
                )
            ]
        )


def use_chapter_reader(readers):
    for extension in ChapterMarkdownReader.file_extensions:
        readers.reader_classes[extension] = ChapterMarkdownReader


def order_problems(chapters, all_read=True):
    """Return Problems for gaps and repeats in the chapters' Order numbers.

    Unless ``all_read``, a chapter could not be read (its own error says why),
    and the gap it leaves is not reported: the author has nothing to renumber.
    """
    seen = {}
    problems = []
    for chapter in chapters:
        path = relative(chapter.source_path)
        if chapter.order in seen:
            first = relative(seen[chapter.order].source_path)
            line = getattr(chapter, "front_matter_lines", {}).get("order")
            problems.append(
                Problem(
                    path,
                    f"Order {chapter.order} is also used by {first}",
                    line=line,
                    hint="give each chapter its own number",
                )
            )
        seen.setdefault(chapter.order, chapter)
    expected = set(range(1, len(seen) + 1))
    missing = sorted(expected - set(seen))
    if missing and all_read:
        last = max(chapters, key=lambda chapter: chapter.order)
        problems.append(
            Problem(
                relative(last.source_path),
                "chapter order has a gap: no chapter has Order " + ", ".join(map(str, missing)),
                line=getattr(last, "front_matter_lines", {}).get("order"),
                hint=f"number the chapters 1 to {len(seen)}",
            )
        )
    return problems


def table_of_contents(outline, min_headings):
    """Return the second-level headings as (id, title, children) if there are enough."""
    headings = [token for token in outline if token["level"] == 2]
    if len(headings) < min_headings:
        return []
    return [(h["id"], h["name"], [(c["id"], c["name"]) for c in h["children"]]) for h in headings]


def _day(value):
    return value.date() if value is not None else None


def review_chapter(chapter, editorial, settings):
    """Give ``chapter`` its ``review`` and its authors' registry names; return problems."""
    lines = getattr(chapter, "front_matter_lines", {})
    review = derive_review(
        editorial.registry,
        path=relative(chapter.source_path),
        lines=lines,
        authors=[author.name for author in getattr(chapter, "authors", [])],
        reviewers=getattr(chapter, "reviewers", []),
        reviewed=_day(getattr(chapter, "reviewed", None)),
        next_review=_day(getattr(chapter, "next_review", None)),
        today=editorial.today,
    )
    chapter.review = review
    if review.authors:
        # Pages by author show the registry's names; the front matter has ids.
        chapter.authors = [Author(person.name, settings) for person in review.authors]
        chapter.author = chapter.authors[0]
    note_page(
        chapter, review=review.as_record(), lines=lines, title=chapter.title, order=chapter.order
    )
    return review.problems


def unread_sources(context):
    """The sources Pelican could not read this build: it records them with None."""
    return [
        path for path, content in context.get("generated_content", {}).items() if content is None
    ]


def link_chapters(generator):
    chapters = sorted(generator.articles, key=lambda a: a.order)
    problems = order_problems(chapters, all_read=not unread_sources(generator.context))
    editorial = current()
    for chapter in chapters:
        problems += review_chapter(chapter, editorial, generator.settings)
    for problem in problems:
        problem.log(logger)
    min_headings = _state["config"].toc_min_headings
    for index, chapter in enumerate(chapters):
        chapter.prev_chapter = chapters[index - 1] if index > 0 else None
        chapter.next_chapter = chapters[index + 1] if index + 1 < len(chapters) else None
        chapter.toc = table_of_contents(getattr(chapter, "outline", []), min_headings)
    generator.context["chapters"] = chapters


def register():
    signals.initialized.connect(load_settings)
    signals.readers_init.connect(use_chapter_reader)
    signals.article_generator_pretaxonomy.connect(link_chapters)
