"""invoke add-source in detail: each answer Crossref or PubMed may give, the library's edges.

The recorded answers of test_citations_add_source are replayed, some of them
replaced by hand-written answers or errors; the library is a copy of the
recorded one in a temporary folder, or a small one written for the test.
Each test checks the exact text written (or that nothing was), the message
and the requests made.
"""

import codecs
import io
import shutil
from urllib.error import HTTPError

import pytest
from test_citations_add_source import (
    CROSSREF,
    DOI,
    ENTRY,
    ESEARCH,
    ESUMMARY,
    RECORDED,
    TODAY,
    Replay,
    run,
)

from plugins.citations import add_source as add_source_module
from plugins.citations.add_source import crossref_work, main, read_identifier
from plugins.citations.source_entry import Work

PMID = "25455510"
# The entry when PubMed confirms the DOI but gives no usable PMCID.
ENTRY_WITHOUT_PMCID = ENTRY.replace(
    "  pmid    = {25455510},\n  pmcid   = {PMC4314337}\n", "  pmid    = {25455510}\n"
)
# The entry when PubMed does not confirm the DOI.
ENTRY_WITHOUT_PUBMED = ENTRY.replace(
    f"  doi     = {{{DOI}}},\n  pmid    = {{25455510}},\n  pmcid   = {{PMC4314337}}\n",
    f"  doi     = {{{DOI}}}\n",
)
NOT_CONFIRMED = f"Note: PubMed has no record with DOI {DOI}: no PMID or PMCID written.\n"
NO_DOI = (
    "add-source: PubMed's record of PMID 25455510 gives no DOI, so Crossref cannot be asked "
    "for its details. Add the entry by hand from the PubMed record.\n"
)


@pytest.fixture
def bib(tmp_path):
    path = tmp_path / "references.bib"
    shutil.copyfile(RECORDED / "references.bib", path)
    return path


def http_error(code):
    return HTTPError("https://example.test/", code, "Error", {}, None)


def record(*article_ids):
    """PubMed's esummary answer for PMID 25455510 with these article ids."""
    ids = [{"idtype": kind, "value": value} for kind, value in article_ids]
    return {"result": {PMID: {"uid": PMID, "articleids": ids}}}


def crossref(**changed):
    """The recorded Crossref answer with some of the work's fields replaced."""
    answer = Replay()(CROSSREF)
    answer["message"].update(changed)
    return answer


def added_line(out):
    return int(out.rsplit(" at line ", 1)[1].rstrip(".\n"))


# What the author types


@pytest.mark.parametrize(
    "typed",
    [f"DOI: {DOI}", f"HTTPS://DX.DOI.ORG/{DOI}", f"http://dx.doi.org/{DOI}", f"Doi:{DOI}"],
)
def test_the_doi_prefixes_are_read_in_any_case(typed):
    assert read_identifier(typed) == ("doi", DOI)


@pytest.mark.parametrize("typed", ["pmid 25455510", "PMID:25455510", "Pmid: 25455510"])
def test_the_pmid_prefix_is_read_in_any_case(typed):
    assert read_identifier(typed) == ("pmid", PMID)


# Crossref


def test_a_crossref_answer_without_a_work_is_an_empty_work():
    fetch = Replay(crossref={})
    assert crossref_work(DOI, fetch) == Work(doi=DOI)
    assert fetch.urls == [CROSSREF]


def test_a_crossref_error_other_than_404_says_try_later(bib):
    before = bib.read_bytes()
    code, out, err = run(bib, DOI, Replay(crossref=http_error(503)))
    assert (code, out) == (1, "")
    assert err == f"add-source: Crossref answered HTTP 503 for DOI {DOI}; try again later.\n"
    assert bib.read_bytes() == before


def test_a_timeout_is_offline_too(bib):
    code, _, err = run(bib, DOI, Replay(crossref=TimeoutError("timed out")))
    assert code == 1
    assert err == (
        "add-source: could not reach api.crossref.org (timed out). add-source looks the work "
        "up online and needs a network connection; the library was not changed.\n"
    )


# PubMed, given a PMID


def test_offline_at_pubmed_for_a_pmid_names_pubmed(bib):
    before = bib.read_bytes()
    fetch = Replay(offline="eutils.ncbi.nlm.nih.gov")
    code, _, err = run(bib, PMID, fetch)
    assert code == 1
    assert err == (
        "add-source: could not reach eutils.ncbi.nlm.nih.gov (Temporary failure in name "
        "resolution). add-source looks the work up online and needs a network connection; "
        "the library was not changed.\n"
    )
    assert fetch.urls == [ESUMMARY]
    assert bib.read_bytes() == before


@pytest.mark.parametrize("searched", [False, True], ids=["esummary", "esearch"])
def test_a_pubmed_http_error_says_try_later(bib, searched):
    if searched:
        identifier, fetch = DOI, Replay(esearch=http_error(500))
    else:
        identifier, fetch = PMID, Replay(esummary=http_error(500))
    code, _, err = run(bib, identifier, fetch)
    assert code == 1
    assert err == "add-source: NCBI E-utilities answered HTTP 500; try again later.\n"


@pytest.mark.parametrize(
    "answer",
    [
        {},
        {"result": {}},
        {"result": {PMID: {"uid": PMID, "error": "cannot get document summary"}}},
    ],
    ids=["no-result", "no-record", "error-record"],
)
def test_a_pmid_pubmed_does_not_know_is_refused(bib, answer):
    before = bib.read_bytes()
    fetch = Replay(esummary=answer)
    code, _, err = run(bib, PMID, fetch)
    assert code == 1
    assert err == "add-source: PubMed has no record of PMID 25455510. Check the number.\n"
    assert fetch.urls == [ESUMMARY]
    assert bib.read_bytes() == before


@pytest.mark.parametrize(
    "answer",
    [
        {"result": {PMID: {"uid": PMID}}},
        record(("pubmed", PMID)),
        {"result": {PMID: {"uid": PMID, "articleids": [{"idtype": "doi"}]}}},
        record(("doi", "not a doi")),
    ],
    ids=["no-ids", "no-doi", "doi-without-value", "not-a-doi"],
)
def test_a_pmid_whose_record_gives_no_doi_is_refused(bib, answer):
    before = bib.read_bytes()
    fetch = Replay(esummary=answer)
    assert run(bib, PMID, fetch) == (1, "", NO_DOI)
    assert fetch.urls == [ESUMMARY]
    assert bib.read_bytes() == before


@pytest.mark.parametrize(
    "answer",
    [
        record(("doi", DOI)),
        record(("doi", DOI), ("pmc", "4314337")),
        {"result": {PMID: {"articleids": [{"idtype": "doi", "value": DOI}, {"idtype": "pmc"}]}}},
    ],
    ids=["no-pmc", "pmc-not-a-pmcid", "pmc-without-value"],
)
def test_a_pmid_without_a_valid_pmcid_is_added_without_one(bib, answer):
    before = bib.read_bytes()
    fetch = Replay(esummary=answer)
    code, _, err = run(bib, PMID, fetch)
    assert (code, err) == (0, "")
    assert bib.read_bytes() == before + b"\n" + ENTRY_WITHOUT_PMCID.encode()
    assert fetch.urls == [ESUMMARY, CROSSREF]


# PubMed, confirming a DOI


@pytest.mark.parametrize(
    ("changed", "asked"),
    [
        ({"esearch": {}}, [CROSSREF, ESEARCH]),
        ({"esearch": {"esearchresult": {"count": "0"}}}, [CROSSREF, ESEARCH]),
        # Two records with the DOI: neither is taken for it.
        ({"esearch": {"esearchresult": {"idlist": [PMID, "25455511"]}}}, [CROSSREF, ESEARCH]),
        ({"esummary": {"result": {}}}, [CROSSREF, ESEARCH, ESUMMARY]),
        ({"esummary": record(("pmc", "PMC4314337"))}, [CROSSREF, ESEARCH, ESUMMARY]),
        ({"esummary": record(("doi", "10.9999/xxxx"))}, [CROSSREF, ESEARCH, ESUMMARY]),
    ],
    ids=["no-result", "no-idlist", "two-ids", "no-record", "no-doi", "another-doi"],
)
def test_a_doi_pubmed_does_not_confirm_gets_no_pmid(bib, changed, asked):
    before = bib.read_bytes()
    fetch = Replay(**changed)
    code, out, err = run(bib, DOI, fetch)
    assert (code, err) == (0, "")
    assert bib.read_bytes() == before + b"\n" + ENTRY_WITHOUT_PUBMED.encode()
    assert out == f"{ENTRY_WITHOUT_PUBMED}{NOT_CONFIRMED}Added 'szuhany2015' to {bib} at line 37.\n"
    assert fetch.urls == asked


@pytest.mark.parametrize(
    "answer",
    [
        record(("doi", DOI)),
        record(("doi", DOI.upper()), ("pmc", "4314337")),
        {"result": {PMID: {"articleids": [{"idtype": "doi", "value": DOI}, {"idtype": "pmc"}]}}},
    ],
    ids=["no-pmc", "pmc-not-a-pmcid", "pmc-without-value"],
)
def test_a_confirmed_doi_without_a_valid_pmcid_gets_the_pmid_only(bib, answer):
    before = bib.read_bytes()
    code, out, err = run(bib, DOI, Replay(esummary=answer))
    assert (code, err) == (0, "")
    assert bib.read_bytes() == before + b"\n" + ENTRY_WITHOUT_PMCID.encode()
    assert "Note:" not in out


def test_a_pmid_pubmed_confirms_that_is_already_in_the_library_is_refused(bib):
    with bib.open("a", encoding="utf-8") as handle:
        handle.write("\n@misc{bdnf,\n  title = {BDNF},\n  year = {2015},\n  pmid = {25455510}\n}\n")
    before = bib.read_bytes()
    fetch = Replay()
    code, out, err = run(bib, DOI, fetch)
    assert (code, out) == (1, "")
    assert err == (
        f"add-source: PMID 25455510 is already in {bib} as 'bdnf' (line 36). Cite it as @bdnf.\n"
    )
    assert fetch.urls == [CROSSREF, ESEARCH, ESUMMARY]
    assert bib.read_bytes() == before


# The library


def test_a_library_with_problems_is_not_touched(tmp_path):
    path = tmp_path / "references.bib"
    text = "@misc{a,\n  title = {A},\n  year = {2015}\n}\n\n@misc{a,\n  title = {B}\n}\n"
    path.write_text(text, encoding="utf-8")
    fetch = Replay()
    code, out, err = run(path, DOI, fetch)
    assert (code, out, fetch.urls) == (1, "", [])
    assert err.startswith(f"add-source: {path}:6: duplicate key 'a' (first defined on line 1).")
    assert err.endswith(" Fix the library first; it was not changed.\n")
    assert ".." not in err
    assert path.read_text(encoding="utf-8") == text


def test_a_missing_library_is_created_with_the_entry(tmp_path):
    path = tmp_path / "references.bib"
    code, out, _ = run(path, DOI, Replay())
    assert code == 0
    assert path.read_text(encoding="utf-8") == ENTRY
    assert out.endswith(f"Added 'szuhany2015' to {path} at line 2.\n")


@pytest.mark.parametrize(
    ("before", "separator", "line"),
    [
        ("\n", "\n", 4),
        ("% Library.\n\n", "", 4),
        ("\n% Library.\n\n\n", "", 6),
        ("\n% Library.", "\n\n", 5),
    ],
    ids=["one-newline", "ends-with-a-blank-line", "starts-with-a-blank-line", "no-final-newline"],
)
def test_a_blank_line_is_added_only_if_missing_and_the_line_is_given(
    tmp_path, before, separator, line
):
    path = tmp_path / "references.bib"
    path.write_text(before, encoding="utf-8")
    code, out, _ = run(path, DOI, Replay())
    assert code == 0
    assert path.read_text(encoding="utf-8") == before + separator + ENTRY
    assert added_line(out) == line
    assert path.read_text(encoding="utf-8").splitlines()[line - 1] == "@article{szuhany2015,"


def test_the_line_given_is_the_entry_s_even_with_an_at_sign_in_the_title(bib):
    fetch = Replay(crossref=crossref(title=["Exercise @ home and BDNF"]))
    code, out, _ = run(bib, DOI, fetch)
    assert code == 0
    assert added_line(out) == 37
    assert bib.read_text(encoding="utf-8").splitlines()[36] == "@article{szuhany2015,"


def test_an_entry_that_would_not_parse_is_not_written(bib):
    before = bib.read_bytes()
    author = {"family": "Szuhany, Jr, III", "given": "Kristin L."}
    code, out, err = run(bib, DOI, Replay(crossref=crossref(author=[author])))
    assert (code, out) == (1, "")
    assert err == (
        f"add-source: the new entry would not parse ({bib}:37: entry 'szuhanyjriii2015': "
        "Too many commas in 'Szuhany, Jr, III, K. L.'. Fix the entry.); nothing written.\n"
    )
    assert bib.read_bytes() == before


def test_the_library_is_read_and_appended_as_utf8_whatever_the_locale(bib, monkeypatch):
    opened = []

    def recording_open(path, mode="r", **options):
        encoding = options.get("encoding")
        opened.append((mode, codecs.lookup(encoding).name if encoding else None))
        return open(path, mode, **options)

    monkeypatch.setattr(add_source_module, "open", recording_open, raising=False)
    assert run(bib, DOI, Replay())[0] == 0
    assert opened == [("r", "utf-8"), ("a", "utf-8")]


# The command line


def test_help_names_the_command_and_what_it_takes(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as exit:
        main(["--help"])
    assert exit.value.code == 0
    assert capsys.readouterr().out == (
        "usage: add-source [-h] [--bib BIB] identifier\n"
        "\n"
        "Look a work up in Crossref and PubMed and append its BibTeX entry.\n"
        "\n"
        "positional arguments:\n"
        "  identifier  a DOI (10.xxxx/...) or a PubMed ID\n"
        "\n"
        "options:\n"
        "  -h, --help  show this help message and exit\n"
        "  --bib BIB   the BibTeX library\n"
    )


def test_the_library_is_content_references_bib_by_default(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    shutil.copyfile(RECORDED / "references.bib", tmp_path / "content" / "references.bib")
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert main([DOI], fetch=Replay(), out=out, err=err, today=TODAY) == 0
    assert (tmp_path / "content" / "references.bib").read_text(encoding="utf-8").endswith(ENTRY)
    assert out.getvalue().endswith("Added 'szuhany2015' to content/references.bib at line 37.\n")
