"""`invoke add-source DOI-or-PMID`: look a work up and append its BibTeX entry to the library.

Crossref (/works/DOI) gives the work's details. PubMed E-utilities find the
PMID of a DOI (esearch) and confirm it: a PMID, and the PMCID with it, is
written only when PubMed's own record (esummary) names the same DOI. Given
a PMID, PubMed's record gives the DOI and Crossref the details.

The key is made as the library's keys are: the first author's family name in
lower-case ASCII and the year ("singh2023"); a second work by the same first
author in the same year gets a letter ("singh2023a"). A key, DOI or PMID
already in the library is refused, naming the entry that has it.

The entry is appended as text, so every other byte of the file (entries,
comments, spacing) stays as it was; the new file is parsed with the library's
own parser before anything is written. Offline, nothing is written.

Like verify_references, add_source() takes the function that fetches a URL's
JSON, so the tests replay recorded answers and never use the network.
"""

import argparse
import datetime
import re
import sys
from dataclasses import dataclass, field
from urllib.error import HTTPError, URLError
from urllib.parse import quote

from guidelib import relative

from .library import DOI_RE, PMCID_RE, PMID_RE, parse_bibtex
from .source_entry import Work, entry_text, make_key, work_from_crossref
from .verify import CROSSREF_URL, ESUMMARY_URL, fetch_json

ESEARCH_URL = (
    "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi?db=pubmed&retmode=json&term={term}"
)


class AddSourceError(Exception):
    """The work cannot be added; the message says why and what to do."""


class OfflineError(AddSourceError):
    """Crossref or PubMed could not be reached."""


@dataclass
class Added:
    key: str
    text: str
    line: int
    notes: list = field(default_factory=list)


def read_identifier(text):
    """("doi", "10.x/y") or ("pmid", "123") from what the author typed."""
    value = text.strip()
    value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    value = re.sub(r"^pmid:?\s*", "", value, flags=re.IGNORECASE)
    if DOI_RE.fullmatch(value):
        return "doi", value
    if PMID_RE.fullmatch(value):
        return "pmid", value
    raise AddSourceError(
        f"'{text}' is neither a DOI nor a PubMed ID. Give a DOI such as "
        "10.1136/bjsports-2022-106195 or a PMID such as 36796860."
    )


def _get(fetch, url, service):
    try:
        return fetch(url)
    except HTTPError:
        raise
    except (URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise OfflineError(
            f"could not reach {service} ({reason}). add-source looks the work up online and "
            "needs a network connection; the library was not changed."
        ) from error


def crossref_work(doi, fetch):
    try:
        data = _get(fetch, CROSSREF_URL.format(doi=quote(doi, safe="/")), "api.crossref.org")
    except HTTPError as error:
        if error.code == 404:
            raise AddSourceError(
                f"Crossref has no record of DOI {doi}. Check the DOI (copy it from the "
                "article's page), or add the entry by hand."
            ) from error
        raise AddSourceError(
            f"Crossref answered HTTP {error.code} for DOI {doi}; try again later."
        ) from error
    return work_from_crossref(data.get("message", {}), doi)


def pubmed_summary(pmid, fetch):
    """PubMed's esummary record of a PMID, or None when PubMed has none."""
    try:
        data = _get(fetch, ESUMMARY_URL.format(ids=pmid), "eutils.ncbi.nlm.nih.gov")
    except HTTPError as error:
        raise AddSourceError(
            f"NCBI E-utilities answered HTTP {error.code}; try again later."
        ) from error
    summary = data.get("result", {}).get(pmid)
    return summary if summary and "error" not in summary else None


def article_ids(summary):
    return {i.get("idtype"): i.get("value", "") for i in summary.get("articleids", [])}


def confirm_in_pubmed(work, fetch):
    """Set work.pmid and work.pmcid when PubMed's record names work.doi; return a note."""
    term = quote(f"{work.doi}[doi]", safe="")
    try:
        found = _get(fetch, ESEARCH_URL.format(term=term), "eutils.ncbi.nlm.nih.gov")
    except HTTPError as error:
        raise AddSourceError(
            f"NCBI E-utilities answered HTTP {error.code}; try again later."
        ) from error
    ids = found.get("esearchresult", {}).get("idlist", [])
    for pmid in ids if len(ids) == 1 else []:
        summary = pubmed_summary(pmid, fetch)
        ids_there = article_ids(summary) if summary else {}
        if ids_there.get("doi", "").casefold() == work.doi.casefold():
            work.pmid = pmid
            pmcid = ids_there.get("pmc", "")
            work.pmcid = pmcid if PMCID_RE.fullmatch(pmcid) else ""
            return ""
    return f"PubMed has no record with DOI {work.doi}: no PMID or PMCID written."


def _library(bib_path):
    try:
        with open(bib_path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        text = ""
    entries, problems, broken = parse_bibtex(text, bib_path)
    if broken or problems:
        raise AddSourceError(
            f"{str(problems[0]).rstrip('.')}. Fix the library first; it was not changed."
        )
    return text, entries


def _holder(entries, name, value):
    for key, (entry, line, _, _) in entries.items():
        if entry.fields.get(name, "").strip().casefold() == value.casefold():
            return key, line
    return None


def _refuse_duplicate(entries, bib_path, name, value):
    held = _holder(entries, name, value)
    if held:
        raise AddSourceError(
            f"{name.upper()} {value} is already in "
            f"{relative(bib_path)} as '{held[0]}' (line {held[1]}). Cite it as @{held[0]}."
        )


def add_source(identifier, bib_path, fetch=fetch_json, today=None):
    """Look the work up and append its entry to bib_path; returns Added."""
    kind, value = read_identifier(identifier)
    text, entries = _library(bib_path)
    _refuse_duplicate(entries, bib_path, kind, value)
    notes = []
    if kind == "doi":
        work = crossref_work(value, fetch)
        note = confirm_in_pubmed(work, fetch)
        notes += [note] if note else []
    else:
        summary = pubmed_summary(value, fetch)
        if summary is None:
            raise AddSourceError(f"PubMed has no record of PMID {value}. Check the number.")
        doi = article_ids(summary).get("doi", "")
        if not DOI_RE.fullmatch(doi):
            raise AddSourceError(
                f"PubMed's record of PMID {value} gives no DOI, so Crossref cannot be asked "
                "for its details. Add the entry by hand from the PubMed record."
            )
        _refuse_duplicate(entries, bib_path, "doi", doi)
        work = crossref_work(doi, fetch)
        work.pmid = value
        pmcid = article_ids(summary).get("pmc", "")
        work.pmcid = pmcid if PMCID_RE.fullmatch(pmcid) else ""
    if work.pmid:
        _refuse_duplicate(entries, bib_path, "pmid", work.pmid)
    key = make_key(work, {k.casefold() for k in entries})
    entry = entry_text(key, work, today or datetime.date.today())
    separator = "" if not text or text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
    new_text = text + separator + entry
    _, problems, broken = parse_bibtex(new_text, bib_path)
    if broken or problems:
        raise AddSourceError(f"the new entry would not parse ({problems[0]}); nothing written.")
    with open(bib_path, "a", encoding="utf-8") as handle:
        handle.write(separator + entry)
    line = new_text.count("\n", 0, len(text + separator) + entry.index("@")) + 1
    return Added(key, entry, line, notes)


def main(argv=None, fetch=fetch_json, out=None, err=None, today=None):
    """Command line: add-source IDENTIFIER [--bib PATH]; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="add-source",
        description="Look a work up in Crossref and PubMed and append its BibTeX entry.",
    )
    parser.add_argument("identifier", help="a DOI (10.xxxx/...) or a PubMed ID")
    parser.add_argument("--bib", default="content/references.bib", help="the BibTeX library")
    args = parser.parse_args(argv)
    out, err = out or sys.stdout, err or sys.stderr
    try:
        added = add_source(args.identifier, args.bib, fetch=fetch, today=today)
    except AddSourceError as error:
        print(f"add-source: {error}", file=err)
        return 1
    print(added.text, end="", file=out)
    for note in added.notes:
        print(f"Note: {note}", file=out)
    print(f"Added '{added.key}' to {relative(args.bib)} at line {added.line}.", file=out)
    return 0


__all__ = ["AddSourceError", "Added", "OfflineError", "Work", "add_source", "main"]

if __name__ == "__main__":
    sys.exit(main())
