"""The reference library: a BibTeX file read once per build and formatted with CSL.

pybtex reads the BibTeX (so LaTeX, names and @string macros are handled by a
maintained parser) and citeproc-py formats every entry once with the chosen
CSL style. Articles then reuse the formatted text.
"""

import logging
import os
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from bs4 import BeautifulSoup
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from pybtex.database.input.bibtex import LowLevelParser, Parser
from pybtex.exceptions import PybtexError
from pybtex.plugin import find_plugin
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

from guidelib import Problem

logger = logging.getLogger(__name__)

CSL_NS = "{http://purl.org/net/xbiblio/csl}"

DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
PMID_RE = re.compile(r"[1-9]\d{0,8}")
PMCID_RE = re.compile(r"PMC\d{1,9}")

# BibTeX entry types mapped to CSL types; anything else is treated as a report.
CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "manual": "report",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "techreport": "report",
    "online": "webpage",
    "misc": "document",
}


@dataclass(frozen=True)
class Reference:
    """One library entry, formatted once."""

    key: str
    line: int
    html: str
    title: str
    year: str
    authors: tuple = ()
    short_author: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""

    @property
    def doi_url(self):
        return f"https://doi.org/{quote(self.doi, safe='/:;()._-')}" if self.doi else ""

    @property
    def pubmed_url(self):
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""

    @property
    def pmc_url(self):
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{self.pmcid}/" if self.pmcid else ""

    @property
    def narrative(self):
        """The in-text form, e.g. 'Singh et al. (2023)'."""
        return f"{self.short_author} ({self.year})" if self.year else self.short_author


@dataclass
class Library:
    path: str
    references: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    # True when the file could not be read at all: citations then cannot be
    # checked, and reporting every one as unknown would bury the real error.
    broken: bool = False
    missing: bool = False

    @property
    def unreadable(self):
        """The file exists but could not be parsed (already reported)."""
        return self.broken and not self.missing

    def __contains__(self, key):
        return key in self.references

    def __getitem__(self, key):
        return self.references[key]


# pybtex's render_as("text") looks the backend up among installed entry points
# on every call, which costs more than the rendering: look it up once.
_TEXT_BACKEND = find_plugin("pybtex.backends", "text")()


def latex_to_text(value):
    return Text.from_latex(value).render(_TEXT_BACKEND).strip()


def short_author(authors):
    """Authors' short form used in narrative citations ("et al." marks more)."""
    if not authors:
        return ""
    if len(authors) == 1:
        return authors[0]
    if len(authors) == 2 and authors[1] != "et al.":
        return f"{authors[0]} and {authors[1]}"
    return f"{authors[0]} et al."


def _person_csl(person):
    if not person.first_names and not person.middle_names and not person.prelast_names:
        # A braced corporate author such as {World Health Organization}.
        return {"literal": latex_to_text(" ".join(person.last_names))}
    given = " ".join(person.first_names + person.middle_names)
    family = " ".join(person.prelast_names + person.last_names)
    return {"family": latex_to_text(family), "given": latex_to_text(given)}


def _is_others(person):
    return str(person).casefold() == "others"


def _family(person_csl):
    return person_csl.get("family") or person_csl.get("literal", "")


def entry_to_csl(key, entry):
    """Turn a pybtex entry into CSL-JSON for citeproc-py."""
    fields = {name.lower(): value for name, value in entry.fields.items()}
    item = {"id": key, "type": CSL_TYPES.get(entry.type.lower(), "report")}
    for role in ("author", "editor"):
        people = entry.persons.get(role, [])
        named = [_person_csl(p) for p in people if not _is_others(p)]
        if named and len(named) < len(people):
            # BibTeX's "and others": the style only shortens lists that are
            # long enough, so say it explicitly.
            named.append({"literal": "et al."})
        if named:
            item[role] = named
    simple = {
        "title": "title",
        "journal": "container-title",
        "booktitle": "container-title",
        "publisher": "publisher",
        "institution": "publisher",
        "organization": "publisher",
        "volume": "volume",
        "number": "issue",
        "edition": "edition",
        "url": "URL",
        "note": "note",
    }
    for bib_name, csl_name in simple.items():
        if bib_name in fields and csl_name not in item:
            item[csl_name] = latex_to_text(fields[bib_name])
    if "pages" in fields:
        # CSL applies the style's own range format; give it a plain hyphen.
        item["page"] = latex_to_text(fields["pages"].replace("--", "-"))
    if "year" in fields:
        item["issued"] = {"date-parts": [[int(fields["year"])]]}
    for name, csl_name in (("doi", "DOI"), ("pmid", "PMID"), ("pmcid", "PMCID")):
        if name in fields:
            item[csl_name] = fields[name].strip()
    return item


def load_style(style, locale="en-US"):
    """Load a CSL style by bundled name or path, without its numbering.

    The numbered list in the page supplies the numbers, so every
    `citation-number` the style prints is removed once here, in its
    bibliography layout and in the macros it calls alike. The style's
    citation layout is never used (the plugin numbers citations itself), so
    removing the number from a macro the two share changes nothing else. A
    `<label>` of the number goes with it, or "citation" would be printed
    alone. (citeproc-py prints nothing for a `<number>` of it.)
    """
    csl = CitationStylesStyle(style, locale=locale, validate=False)
    for node in list(csl.root.iter(f"{CSL_NS}text", f"{CSL_NS}label")):
        if node.get("variable") == "citation-number":
            node.getparent().remove(node)
    return csl


def clean_html(html):
    """Make citeproc-py's HTML safe under a strict CSP and valid HTML."""
    soup = BeautifulSoup(html, "html.parser")
    for span in soup.find_all("span", style=True):
        del span["style"]
        span["class"] = "citations-smallcaps"
    for light in soup.find_all("l"):
        light.name = "span"
        light["class"] = "citations-light"
    return str(soup).strip()


def format_references(csl_items, style):
    """Format every item once; returns {key: html}, html None for an empty entry.

    Items are rendered one at a time: citeproc-py leaves out of its list an
    entry the style renders as nothing, which would shift every later text
    onto the wrong key.
    """
    if not csl_items:
        return {}
    bibliography = CitationStylesBibliography(style, CiteProcJSON(csl_items), formatter.html)
    for item in csl_items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    formatted = {}
    for item, registered in zip(csl_items, bibliography.items, strict=True):
        texts = style.render_bibliography([registered])
        formatted[item["id"]] = clean_html(str(texts[0])) if texts else None
    return formatted


def _line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def _field_line(text, start, end, name, default):
    match = re.search(rf"\b{re.escape(name)}\s*=", text[start:end], re.IGNORECASE)
    return _line_of(text, start + match.start()) if match else default


def _identifier_problems(path, key, fields, text, start, end, line):
    checks = (
        (
            "doi",
            DOI_RE,
            "DOI",
            "Write the bare DOI, e.g. 10.1136/bjsports-2022-106195, "
            "without a https://doi.org/ prefix.",
        ),
        ("pmid", PMID_RE, "PMID", "A PMID is up to 9 digits, e.g. 36796860."),
        ("pmcid", PMCID_RE, "PMCID", "Write PMC followed by digits, e.g. PMC4314337."),
    )
    found = []
    lowered = {name.lower(): value for name, value in fields.items()}
    for name, pattern, label, hint in checks:
        value = lowered.get(name)
        if value is not None and not pattern.fullmatch(value.strip()):
            where = _field_line(text, start, end, name, line)
            found.append(
                Problem(
                    path, f"entry '{key}' has a malformed {label} {value!r}. {hint}", line=where
                )
            )
    return found


def _year_problem(path, key, fields, text, start, end, line):
    year = {name.lower(): value for name, value in fields.items()}.get("year")
    if year is None or re.fullmatch(r"\d{4}", year.strip()):
        return None
    where = _field_line(text, start, end, "year", line)
    return Problem(
        path,
        f"entry '{key}' has a malformed year {year!r}. Write four digits, e.g. 2023.",
        line=where,
    )


def _raise(error):
    raise error


def parse_bibtex(text, path):
    """Parse BibTeX text into (entries, problems).

    entries maps key -> (pybtex Entry, line, start offset, end offset).
    """
    parser = Parser()
    low = LowLevelParser(text, handle_error=_raise, macros=parser.macros, filename=path)
    entries, problems, starts = {}, [], []
    seen = {}
    try:
        for command, body in low:
            start = low.command_start
            starts.append(start)
            if command.lower() in ("string", "preamble"):
                continue
            key, raw_fields = body
            line = _line_of(text, start)
            folded = key.casefold()
            if folded in seen:
                problems.append(
                    Problem(
                        path,
                        f"duplicate key '{key}' (first defined on line {seen[folded]}). "
                        "Give each entry its own key, or delete the repeated entry.",
                        line=line,
                    )
                )
                continue
            seen[folded] = line
            before = len(parser.data.entries)
            try:
                parser.process_entry(command, key, raw_fields)
            except PybtexError as error:
                problems.append(Problem(path, f"entry '{key}': {error}. Fix the entry.", line=line))
                continue
            if len(parser.data.entries) > before:
                entries[key] = [parser.data.entries[key], line, start, len(text)]
    except PybtexSyntaxError as error:
        entry_line = _line_of(text, error.error_context_info[0] or 0)
        problems.append(
            Problem(
                path,
                f"cannot parse the library: {error} (in the entry that starts on line "
                f"{entry_line}). Check the braces, commas and quotes of that entry.",
                line=error.lineno or entry_line,
            )
        )
        return {}, problems, True
    # Each entry's text ends where the next command starts; used to find
    # the line of a bad field.
    starts.append(len(text))
    for record in entries.values():
        later = [s for s in starts if s > record[2]]
        record[3] = later[0] if later else len(text)
    return entries, problems, False


def load_library(path, style="american-medical-association", locale="en-US"):
    """Read, check and format the whole library. Never raises for author errors.

    style is a bundled style name, a .csl path or a style from load_style().
    """
    library = Library(path=path)
    if not os.path.exists(path):
        library.broken = library.missing = True
        return library
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        library.problems.append(
            Problem(path, f"cannot read the library: {error}. Save it as UTF-8.", line=1)
        )
        library.broken = True
        return library
    entries, problems, broken = parse_bibtex(text, path)
    library.problems.extend(problems)
    library.broken = broken
    csl_items, details = [], {}
    for key, (entry, line, start, end) in entries.items():
        library.problems.extend(
            _identifier_problems(path, key, entry.fields, text, start, end, line)
        )
        bad_year = _year_problem(path, key, entry.fields, text, start, end, line)
        if bad_year:
            library.problems.append(bad_year)
            continue
        item = entry_to_csl(key, entry)
        csl_items.append(item)
        details[key] = (line, item)
    if isinstance(style, str):
        style = load_style(style, locale)
    formatted = format_references(csl_items, style)
    for key, (line, item) in details.items():
        if not formatted[key]:
            library.problems.append(
                Problem(
                    path,
                    f"entry '{key}' shows nothing in the reference list: the style "
                    "found none of the fields it prints. Give it an author "
                    "or a title.",
                    line=line,
                )
            )
            continue
        families = [_family(person) for person in item.get("author", item.get("editor", []))]
        library.references[key] = Reference(
            key=key,
            line=line,
            html=formatted[key],
            title=item.get("title", ""),
            year=str(item["issued"]["date-parts"][0][0]) if "issued" in item else "",
            authors=tuple(f for f in families if f != "et al."),
            short_author=short_author(families) or item.get("title", key),
            doi=item.get("DOI", "") if DOI_RE.fullmatch(item.get("DOI", "")) else "",
            pmid=item.get("PMID", "") if PMID_RE.fullmatch(item.get("PMID", "")) else "",
            pmcid=item.get("PMCID", "") if PMCID_RE.fullmatch(item.get("PMCID", "")) else "",
        )
    return library
