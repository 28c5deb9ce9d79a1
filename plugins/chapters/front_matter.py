"""Front matter of the guide's chapters: required fields, dates and order.

Pelican reads metadata leniently: a missing field is simply absent, and a
malformed date is reported as "Could not process <file>" with the real cause
hidden. Authors need to be told which file, which line, which field and how
to fix it, so the Markdown reader is extended here to check chapters as they
are read. A chapter with problems raises ``FrontMatterError``; Pelican then
skips the file and logs an error, which fails the strict build.
"""

import os
import re
from datetime import datetime
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader

REQUIRED_FIELDS = (
    "title",
    "slug",
    "date",
    "modified",
    "summary",
    "reviewed",
    "next_review",
    "authors",
    "reviewers",
    "order",
)
DATE_FIELDS = ("date", "modified", "reviewed", "next_review")
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
    "authors": "Authors: Guide editorial team",
    "reviewers": "Reviewers: Clinical review panel",
    "order": "Order: 1",
}


class FrontMatterError(ValueError):
    """A chapter's front matter is missing a field or has a malformed one."""


def field_lines(text):
    """Map each front-matter field name (lower case) to its 1-based line number."""
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        name, sep, _ = line.partition(":")
        if sep and not line[0].isspace():
            lines.setdefault(name.strip().lower().replace(" ", "_"), number)
    return lines


def parse_date(value):
    """Parse an ISO date (YYYY-MM-DD) strictly; raise ValueError otherwise."""
    value = value.strip()
    if not DATE_PATTERN.fullmatch(value):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    try:
        return datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise ValueError(f"{value!r} is not a real calendar date") from None


def check_chapter(raw, lines):
    """Return the problems of one chapter's raw front matter, as (line, message) pairs.

    ``raw`` maps lower-case field names to the text the author wrote.
    """
    problems = []
    for name in REQUIRED_FIELDS:
        if not str(raw.get(name, "")).strip():
            problems.append(
                (
                    lines.get(name, 1),
                    f"missing required field {name.capitalize()!r}; "
                    f"add a line such as '{EXAMPLES[name]}'",
                )
            )
    dates = {}
    for name in DATE_FIELDS:
        if str(raw.get(name, "")).strip():
            try:
                dates[name] = parse_date(str(raw[name]))
            except ValueError as error:
                problems.append(
                    (
                        lines.get(name, 1),
                        f"field {name.capitalize()!r}: {error}; write it as '{EXAMPLES[name]}'",
                    )
                )
    if "reviewed" in dates and "next_review" in dates and dates["next_review"] <= dates["reviewed"]:
        problems.append((lines["next_review"], "Next_review must be later than Reviewed"))
    order = str(raw.get("order", "")).strip()
    if order and not (order.isdigit() and int(order) > 0):
        problems.append(
            (
                lines.get("order", 1),
                f"field 'Order': {order!r} is not a positive whole number; write it as 'Order: 1'",
            )
        )
    return sorted(problems)


class ChapterMarkdownReader(MarkdownReader):
    """Markdown reader that checks chapters' front matter and keeps the outline."""

    def _is_chapter(self):
        path = Path(self._source_path).resolve()
        content = Path(self.settings["PATH"]).resolve()
        return any(
            path.is_relative_to(content / folder) for folder in self.settings["ARTICLE_PATHS"]
        )

    def read(self, source_path):
        content, metadata = super().read(source_path)
        metadata["outline"] = self._outline
        return content, metadata

    def _parse_metadata(self, meta):
        # Check what the author wrote before Pelican's own processing, whose
        # errors name neither the file nor the field.
        if self._is_chapter():
            raw = {name.lower(): "\n".join(value) for name, value in meta.items()}
            with open(self._source_path, encoding="utf-8-sig") as handle:
                lines = field_lines(handle.read())
            problems = check_chapter(raw, lines)
            if problems:
                where = os.path.relpath(self._source_path)
                raise FrontMatterError(
                    "; ".join(f"{where}:{line}: {text}" for line, text in problems)
                )
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
        return super().process_metadata(name, value)


def read_front_matter(path):
    """Return a chapter file's front matter as {lower-case field: text}."""
    parser = Markdown(extensions=["markdown.extensions.meta"])
    with open(path, encoding="utf-8-sig") as handle:
        parser.convert(handle.read())
    return {name: "\n".join(value) for name, value in parser.Meta.items()}


def reviews_due(chapters_folder, today):
    """Warnings, as (path, message) pairs, for chapters whose Next_review is not after ``today``.

    ``today`` is a parameter so that nothing here depends on the clock.
    """
    warnings = []
    for path in sorted(Path(chapters_folder).glob("*.md")):
        due = read_front_matter(path).get("next_review", "")
        try:
            due_date = parse_date(due).date()
        except ValueError:
            continue  # the build reports malformed dates as errors
        if due_date <= today:
            warnings.append(
                (str(path), f"review was due on {due_date.isoformat()}; review the chapter "
                 "and update Reviewed and Next_review")
            )
    return warnings
