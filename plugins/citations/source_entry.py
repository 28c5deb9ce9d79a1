"""A work's BibTeX entry, written the way content/references.bib writes its entries.

From a Crossref work record: the authors as "Family, I. N." (up to six; a
longer list is the first three and "others", which is what the AMA style
prints), the title with acronyms kept in braces, the journal or book, year,
volume, number, pages and the identifiers, fields aligned as in the library.
The year is the print year where Crossref has one, as the library's keys
use it ("szuhany2015" for a paper online in 2014 and in print in 2015).
"""

import re
import string
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from unidecode import unidecode

# Crossref work types and the BibTeX types the library reads.
TYPES = {
    "journal-article": "article",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-chapter": "incollection",
    "proceedings-article": "inproceedings",
    "report": "techreport",
    "dissertation": "phdthesis",
}
CONTAINER_FIELDS = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle"}
MOST_AUTHORS = 6
SHOWN_WHEN_MORE = 3
SPECIAL_RE = re.compile(r"([&%$#_])")
ACRONYM_RE = re.compile(r"\b(\w*[A-Z]\w*[A-Z]\w*)\b")


@dataclass
class Work:
    doi: str
    type: str = "misc"
    # (family, initials), or (organisation, "") for a body such as the WHO.
    authors: list = field(default_factory=list)
    others: bool = False
    title: str = ""
    container: str = ""
    publisher: str = ""
    year: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    pmid: str = ""
    pmcid: str = ""


def plain(text):
    """Crossref's text without markup such as <i> or <sub>, on one line."""
    return " ".join(BeautifulSoup(text or "", "html.parser").get_text().split())


def initials(given):
    """ "Kristin L." -> "K. L.", "Jean-Pierre" -> "J.-P." """
    names = [name for name in re.split(r"[\s.]+", given) if name]
    return " ".join("-".join(f"{part[0]}." for part in name.split("-") if part) for name in names)


def _first(message, name):
    values = message.get(name) or [""]
    return plain(values[0])


def _year(message):
    for name in ("published-print", "issued", "published-online", "published"):
        parts = (message.get(name) or {}).get("date-parts") or [[None]]
        if parts[0] and parts[0][0]:
            return str(parts[0][0])
    return ""


def work_from_crossref(message, doi):
    """A Work from Crossref's /works record (its "message")."""
    people = []
    for person in message.get("author") or []:
        if person.get("family"):
            people.append((plain(person["family"]), initials(plain(person.get("given", "")))))
        elif person.get("name"):
            people.append((plain(person["name"]), ""))
    others = len(people) > MOST_AUTHORS
    title = _first(message, "title")
    subtitle = _first(message, "subtitle")
    if subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}: {subtitle}"
    page = plain(message.get("page", ""))
    return Work(
        doi=doi,
        type=TYPES.get(message.get("type", ""), "misc"),
        authors=people[:SHOWN_WHEN_MORE] if others else people,
        others=others,
        title=title,
        container=_first(message, "container-title"),
        publisher=plain(message.get("publisher", "")),
        year=_year(message),
        volume=plain(message.get("volume", "")),
        number=plain(message.get("issue", "")),
        pages=re.sub(r"\s*[-\u2013]+\s*", "--", page),
    )


def make_key(work, taken):
    """First author's family name in lower-case ASCII plus the year; a letter if taken."""
    if work.authors:
        family, given = work.authors[0]
        name = family if given else family.split()[0]
    else:
        name = (work.title.split() or ["source"])[0]
    base = (re.sub(r"[^a-z]", "", unidecode(name).lower()) or "source") + work.year
    key = base
    letters = iter(string.ascii_lowercase)
    while key.casefold() in taken:
        key = base + next(letters)
    return key


def bib_value(text, protect=False):
    """Text as a braced BibTeX value: braces dropped, specials escaped."""
    text = text.replace("\\", "").replace("{", "").replace("}", "")
    if protect:
        text = ACRONYM_RE.sub(r"{\1}", text)
    return SPECIAL_RE.sub(r"\\\1", text)


def _author_field(work):
    names = [
        f"{bib_value(family)}, {given}" if given else f"{{{bib_value(family)}}}"
        for family, given in work.authors
    ]
    return " and ".join(names + (["others"] if work.others else []))


def entry_text(key, work, today):
    """The entry, with a comment saying where and when it was looked up."""
    fields = [
        ("author", _author_field(work)),
        ("title", bib_value(work.title, protect=True)),
        (CONTAINER_FIELDS.get(work.type, ""), bib_value(work.container)),
        ("publisher", bib_value(work.publisher) if work.type in ("book", "techreport") else ""),
        ("year", work.year),
        ("volume", bib_value(work.volume)),
        ("number", bib_value(work.number)),
        ("pages", bib_value(work.pages)),
        ("doi", work.doi),
        ("pmid", work.pmid),
        ("pmcid", work.pmcid),
    ]
    fields = [(name, value) for name, value in fields if name and value]
    width = max(7, *(len(name) for name, _ in fields))
    body = ",\n".join(f"  {name:<{width}} = {{{value}}}" for name, value in fields)
    return (
        f"% Looked up in Crossref and PubMed by invoke add-source on {today.isoformat()}.\n"
        f"@{work.type}{{{key},\n{body}\n}}\n"
    )
