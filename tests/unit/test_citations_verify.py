"""verify_references against recorded Crossref and PubMed answers; never the network."""

import json
from urllib.error import HTTPError, URLError

import pytest
from conftest import ROOT

from plugins.citations import verify_references

FIXTURE = ROOT / "tests" / "fixtures" / "citations_site"
BIB = FIXTURE / "content" / "references.bib"
RECORDED = FIXTURE / "recorded"

DOIS = {
    "10.1136/bjsports-2022-106195": "singh2023",
    "10.1016/j.jpsychires.2016.02.023": "schuch2016",
    "10.1016/j.jpsychires.2014.10.003": "szuhany2015",
    "10.1176/appi.ajp.2017.16111223": "harvey2018",
    "10.1016/j.psychres.2016.12.020": "stubbs2017",
}


class Replay:
    """Answers from the recorded files; remembers what was asked."""

    def __init__(self, missing=()):
        self.urls = []
        self.missing = set(missing)

    def __call__(self, url):
        self.urls.append(url)
        if url.startswith("https://api.crossref.org/works/"):
            doi = url.rsplit("/works/", 1)[1]
            if doi in self.missing:
                raise HTTPError(url, 404, "Not Found", {}, None)
            name = f"crossref-{DOIS[doi]}.json"
        else:
            name = "esummary.json"
        return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def test_matching_library_has_no_findings():
    fetch = Replay()
    report = verify_references(str(BIB), fetch=fetch)
    assert report.ok, [str(f) for f in report.findings]
    assert report.checked == 9  # five DOIs and four PMIDs
    assert fetch.urls[-1] == (
        "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esummary.fcgi?db=pubmed&retmode=json"
        "&id=36796860,26978184,25455510,28088704"
    )


def altered(tmp_path, *replacements):
    text = BIB.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "references.bib"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_disagreeing_title_author_and_year_are_reported(tmp_path):
    path = altered(
        tmp_path,
        ("author = {Schuch, Felipe B.", "author = {Schuh, Felipe B."),
        ("title = {Exercise and the prevention", "title = {Walking and the prevention"),
        ("year = {2017}", "year = {2019}"),
    )
    report = verify_references(path, fetch=Replay())
    assert [str(f) for f in report.findings] == [
        f"{path}:14: schuch2016: Crossref first author is 'Schuch'; the library has 'Schuh'",
        f"{path}:37: harvey2018: Crossref title is 'Exercise and the Prevention of Depression: "
        "Results of the HUNT Cohort Study'; the library has 'Walking and the prevention of "
        "depression: results of the HUNT cohort study'",
        f"{path}:48: stubbs2017: Crossref year is 2017; the library has '2019'",
        f"{path}:14: schuch2016: PubMed first author is 'Schuch FB'; the library has 'Schuh'",
        f"{path}:48: stubbs2017: PubMed year is 2016/2017; the library has '2019'",
    ]
    assert not report.ok


def test_unknown_doi_and_pmid_pointing_elsewhere_are_reported(tmp_path):
    path = altered(tmp_path, ("pmid = {25455510}", "pmid = {28088704}"))
    report = verify_references(path, fetch=Replay(missing={"10.1136/bjsports-2022-106195"}))
    messages = [str(f) for f in report.findings]
    assert (
        messages[0]
        == f"{path}:2: singh2023: DOI 10.1136/bjsports-2022-106195 not found at Crossref"
    )
    assert (
        f"{path}:25: szuhany2015: PubMed gives DOI '10.1016/j.psychres.2016.12.020'; "
        "the library has '10.1016/j.jpsychires.2014.10.003'"
    ) in messages


@pytest.mark.parametrize(
    "error", [URLError("Name or service not known"), TimeoutError("timed out")]
)
def test_no_network_is_explained(error):
    def offline(url):
        raise error

    report = verify_references(str(BIB), fetch=offline)
    assert report.findings == []
    assert report.checked == 0
    assert report.offline.startswith("Could not reach api.crossref.org (")
    assert report.offline.endswith(
        "verify-references looks each DOI and PMID up online and needs a network "
        "connection; entries not reached were not checked."
    )
    assert not report.ok
