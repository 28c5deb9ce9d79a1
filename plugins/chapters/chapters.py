"""The guide's chapters: strict front matter, reading order and outline.

- Markdown files are read by ``ChapterMarkdownReader``, which checks each
  chapter's front matter (see front_matter.py).
- Chapters are numbered by their ``Order`` field. The numbers must run 1, 2,
  3 ... with no gap and no repeat; each chapter gets ``prev_chapter`` and
  ``next_chapter`` for the theme.
- A chapter with at least CHAPTERS_TOC_MIN_HEADINGS second-level headings
  gets ``toc``: the headings, taken from Python-Markdown's own outline of the
  text, so no HTML is parsed again.
"""

import logging

from pelican import signals

from .front_matter import ChapterMarkdownReader

logger = logging.getLogger(__name__)

DEFAULTS = {"CHAPTERS_TOC_MIN_HEADINGS": 3}


def use_chapter_reader(readers):
    for extension in ChapterMarkdownReader.file_extensions:
        readers.reader_classes[extension] = ChapterMarkdownReader


def order_problems(chapters):
    """Return messages for gaps and repeats in the chapters' Order numbers."""
    seen = {}
    problems = []
    for chapter in chapters:
        if chapter.order in seen:
            problems.append(
                f"{chapter.source_path}: Order {chapter.order} is also used by "
                f"{seen[chapter.order].source_path}; give each chapter its own number"
            )
        seen.setdefault(chapter.order, chapter)
    expected = set(range(1, len(seen) + 1))
    missing = sorted(expected - set(seen))
    if missing:
        problems.append(
            "chapter order has a gap: no chapter has Order "
            + ", ".join(map(str, missing))
            + f"; the chapters must be numbered 1 to {len(seen)}"
        )
    return problems


def table_of_contents(outline, min_headings):
    """Return the second-level headings as (id, title, children) if there are enough."""
    headings = [token for token in outline if token["level"] == 2]
    if len(headings) < min_headings:
        return []
    return [(h["id"], h["name"], [(c["id"], c["name"]) for c in h["children"]]) for h in headings]


def link_chapters(generator):
    chapters = sorted(generator.articles, key=lambda a: a.order)
    for problem in order_problems(chapters):
        logger.error("%s", problem)
    min_headings = generator.settings.get(
        "CHAPTERS_TOC_MIN_HEADINGS", DEFAULTS["CHAPTERS_TOC_MIN_HEADINGS"]
    )
    for index, chapter in enumerate(chapters):
        chapter.prev_chapter = chapters[index - 1] if index > 0 else None
        chapter.next_chapter = chapters[index + 1] if index + 1 < len(chapters) else None
        chapter.toc = table_of_contents(getattr(chapter, "outline", []), min_headings)
    generator.context["chapters"] = chapters


def register():
    signals.readers_init.connect(use_chapter_reader)
    signals.article_generator_pretaxonomy.connect(link_chapters)
