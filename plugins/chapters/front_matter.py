"""Front matter of the guide's chapters: required fields, dates, order and review.

Pelican reads metadata leniently: a missing field is simply absent, and a
malformed date is reported as "Could not process <file>" with the real cause
hidden. Authors need to be told which file, which line, which field and how
to fix it, so the Markdown reader is extended here to check chapters as they
are read. A chapter with problems raises ``FrontMatterError``; Pelican then
skips the file and logs an error, which fails the strict build.

Who is named (Authors, Reviewers) is checked against the editorial registry
on every build, in chapters.py, since a cached chapter is not read again.
"""

import functools
import os
import re
from datetime import datetime
from pathlib import Path

from jinja2 import TemplateNotFound
from jinja2.loaders import split_template_path
from pelican.readers import MarkdownReader
from pelican.urlwrappers import URLWrapper
from pelican.utils import slugify

from guidelib import Problem, ProblemsError, field_lines, line_of, relative, template_dirs

REQUIRED_FIELDS = ("title", "slug", "date", "modified", "summary", "authors", "order")
# A chapter is signed off with all three, or is a draft with none.
REVIEW_FIELDS = ("reviewers", "reviewed", "next_review")
DATE_FIELDS = ("date", "modified", "reviewed", "next_review")
# The review status is derived from the fields above, never written by hand.
TYPED_STATUS_FIELDS = ("status", "review_status")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")

# How an author writes each field, for the fix in an error message.
EXAMPLES = {
    "title": "Title: Why movement can help with depression",
    "slug": "Slug: why-movement-helps",
    "date": "Date: 2026-11-22",
    "modified": "Modified: 2026-11-22",
    "summary": "Summary: One or two plain sentences about the chapter.",
    "reviewed": "Reviewed: 2026-11-22",
    "next_review": "Next_review: 2027-11-22",
    "authors": "Authors: editorial-team",
    "reviewers": "Reviewers: <ids of clinical reviewers in the editorial registry>",
    "order": "Order: 1",
}


# The default of CHAPTERS_MAX_SOURCE_BYTES (chapters.py validates the setting).
MAX_SOURCE_BYTES = 512 * 1024


class FrontMatterError(ProblemsError):
    """A chapter's front matter is missing a field or has a malformed one."""


def parse_date(value):
    """Parse an ISO date (YYYY-MM-DD) strictly; raise ValueError otherwise."""
    value = value.strip()
    if not DATE_PATTERN.fullmatch(value):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    try:
        return datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise ValueError(f"{value!r} is not a real calendar date") from None


def parse_ids(value):
    """The ids of a comma-separated field such as ``Reviewers: a, b``, each once."""
    return list(dict.fromkeys(part.strip() for part in str(value).split(",") if part.strip()))


def _name(field):
    return field.capitalize()


def check_chapter(raw, lines, path):
    """Return the Problems of one chapter's raw front matter, in line order.

    ``raw`` maps lower-case field names to the text the author wrote; ``lines``
    maps them to their lines; ``path`` is the chapter's relative path.
    """
    problems = []

    def problem(name, message, hint):
        problems.append(Problem(path, message, line=lines.get(name, 1), hint=hint))

    def given(name):
        return bool(str(raw.get(name, "")).strip())

    for name in REQUIRED_FIELDS:
        if not given(name):
            problem(
                name,
                f"missing required field {_name(name)!r}",
                f"add a line such as '{EXAMPLES[name]}'",
            )
    dates = {}
    for name in DATE_FIELDS:
        if given(name):
            try:
                dates[name] = parse_date(str(raw[name]))
            except ValueError as error:
                problem(name, f"field {_name(name)!r}: {error}", f"write it as '{EXAMPLES[name]}'")
    if "reviewed" in dates and "next_review" in dates and dates["next_review"] <= dates["reviewed"]:
        problem(
            "next_review",
            "Next_review must be later than Reviewed",
            "set Next_review to the date the next review falls due",
        )
    signed = [name for name in REVIEW_FIELDS if given(name)]
    if signed and len(signed) < len(REVIEW_FIELDS):
        missing = [name for name in REVIEW_FIELDS if name not in signed]
        problem(
            signed[0],
            f"{' and '.join(map(_name, signed))} without {' and '.join(map(_name, missing))}: "
            "a chapter is signed off with Reviewers, Reviewed and Next_review, or it is a draft",
            f"add {' and '.join(EXAMPLES[name] for name in missing)} once a clinical "
            f"reviewer has reviewed the chapter, or remove {' and '.join(map(_name, signed))} "
            "to leave it a draft",
        )
    for name in TYPED_STATUS_FIELDS:
        if name in raw:
            problem(
                name,
                f"field {_name(name)!r}: the review status is derived, never typed",
                "remove the line: a chapter is reviewed when Reviewers, Reviewed and "
                "Next_review are set, and a draft until then",
            )
    order = str(raw.get("order", "")).strip()
    if order and not (order.isdigit() and int(order) > 0):
        problem(
            "order",
            f"field 'Order': {order!r} is not a positive whole number",
            "write it as 'Order: 1'",
        )
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


def template_problem(value, folders, extensions, path, line):
    """The Problem of a ``Template:`` field naming no template of the theme, or None.

    Pelican looks the template up only when it writes the page, and then
    stops the whole build with an error that names no file.
    """
    name = value.strip()
    try:
        # As Jinja reads a template's name: no "..", no empty part.
        parts = split_template_path(name)
    except TemplateNotFound:
        parts = []
    found = [
        os.path.isfile(os.path.join(folder, *parts[:-1], parts[-1] + extension))
        for folder in folders
        for extension in extensions
        if parts
    ]
    if any(found):
        return None
    known = sorted(
        {
            entry.name.removesuffix(extension)
            for folder in folders
            if os.path.isdir(folder)
            for entry in os.scandir(folder)
            for extension in extensions
            if entry.is_file() and entry.name.endswith(extension)
        }
    )
    return Problem(
        path,
        f"field 'Template': the theme has no template {name!r}",
        line=line,
        hint="remove the line to use the default template, or name one of the theme's: "
        + ", ".join(known),
    )


# The fields whose names become pages of their own (tag/x/, category/x/, author/x/).
NAMED_FIELDS = ("tags", "category", "author", "authors")


def slug_of(wrapper):
    """The slug Pelican makes for a tag, category or author (URLWrapper.slug).

    Pelican's own property logs a warning naming no file when the slug is
    empty; this computes the same slug without logging.
    """
    settings = wrapper.settings
    substitutions = settings.get(
        f"{type(wrapper).__name__.upper()}_REGEX_SUBSTITUTIONS",
        settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
    )
    return _slug(
        wrapper.name,
        tuple(tuple(pair) for pair in substitutions),
        settings.get("SLUGIFY_PRESERVE_CASE", False),
        settings.get("SLUGIFY_USE_UNICODE", False),
    )


@functools.lru_cache(maxsize=1024)
def _slug(name, substitutions, preserve_case, use_unicode):
    # Every chapter names its category and author again, on every build.
    return slugify(
        name, regex_subs=substitutions, preserve_case=preserve_case, use_unicode=use_unicode
    )


class ChapterMarkdownReader(MarkdownReader):
    """Markdown reader that checks chapters' front matter and keeps the outline."""

    def _is_chapter(self):
        path = Path(self._source_path).resolve()
        content = Path(self.settings["PATH"]).resolve()
        return any(
            path.is_relative_to(content / folder) for folder in self.settings["ARTICLE_PATHS"]
        )

    def read(self, source_path):
        limit = self.settings.get("CHAPTERS_MAX_SOURCE_BYTES", MAX_SOURCE_BYTES)
        size = os.path.getsize(source_path)
        if size > limit:
            raise FrontMatterError(
                [
                    Problem(
                        relative(source_path),
                        f"the file is {size:,} bytes, over the limit of {limit:,} "
                        "(CHAPTERS_MAX_SOURCE_BYTES)",
                        line=1,
                        hint="split it into several chapters, or raise the limit if the file "
                        "really is meant to be this long",
                    )
                ]
            )
        self._lines, self._outline = None, []
        content, metadata = super().read(source_path)
        metadata["outline"] = self._outline
        if self._lines is not None:
            metadata["front_matter_lines"] = self._lines
            metadata.setdefault("reviewers", [])
        return content, metadata

    def _parse_metadata(self, meta):
        # Check what the author wrote before Pelican's own processing, whose
        # errors name neither the file nor the field.
        raw = {name.lower(): "\n".join(value) for name, value in meta.items()}
        path = relative(self._source_path)
        problems = []
        if self._is_chapter() or "template" in raw:
            with open(self._source_path, encoding="utf-8-sig") as handle:
                lines = field_lines(handle.read())
        if self._is_chapter():
            self._lines = lines
            problems += check_chapter(raw, lines, path)
        if "template" in raw:
            folders = template_dirs(self.settings)
            extensions = self.settings["TEMPLATE_EXTENSIONS"]
            line = lines.get("template", 1)
            problem = template_problem(raw["template"], folders, extensions, path, line)
            problems += [problem] if problem else []
        if problems:
            raise FrontMatterError(sorted(problems, key=lambda p: (p.line or 0, p.message)))
        # Pelican converts formatted fields (the summary) with this same
        # Markdown instance after a reset, which would replace the outline of
        # the chapter's body: keep it before that happens.
        self._outline = getattr(self._md, "toc_tokens", [])
        return super()._parse_metadata(meta)

    def process_metadata(self, name, value):
        if name in ("reviewed", "next_review") and isinstance(value, str):
            return parse_date(value)
        if name == "order" and isinstance(value, str) and value.strip().isdigit():
            return int(value)
        if name == "reviewers" and isinstance(value, str):
            return parse_ids(value)
        result = super().process_metadata(name, value)
        if name in NAMED_FIELDS:
            named = result if isinstance(result, list) else [result]
            self._check_slugs(name, [item for item in named if isinstance(item, URLWrapper)])
        return result

    def _check_slugs(self, name, named):
        """A tag, category or author whose name makes no web address fails the file."""
        problems = [
            Problem(
                relative(self._source_path),
                f"field {_name(name)!r}: {item.name!r} has no letter or digit to make "
                "its page's address from",
                line=line_of(self._source_path, name),
                hint="use a name with letters or digits, or remove it",
            )
            for item in named
            if not slug_of(item)
        ]
        if problems:
            raise FrontMatterError(problems)
