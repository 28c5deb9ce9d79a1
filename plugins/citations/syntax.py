"""Pure helpers for Pandoc's citation syntax: keys, citations, numbering, ranges.

The grammar is the Pandoc manual's "Citation syntax" section:

* ``[see @key, p. 33; also @other, chap. 2]``: sources separated by
  semicolons, each with an optional prefix, a locator and a suffix;
* ``[-@key]``: the author is not named (a numbered citation never names it);
* ``@key`` and ``@key [p. 33]``: narrative ("author in text") citations,
  the bracket holding the first source's locator or suffix and, after a
  semicolon, more sources (``@key [p. 33; @other]``, ``@key [@other]``);
* keys start with a letter, digit or "_" and may hold single inner
  punctuation (``:.#$%&-+?<>~/``); ``@{...}`` holds any other key.
"""

import re
from dataclasses import dataclass

from .locators import split_locator

# A plain key; punctuation only inside it, so "see @singh2023." ends before
# the full stop and "@a--b" is the key "a". "://" may run on (URL keys).
KEY = r"\w(?:\w|[:.#$%&+?<>~/-](?=\w)|[:/](?=/))*"
# "@{...}": any key without spaces, braces balanced one level deep.
BRACED = r"\{(?:[^{}\s]|\{[^{}\s]*\})+\}"
KEY_RE = re.compile(rf"(?P<braced>{BRACED})|(?P<plain>{KEY})")

# "@" (or "-@") that can start a citation: not inside an email address, a
# word, a URL or after a backslash.
NOT_AFTER = r"(?<![\w.+\-@/\\])"
MARK_RE = re.compile(rf"{NOT_AFTER}(?P<suppress>-)?@")

# Inside brackets: anything but brackets, or one level of balanced brackets.
BODY = r"(?:[^\[\]]|\[[^\[\]]*\])"
SPACE = r"[ \t]*(?:\n[ \t]*)?"

# A bracketed citation, or a narrative citation followed by its bracket.
# Any bracket holding an "@" that could start a citation is taken, so that a
# mistyped one is reported instead of left in the page. A following "(" or
# "[" makes it a Markdown link, which is left alone.
GROUP_RE = (
    rf"(?:(?P<head>{NOT_AFTER}-?@(?:{BRACED}|{KEY})){SPACE}\[(?P<tail>{BODY}*)\]"
    rf"|\[(?P<body>{BODY}*?{NOT_AFTER}-?@{BODY}*)\])(?![(\[])"
)

# A narrative citation on its own: "@key" or "-@key".
NARRATIVE_RE = rf"{NOT_AFTER}(?P<suppress>-)?@(?:(?P<braced>{BRACED})|(?P<key>{KEY}))"

HOW = (
    "Write each source as @key, with an optional prefix before it and a locator or "
    "suffix after it, and separate sources with semicolons, e.g. [see @key, p. 12; "
    "@other]. If the @ does not start a citation, write \\@"
)


class CitationSyntaxError(ValueError):
    """A citation that is not in a form Pandoc reads."""


@dataclass(frozen=True)
class Item:
    """One source in a citation; prefix and suffix are Markdown source text."""

    key: str
    locator: str = ""
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False


def _parts(body):
    """Split at semicolons outside brackets and braces."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(body):
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(char, 0)
        if char == ";" and depth == 0:
            parts.append(body[start:index])
            start = index + 1
    return [*parts, body[start:]]


def _key(match):
    return match["braced"][1:-1] if match["braced"] else match["plain"]


def _after_key(rest, raw, locale):
    """(locator text, suffix) from what follows a key."""
    if rest.strip() == ",":
        raise CitationSyntaxError(
            f"the citation {raw} has a comma but no locator. "
            "Remove the comma or add the locator, e.g. [@key, p. 12]"
        )
    locator, suffix = split_locator(rest, locale)
    return (locator.text if locator else ""), re.sub(r"\s+", " ", suffix).rstrip()


def _item(part, raw, locale):
    marks = list(MARK_RE.finditer(part))
    where = part.strip()
    if not marks:
        reason = (
            f"'{where}' names no source" if where else "a semicolon is not followed by a source"
        )
    elif len(marks) > 1:
        reason = f"'{where}' names more than one source without a semicolon between them"
    elif not (key := KEY_RE.match(part, marks[0].end())):
        reason = "an @ is not followed by a citation key"
    else:
        locator, suffix = _after_key(part[key.end() :], raw, locale)
        prefix = " ".join(part[: marks[0].start()].split())
        return Item(_key(key), locator, prefix, suffix, bool(marks[0]["suppress"]))
    raise CitationSyntaxError(f"cannot read the citation {raw}: {reason}. {HOW}")


def parse_group(body, head=None, raw=None, locale="en-US"):
    """Parse the inside of "[...]" into items; head is the "@key" before it, if any.

    >>> parse_group("see @a; @b, p. 12")
    [Item(key='a', locator='', prefix='see', suffix='', suppress_author=False), \
Item(key='b', locator='p. 12', prefix='', suffix='', suppress_author=False)]
    """
    raw = raw or f"[{body}]"
    parts = _parts(body)
    items = []
    if head is not None:
        mark = MARK_RE.match(head)
        first = Item(_key(KEY_RE.match(head, mark.end())), suppress_author=bool(mark["suppress"]))
        if not MARK_RE.search(parts[0]):
            locator, suffix = _after_key(parts.pop(0), raw, locale)
            first = Item(first.key, locator, "", suffix, first.suppress_author)
        items.append(first)
    for part in parts:
        item = _item(part, raw, locale)
        if item not in items:
            items.append(item)
    return items


def occurrence_label(index):
    """0 -> 'a', 25 -> 'z', 26 -> 'aa': letters for back-links."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("a") + rest) + label
    return label


@dataclass(frozen=True)
class Segment:
    """A run of the rendered group: a single number or a range first-last.

    detail is what keeps a source out of a range (its locator, prefix or
    suffix); it is empty for a plain number.
    """

    first: int
    last: int
    detail: object = ""

    @property
    def is_range(self):
        return self.last > self.first


def compress(numbered):
    """Sort (number, detail) pairs and join 3+ consecutive plain numbers.

    >>> compress([(3, ""), (1, ""), (2, "")])
    [Segment(first=1, last=3, detail='')]
    """
    # A plain number sorts before the same number with a detail; details of
    # one number are compared only with each other.
    ordered = sorted(numbered, key=lambda pair: (pair[0], bool(pair[1]), pair[1]))
    segments = []
    run = []

    def flush():
        if len(run) >= 3:
            segments.append(Segment(run[0], run[-1]))
        else:
            segments.extend(Segment(n, n) for n in run)
        run.clear()

    for number, detail in ordered:
        if detail:
            flush()
            segments.append(Segment(number, number, detail))
        elif run and number == run[-1] + 1:
            run.append(number)
        elif run and number == run[-1]:
            continue
        else:
            flush()
            run.append(number)
    flush()
    return segments


class Numbering:
    """Numbers sources in order of first citation and counts each one's uses."""

    def __init__(self):
        self.numbers = {}
        self.uses = {}

    def cite(self, key):
        """Return (number, occurrence label) for one more use of key."""
        number = self.numbers.setdefault(key, len(self.numbers) + 1)
        count = self.uses.get(key, 0)
        self.uses[key] = count + 1
        return number, occurrence_label(count)

    @property
    def keys(self):
        """Cited keys in number order."""
        return list(self.numbers)


def leftover_citation_marks(text):
    """The "@key" and "-@key" marks in built prose text, in order.

    text is prose as a reader sees it, with code left out by the caller; an
    email address, a URL's "/@name" and "\\@" are not marks.

    >>> leftover_citation_marks("See [-@bull2020] or write to help@example.org.")
    ['-@bull2020']
    """
    found = []
    for mark in MARK_RE.finditer(text):
        key = KEY_RE.match(text, mark.end())
        if key:
            found.append(text[mark.start() : key.end()])
    return found
