"""Check library entries against Crossref (DOI) and PubMed (PMID) records.

`verify_references(bib_path, fetch=...)` takes the function that fetches a
URL's JSON, so tests pass recorded responses and never use the network.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

from bs4 import BeautifulSoup

from .library import load_library
from .mentions import fold

CROSSREF_URL = "https://api.crossref.org/works/{doi}"
ESUMMARY_URL = (
    "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esummary.fcgi?db=pubmed&retmode=json&id={ids}"
)
USER_AGENT = "citations-verify-references/1.0 (Pelican citations plugin)"


def fetch_json(url, timeout=20):
    """Fetch and decode a JSON document with the standard library only."""
    request = Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    with urlopen(request, timeout=timeout) as response:
        return json.load(response)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    key: str
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.key}: {self.message}"


@dataclass
class Report:
    findings: list = field(default_factory=list)
    # Set when the services could not be reached: says so in plain words.
    offline: str = ""
    checked: int = 0

    @property
    def ok(self):
        return not self.findings and not self.offline


def normal_title(title):
    text = BeautifulSoup(title, "html.parser").get_text(" ")
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


def titles_agree(ours, theirs):
    """Equal apart from case, accents, punctuation and markup: one changed word is a finding."""
    return normal_title(ours) == normal_title(theirs)


def _crossref_years(message):
    years = set()
    for name in ("issued", "published", "published-print", "published-online"):
        for parts in message.get(name, {}).get("date-parts", []):
            if parts and parts[0]:
                years.add(str(parts[0]))
    return years


def compare_crossref(reference, message):
    """Differences between a library entry and a Crossref work: [text]."""
    found = []
    titles = message.get("title") or [""]
    if not titles_agree(reference.title, titles[0]):
        found.append(f"Crossref title is {titles[0]!r}; the library has {reference.title!r}")
    authors = message.get("author") or []
    if authors and reference.authors:
        first = authors[0].get("family") or authors[0].get("name", "")
        if fold(first) != fold(reference.authors[0]):
            found.append(
                f"Crossref first author is {first!r}; the library has {reference.authors[0]!r}"
            )
    years = _crossref_years(message)
    if years and reference.year not in years:
        found.append(
            f"Crossref year is {'/'.join(sorted(years))}; the library has {reference.year!r}"
        )
    return found


def compare_pubmed(reference, summary):
    """Differences between a library entry and a PubMed esummary record: [text]."""
    found = []
    title = summary.get("title", "")
    if not titles_agree(reference.title, title):
        found.append(f"PubMed title is {title!r}; the library has {reference.title!r}")
    first = summary.get("sortfirstauthor", "").strip()
    if first and reference.authors:
        family = first.rsplit(maxsplit=1)[0]  # "Smith AB" -> "Smith"
        if fold(family) != fold(reference.authors[0]) and fold(first) != fold(reference.authors[0]):
            found.append(
                f"PubMed first author is {first!r}; the library has {reference.authors[0]!r}"
            )
    years = {summary.get(name, "")[:4] for name in ("pubdate", "epubdate")} - {""}
    if years and reference.year not in years:
        found.append(
            f"PubMed year is {'/'.join(sorted(years))}; the library has {reference.year!r}"
        )
    ids = {i.get("idtype"): i.get("value", "") for i in summary.get("articleids", [])}
    if reference.doi and ids.get("doi") and ids["doi"].casefold() != reference.doi.casefold():
        found.append(f"PubMed gives DOI {ids['doi']!r}; the library has {reference.doi!r}")
    return found


def _offline_message(service, error):
    reason = getattr(error, "reason", error)
    return (
        f"Could not reach {service} ({reason}). verify-references looks each DOI and "
        "PMID up online and needs a network connection; entries not reached were not checked."
    )


def verify_references(bib_path, fetch=fetch_json):
    """Look up every DOI (Crossref) and PMID (PubMed) of the library and compare."""
    library = load_library(bib_path)
    report = Report()
    for problem in library.problems:
        report.findings.append(Finding(problem.path, problem.line, "-", problem.message))
    references = list(library.references.values())

    for ref in (r for r in references if r.doi):
        try:
            data = fetch(CROSSREF_URL.format(doi=quote(ref.doi, safe="/")))
        except HTTPError as error:
            what = (
                "not found at Crossref"
                if error.code == 404
                else f"Crossref answered HTTP {error.code}"
            )
            report.findings.append(
                Finding(library.path, ref.line, ref.key, f"DOI {ref.doi} {what}")
            )
            continue
        except (URLError, OSError) as error:
            report.offline = _offline_message("api.crossref.org", error)
            return report
        report.checked += 1
        for text in compare_crossref(ref, data.get("message", {})):
            report.findings.append(Finding(library.path, ref.line, ref.key, text))

    with_pmid = [r for r in references if r.pmid]
    if not with_pmid:
        return report
    try:
        data = fetch(ESUMMARY_URL.format(ids=",".join(r.pmid for r in with_pmid)))
    except HTTPError as error:
        report.findings.append(
            Finding(library.path, 1, "-", f"NCBI E-utilities answered HTTP {error.code}")
        )
        return report
    except (URLError, OSError) as error:
        report.offline = _offline_message("eutils.ncbi.nlm.nih.gov", error)
        return report
    result = data.get("result", {})
    for ref in with_pmid:
        summary = result.get(ref.pmid)
        if not summary or "error" in summary:
            report.findings.append(
                Finding(library.path, ref.line, ref.key, f"PMID {ref.pmid} not found in PubMed")
            )
            continue
        report.checked += 1
        for text in compare_pubmed(ref, summary):
            report.findings.append(Finding(library.path, ref.line, ref.key, text))
    return report
