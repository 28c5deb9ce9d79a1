"""`invoke new-chapter --title "..."`: start a chapter with everything the build requires.

Writes ``NN-slug.md`` in the site's chapter folder (the first of
ARTICLE_PATHS under PATH), with:

- ``Order``: one more than the highest Order of the chapters already there
  (1 for the first); ``NN`` is that number, two digits at least;
- ``Slug``: made from the title as Pelican makes slugs (SLUG_REGEX_SUBSTITUTIONS),
  or given with ``--slug``;
- ``Date`` and ``Modified``: today;
- ``Authors``: ``--author ID``, an author or editor of the editorial registry
  (EDITORIAL_DATA); without it, the registry's one author. An unknown id,
  a clinical reviewer, or a registry with several authors (or none) and no
  ``--author`` is refused, listing the ids that can be chosen: a chapter's
  authorship is a public claim, so it is never guessed between people;
- no Reviewers, Reviewed or Next_review: the chapter is a draft (the review
  status is derived, never typed) until a clinician signs it off;
- a Summary, an ``## In short`` list of two points and a first paragraph,
  each marked ``TODO``. The editorial placeholder scan finds them, so the
  chapter builds at once, `invoke check` lists each placeholder with its
  line, and `invoke publish` refuses them: nothing the chapter says is
  written for the author.

It refuses to overwrite a file, and a slug that a chapter already uses, in
its Slug line or in its file name. Each refusal is a guidelib.Problem and
exit status 1, and nothing is written. Usage:
``python -m sitebuild.new_chapter --title T [--author ID] [--slug S] [--settings F]``.
"""

import argparse
import datetime
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from guidelib import MARKDOWN_SUFFIXES, Problem, ProblemsError, field_lines, relative

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A chapter file's name: its number, a hyphen, its slug.
FILE_NAME = re.compile(r"(?P<number>\d+)-(?P<slug>.+)")

TEMPLATE = """\
Title: {title}
Slug: {slug}
Date: {today}
Modified: {today}
Summary: TODO one or two plain sentences on what this chapter is about.
Authors: {author}
Order: {order}
Category: Guide

## In short

- TODO the first main point, in at most 30 words.
- TODO the second main point.

TODO write the chapter here, in plain words, under ## and ### headings.
"""


class NewChapterError(ProblemsError):
    """The chapter cannot be started; ``problems`` says why, and nothing was written."""


@dataclass(frozen=True)
class Chapter:
    """What is known of a chapter already written: its file, Slug and Order."""

    path: Path
    slug: str
    slug_line: int
    order: int | None


@dataclass(frozen=True)
class NewChapter:
    path: Path
    text: str
    order: int
    slug: str
    author: str


def front_matter(text):
    """{field (lower case): value} of the front matter, up to the first blank line."""
    fields = {}
    for line in text.splitlines():
        if not line.strip():
            break
        name, sep, value = line.partition(":")
        if sep and not line[0].isspace():
            fields.setdefault(name.strip().lower(), value.strip())
    return fields


def read_chapters(folder):
    """The chapters in ``folder`` (none when it does not exist), by file name."""
    chapters = []
    if not folder.is_dir():
        return chapters
    for path in sorted(folder.iterdir()):
        if path.suffix not in MARKDOWN_SUFFIXES or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8-sig")
        fields = front_matter(text)
        order = fields.get("order", "")
        chapters.append(
            Chapter(
                path,
                fields.get("slug", ""),
                field_lines(text).get("slug", 1),
                int(order) if order.isdigit() else None,
            )
        )
    return chapters


def next_order(chapters):
    """One more than the highest Order (1 when there is none)."""
    return max((c.order for c in chapters if c.order is not None), default=0) + 1


def file_slug(path):
    """The slug in a chapter's file name ("03-kinds-of-movement.md" -> "kinds-of-movement")."""
    match = FILE_NAME.fullmatch(path.stem)
    return match["slug"] if match else path.stem


def slug_problems(slug, chapters, given):
    """Why ``slug`` cannot be the new chapter's; ``given`` when it came from --slug."""
    source = "--slug" if given else "the slug made from the title"
    if not SLUG_PATTERN.fullmatch(slug):
        return [
            Problem(
                "",
                f"{source} {slug!r} is not lower-case letters, digits and hyphens",
                hint="give one with --slug, for example --slug moving-on-bad-days",
            )
        ]
    problems = []
    for chapter in chapters:
        if chapter.slug == slug:
            where, line = chapter.path, chapter.slug_line
        elif file_slug(chapter.path) == slug:
            where, line = chapter.path, None
        else:
            continue
        problems.append(
            Problem(
                relative(where),
                f"the slug {slug!r} is already this chapter's"
                + (" (in its file name)" if line is None else ""),
                line=line,
                hint="give the new chapter its own with --slug, or another title",
            )
        )
    return problems


def choose_author(registry, author):
    """The id of the new chapter's author; raises NewChapterError listing the choices."""
    writers = registry.writers
    choices = ", ".join(person.id for person in writers) or "none"
    where = relative(registry.path)
    if author:
        person = registry.get(author)
        if person is not None and not person.is_clinical_reviewer:
            return person.id
        why = (
            f"{author!r} is a clinical reviewer, who reviews chapters and does not write them"
            if person is not None
            else f"no person {author!r} in the editorial registry"
        )
        close = [i for i in registry.close_ids(author) if i in {p.id for p in writers}]
        hint = f"did you mean {' or '.join(map(repr, close))}? Or choose" if close else "choose"
        raise NewChapterError(
            [Problem(where, why, hint=f"{hint} one of its authors and editors: {choices}")]
        )
    authors = [person for person in writers if person.role == "author"]
    if len(authors) == 1:
        return authors[0].id
    raise NewChapterError(
        [
            Problem(
                where,
                f"the registry has {len(authors) or 'no'} author{'s' if len(authors) != 1 else ''}"
                + (f" ({', '.join(p.id for p in authors)})" if authors else "")
                + ", so the new chapter's author cannot be chosen for you",
                hint=f"name one with --author ID; the authors and editors are: {choices}"
                if writers
                else "add the chapter's author to the registry, then name them with --author ID",
            )
        ]
    )


def plan_chapter(folder, registry, title, *, today, slugify, author=None, slug=None):
    """The NewChapter for ``title`` in the chapter folder ``folder``; raises NewChapterError.

    ``slugify`` makes a slug of the title (Pelican's, with the site's settings).
    """
    title = " ".join(title.split())
    if not title:
        raise NewChapterError(
            [Problem("", "the title is empty", hint='give it as --title "What the chapter is"')]
        )
    chapters = read_chapters(folder)
    given = slug is not None
    slug = slug if given else slugify(title)
    problems = slug_problems(slug, chapters, given)
    writer = None
    try:
        writer = choose_author(registry, author)
    except NewChapterError as error:
        problems += error.problems
    order = next_order(chapters)
    path = folder / f"{order:02d}-{slug}.md"
    if path.exists():
        problems.append(
            Problem(
                relative(path),
                "the file already exists and is never overwritten",
                hint="give the new chapter another slug with --slug",
            )
        )
    if problems:
        raise NewChapterError(problems)
    text = TEMPLATE.format(title=title, slug=slug, today=today, author=writer, order=order)
    return NewChapter(path, text, order, slug, writer)


def write_chapter(new):
    """Write the planned chapter; never over a file (one made meanwhile included)."""
    new.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(new.path, "x", encoding="utf-8") as handle:
            handle.write(new.text)
    except FileExistsError:
        raise NewChapterError(
            [Problem(relative(new.path), "the file already exists and is never overwritten")]
        ) from None
    return new.path


def site_paths(settings_file):
    """(chapter folder, registry path, slugify) from the site's Pelican settings."""
    from pelican.settings import read_settings
    from pelican.utils import slugify

    from plugins.editorial import Config

    settings = read_settings(str(settings_file))
    content = Path(settings["PATH"])
    folder = content / (settings["ARTICLE_PATHS"] or [""])[0]
    registry = content / settings.get("EDITORIAL_DATA", Config.data)
    subs = settings["SLUG_REGEX_SUBSTITUTIONS"]
    return folder, registry, lambda text: slugify(text, regex_subs=subs)


def parser():
    p = argparse.ArgumentParser(prog="invoke new-chapter", description=__doc__.splitlines()[0])
    p.add_argument("--title", required=True, help="the chapter's title, as readers see it")
    p.add_argument("--author", help="the id of its author in the editorial registry")
    p.add_argument("--slug", help="its slug (default: made from the title)")
    p.add_argument("--settings", default="pelicanconf.py", help="the site's settings file")
    return p


def main(argv=None, today=None, out=None):
    """Write the new chapter; return the exit status (1: refused, nothing written)."""
    out = out or sys.stdout
    args = parser().parse_args(argv)
    from plugins.editorial import RegistryError, load_registry

    folder, registry_path, slugify = site_paths(args.settings)
    try:
        registry = load_registry(os.path.abspath(registry_path))
        new = plan_chapter(
            folder,
            registry,
            args.title,
            today=(today or datetime.date.today()).isoformat(),
            slugify=slugify,
            author=args.author,
            slug=args.slug,
        )
        path = write_chapter(new)
    except (NewChapterError, RegistryError) as error:
        for problem in error.problems:
            print(f"new-chapter: {problem}", file=sys.stderr)
        print("new-chapter: nothing was written.", file=sys.stderr)
        return 1
    print(
        f"Wrote {relative(path)}: Order {new.order}, by {new.author}, a draft. "
        "Replace each TODO: `invoke check` lists them, `invoke publish` refuses them.",
        file=out,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
