"""verify-references in detail: the request it makes, each comparison, each failure.

fetch_json is tested with urlopen replaced by a fake that records the request;
verify_references with small libraries written for the test and a fetch that
answers from a dict by URL, so the network is never used. The comparisons
with Crossref and PubMed records are pure functions, given Reference objects
and hand-written records.
"""

import io
from urllib.error import HTTPError, URLError

import pytest

from plugins.citations import verify
from plugins.citations.library import Reference
from plugins.citations.verify import (
    Finding,
    compare_crossref,
    compare_pubmed,
    fetch_json,
    normal_title,
    titles_agree,
    verify_references,
)

CROSSREF = "https://api.crossref.org/works/"
ESUMMARY = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esummary.fcgi?db=pubmed&retmode=json&id="
OFFLINE_END = (
    "verify-references looks each DOI and PMID up online and needs a network connection; "
    "entries not reached were not checked."
)

SMITH = """@article{smith2015,
  author = {Smith, Ann},
  title = {Walking and mood},
  journal = {J Mood},
  year = {2015},
  doi = {10.1000/one},
  pmid = {111},
}
"""
JONES = """
@article{jones2016,
  author = {Jones, Bo},
  title = {Running and sleep},
  journal = {J Sleep},
  year = {2016},
  doi = {10.1000/two},
  pmid = {222},
}
"""
SMITH_CROSSREF = {
    "message": {
        "title": ["Walking and mood"],
        "author": [{"family": "Smith", "given": "Ann"}],
        "issued": {"date-parts": [[2015]]},
    }
}
JONES_CROSSREF = {
    "message": {
        "title": ["Running and sleep"],
        "author": [{"family": "Jones", "given": "Bo"}],
        "issued": {"date-parts": [[2016]]},
    }
}
SMITH_PUBMED = {
    "title": "Walking and mood.",
    "sortfirstauthor": "Smith A",
    "pubdate": "2015 Jan",
    "articleids": [{"idtype": "doi", "value": "10.1000/one"}],
}
JONES_PUBMED = {
    "title": "Running and sleep.",
    "sortfirstauthor": "Jones B",
    "pubdate": "2016",
    "articleids": [{"idtype": "doi", "value": "10.1000/two"}],
}


class Answers:
    """Answers by URL (an exception is raised); an unknown URL fails the test."""

    def __init__(self, answers):
        self.answers = answers
        self.urls = []

    def __call__(self, url):
        self.urls.append(url)
        answer = self.answers[url]
        if isinstance(answer, Exception):
            raise answer
        return answer


def answers(**changed):
    """Both works found and matching, with the named answers replaced."""
    normal = {
        "smith": SMITH_CROSSREF,
        "jones": JONES_CROSSREF,
        "esummary": {"result": {"111": SMITH_PUBMED, "222": JONES_PUBMED}},
    }
    normal.update(changed)
    return Answers(
        {
            f"{CROSSREF}10.1000/one": normal["smith"],
            f"{CROSSREF}10.1000/two": normal["jones"],
            f"{ESUMMARY}111,222": normal["esummary"],
        }
    )


@pytest.fixture
def bib(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text(SMITH + JONES, encoding="utf-8")
    return str(path)


def http_error(code):
    return HTTPError("https://example.test/", code, "Error", {}, None)


def reference(title="Walking and mood", authors=("Smith",), year="2015", doi="10.1000/one"):
    return Reference(
        key="smith2015", line=1, html="", title=title, year=year, authors=authors, doi=doi
    )


# fetch_json


class FakeOpen:
    """urlopen's stand-in: records the request and answers a JSON body."""

    def __init__(self):
        self.asked = []

    def __call__(self, request, timeout):
        self.asked.append((request.full_url, dict(request.header_items()), timeout))
        return io.BytesIO(b'{"message": {"title": ["Walking and mood"]}}')


@pytest.mark.parametrize(("options", "timeout"), [({}, 20), ({"timeout": 3}, 3)])
def test_fetch_json_asks_for_json_and_names_itself(monkeypatch, options, timeout):
    fake = FakeOpen()
    monkeypatch.setattr(verify, "urlopen", fake)
    url = f"{CROSSREF}10.1000/one"
    assert fetch_json(url, **options) == {"message": {"title": ["Walking and mood"]}}
    headers = {
        "User-agent": "citations-verify-references/1.0 (Pelican citations plugin)",
        "Accept": "application/json",
    }
    assert fake.asked == [(url, headers, timeout)]


# verify_references


def test_library_problems_are_findings_without_a_key(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@misc{a,\n  title = {A},\n  year = {2015}\n}\n\n@misc{a,\n  title = {B}\n}\n")
    report = verify_references(str(path), fetch=Answers({}))
    assert report.findings == [
        Finding(
            str(path),
            6,
            "-",
            "duplicate key 'a' (first defined on line 1). "
            "Give each entry its own key, or delete the repeated entry.",
        )
    ]


def test_a_crossref_error_other_than_404_is_named_and_the_next_doi_still_checked(bib):
    fetch = answers(smith=http_error(503))
    report = verify_references(bib, fetch=fetch)
    assert report.findings == [
        Finding(bib, 1, "smith2015", "DOI 10.1000/one Crossref answered HTTP 503")
    ]
    assert report.checked == 3  # jones2016's DOI, then both PMIDs
    assert fetch.urls == [f"{CROSSREF}10.1000/one", f"{CROSSREF}10.1000/two", f"{ESUMMARY}111,222"]


def test_a_doi_crossref_does_not_know_does_not_stop_the_others(bib):
    report = verify_references(bib, fetch=answers(smith=http_error(404)))
    assert [str(f) for f in report.findings] == [
        f"{bib}:1: smith2015: DOI 10.1000/one not found at Crossref"
    ]
    assert report.checked == 3


def test_a_crossref_answer_without_a_work_is_compared_as_empty(bib):
    report = verify_references(bib, fetch=answers(smith={}))
    assert [str(f) for f in report.findings] == [
        f"{bib}:1: smith2015: Crossref title is ''; the library has 'Walking and mood'"
    ]


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (URLError("Name or service not known"), "Name or service not known"),
        (TimeoutError("timed out"), "timed out"),
    ],
)
def test_crossref_offline_says_why_in_full(bib, error, reason):
    report = verify_references(bib, fetch=answers(smith=error))
    assert report.offline == f"Could not reach api.crossref.org ({reason}). {OFFLINE_END}"
    assert (report.findings, report.checked) == ([], 0)


def test_pubmed_offline_keeps_what_crossref_found(bib):
    report = verify_references(
        bib, fetch=answers(jones={"message": {}}, esummary=URLError("Connection refused"))
    )
    assert (
        report.offline
        == f"Could not reach eutils.ncbi.nlm.nih.gov (Connection refused). {OFFLINE_END}"
    )
    assert [f.message for f in report.findings] == [
        "Crossref title is ''; the library has 'Running and sleep'"
    ]
    assert report.checked == 2
    assert not report.ok


def test_a_pubmed_http_error_is_one_finding_for_the_library(bib):
    report = verify_references(bib, fetch=answers(esummary=http_error(502)))
    assert report.findings == [Finding(bib, 1, "-", "NCBI E-utilities answered HTTP 502")]
    assert report.checked == 2
    assert not report.ok


NO_RECORD = "cannot get document summary"


@pytest.mark.parametrize(
    "esummary",
    [
        {},
        {"result": {}},
        {"result": {"111": {"error": NO_RECORD}, "222": {"uid": "222", "error": NO_RECORD}}},
    ],
    ids=["no-result", "no-records", "error-records"],
)
def test_each_pmid_pubmed_has_no_record_of_is_a_finding(bib, esummary):
    report = verify_references(bib, fetch=answers(esummary=esummary))
    assert report.findings == [
        Finding(bib, 1, "smith2015", "PMID 111 not found in PubMed"),
        Finding(bib, 10, "jones2016", "PMID 222 not found in PubMed"),
    ]
    assert report.checked == 2


def test_the_pmids_are_checked_after_one_is_missing(bib):
    report = verify_references(bib, fetch=answers(esummary={"result": {"222": SMITH_PUBMED}}))
    assert [str(f) for f in report.findings] == [
        f"{bib}:1: smith2015: PMID 111 not found in PubMed",
        f"{bib}:10: jones2016: PubMed title is 'Walking and mood.'; "
        "the library has 'Running and sleep'",
        f"{bib}:10: jones2016: PubMed first author is 'Smith A'; the library has 'Jones'",
        f"{bib}:10: jones2016: PubMed year is 2015; the library has '2016'",
        f"{bib}:10: jones2016: PubMed gives DOI '10.1000/one'; the library has '10.1000/two'",
    ]


# titles


def test_normal_title_drops_markup_case_and_punctuation():
    assert normal_title("Exercise &amp; <i>BDNF</i>: a <b>Trial</b>!") == "exercise bdnf a trial"


def test_a_bare_less_than_sign_is_text_not_a_tag():
    assert titles_agree("Sleeping <seven hours and mood", "Sleeping &lt;seven hours and mood")


# compare_crossref

MATCHING = {
    "title": ["Walking and mood"],
    "author": [{"family": "Smith"}],
    "issued": {"date-parts": [[2015]]},
}


@pytest.mark.parametrize(
    ("changed", "found"),
    [
        ({"title": []}, ["Crossref title is ''; the library has 'Walking and mood'"]),
        ({"author": []}, []),
        ({"author": [{"name": "Smith"}]}, []),
        (
            {"author": [{"name": "World Health Organization"}]},
            ["Crossref first author is 'World Health Organization'; the library has 'Smith'"],
        ),
        ({"author": [{"given": "Ann"}]}, ["Crossref first author is ''; the library has 'Smith'"]),
        (
            {"issued": {"date-parts": [[2014]]}, "published-print": {"date-parts": [[2016]]}},
            ["Crossref year is 2014/2016; the library has '2015'"],
        ),
    ],
    ids=["no-title", "no-authors", "body-agrees", "body-differs", "nameless", "two-years"],
)
def test_compare_crossref(changed, found):
    assert compare_crossref(reference(), {**MATCHING, **changed}) == found


@pytest.mark.parametrize("name", ["issued", "published", "published-print", "published-online"])
def test_each_crossref_date_gives_a_year(name):
    message = {"title": ["Walking and mood"], name: {"date-parts": [[2014, 10, 18]]}}
    assert compare_crossref(reference(), message) == [
        "Crossref year is 2014; the library has '2015'"
    ]


@pytest.mark.parametrize("parts", [[[]], [[None]], []])
def test_an_empty_crossref_date_gives_no_year(parts):
    message = {"title": ["Walking and mood"], "issued": {"date-parts": parts}}
    assert compare_crossref(reference(year="2015"), message) == []


# compare_pubmed


@pytest.mark.parametrize(
    ("changed", "authors", "found"),
    [
        ({"title": None}, ("Smith",), ["PubMed title is ''; the library has 'Walking and mood'"]),
        (
            {"title": "Walking and anxiety."},
            ("Smith",),
            ["PubMed title is 'Walking and anxiety.'; the library has 'Walking and mood'"],
        ),
        ({"sortfirstauthor": None}, ("Smith",), []),
        ({"sortfirstauthor": "Smith A"}, (), []),
        ({"sortfirstauthor": "De Silva AB"}, ("De Silva",), []),
        (
            {"sortfirstauthor": "De Silva AB"},
            ("Silva",),
            ["PubMed first author is 'De Silva AB'; the library has 'Silva'"],
        ),
        ({"sortfirstauthor": "World Health Organization"}, ("World Health Organization",), []),
        ({"epubdate": None}, ("Smith",), []),
        ({"articleids": None}, ("Smith",), []),
        ({"articleids": [{"idtype": "doi"}]}, ("Smith",), []),
        ({"sortfirstauthor": "Smith A "}, ("Smith",), []),
        ({"sortfirstauthor": "Smith  A"}, ("Smith",), []),
        ({"sortfirstauthor": " Smith"}, ("Smith",), []),
        ({"sortfirstauthor": " "}, ("Smith",), []),
    ],
    ids=[
        "no-title",
        "other-title",
        "no-author",
        "library-has-no-authors",
        "family-of-two-words",
        "family-differs",
        "body",
        "no-epubdate",
        "no-articleids",
        "doi-without-value",
        "trailing-space",
        "two-spaces",
        "leading-space",
        "only-a-space",
    ],
)
def test_compare_pubmed(changed, authors, found):
    summary = {
        "title": "Walking and mood.",
        "sortfirstauthor": "Smith A",
        "pubdate": "2015 Jan",
        "epubdate": "2014 Oct 18",
        "articleids": [{"idtype": "doi", "value": "10.1000/one"}],
    }
    summary.update(changed)
    summary = {name: value for name, value in summary.items() if value is not None}
    assert compare_pubmed(reference(authors=authors), summary) == found


@pytest.mark.parametrize("epubdate", [{"epubdate": ""}, {}], ids=["empty", "missing"])
def test_a_pubmed_date_left_empty_gives_no_year(epubdate):
    summary = {"title": "Walking and mood.", "pubdate": "2016 Mar", **epubdate}
    assert compare_pubmed(reference(year="2019"), summary) == [
        "PubMed year is 2016; the library has '2019'"
    ]
