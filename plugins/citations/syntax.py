"""Pure helpers for Pandoc-style citation syntax: groups, numbering, ranges."""

import re
from dataclasses import dataclass

# A Pandoc citation key: starts with a word character; punctuation is allowed
# only inside it, so "see @singh2023." ends the key before the full stop.
KEY = r"\w+(?:[:.#$%&+?<>~/-]\w+)*"

# "@" that can start a citation: not part of an email address or a word.
AT = r"(?<![\w.+\-@/])@"

# A bracketed group that holds at least one "@key". Its inside is checked by
# parse_group so that a mistyped group is reported instead of half-rendered.
# A following "(" or "[" makes it a Markdown link, which is left alone.
GROUP_RE = rf"\[(?P<body>[^\[\]]*?{AT}{KEY}[^\[\]]*)\](?![(\[])"

NARRATIVE_RE = rf"{AT}(?P<key>{KEY})"

ITEM_RE = re.compile(rf"\s*@(?P<key>{KEY})\s*(?:,\s*(?P<locator>[^@]*?))?\s*")


class CitationSyntaxError(ValueError):
    """A bracketed group that is not in a supported form."""


@dataclass(frozen=True)
class Item:
    key: str
    locator: str = ""


def parse_group(body):
    """Parse the inside of "[...]" into items.

    >>> parse_group("@a; @b, p. 12")
    [Item(key='a', locator=''), Item(key='b', locator='p. 12')]
    """
    items = []
    for part in body.split(";"):
        match = ITEM_RE.fullmatch(part)
        if not match:
            raise CitationSyntaxError(
                f"cannot read the citation [{body}]. Write [@key], [@key1; @key2] "
                "or [@key, p. 12]: every source starts with @ and sources are "
                "separated by semicolons"
            )
        if match["locator"] is not None and not match["locator"]:
            raise CitationSyntaxError(
                f"the citation [{body}] has a comma but no locator. "
                "Remove the comma or add the locator, e.g. [@key, p. 12]"
            )
        item = Item(match["key"], match["locator"] or "")
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
    """A run of the rendered group: a single number or a range first-last."""

    first: int
    last: int
    locator: str = ""

    @property
    def is_range(self):
        return self.last > self.first


def compress(numbered):
    """Sort (number, locator) pairs and join 3+ consecutive plain numbers.

    >>> compress([(3, ""), (1, ""), (2, "")])
    [Segment(first=1, last=3, locator='')]
    """
    ordered = sorted(numbered, key=lambda pair: (pair[0], pair[1]))
    segments = []
    run = []

    def flush():
        if len(run) >= 3:
            segments.append(Segment(run[0], run[-1]))
        else:
            segments.extend(Segment(n, n) for n in run)
        run.clear()

    for number, locator in ordered:
        if locator:
            flush()
            segments.append(Segment(number, number, locator))
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
