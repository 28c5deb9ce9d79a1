"""invoke add-source against recorded Crossref and PubMed answers; never the network."""

import datetime
import io
import json
import shutil
from urllib.error import HTTPError, URLError

import pytest
from conftest import ROOT

from plugins.citations.add_source import AddSourceError, main, read_identifier
from plugins.citations.library import load_library
from plugins.citations.source_entry import Work, entry_text, initials, make_key, work_from_crossref

RECORDED = ROOT / "tests" / "fixtures" / "add_source"
TODAY = datetime.date(2026, 11, 22)
DOI = "10.1016/j.jpsychires.2014.10.003"
CROSSREF = f"https://api.crossref.org/works/{DOI}"
EUTILS = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
ESEARCH = (
    f"{EUTILS}esearch.fcgi?db=pubmed&retmode=json&term=10.1016%2Fj.jpsychires.2014.10.003%5Bdoi%5D"
)
ESUMMARY = f"{EUTILS}esummary.fcgi?db=pubmed&retmode=json&id=25455510"
ANSWERS = {
    CROSSREF: "crossref-szuhany2015.json",
    ESEARCH: "esearch-szuhany2015.json",
    ESUMMARY: "esummary-25455510.json",
}

# The entry as the guide's own library has it, after the line saying where it came from.
ENTRY = (
    "% Looked up in Crossref and PubMed by invoke add-source on 2026-11-22.\n"
    "@article{szuhany2015,\n"
    "  author  = {Szuhany, K. L. and Bugatti, M. and Otto, M. W.},\n"
    "  title   = {A meta-analytic review of the effects of exercise on brain-derived "
    "neurotrophic factor},\n"
    "  journal = {Journal of Psychiatric Research},\n"
    "  year    = {2015},\n"
    "  volume  = {60},\n"
    "  pages   = {56--64},\n"
    f"  doi     = {{{DOI}}},\n"
    "  pmid    = {25455510},\n"
    "  pmcid   = {PMC4314337}\n"
    "}\n"
)


class Replay:
    """Recorded answers by URL; an unknown URL fails the test. Remembers what was asked."""

    def __init__(self, offline=None, **changed):
        self.urls = []
        self.offline = offline
        self.changed = {ANSWERS_BY_NAME[name]: answer for name, answer in changed.items()}

    def __call__(self, url):
        self.urls.append(url)
        if self.offline and self.offline in url:
            raise URLError("Temporary failure in name resolution")
        answer = self.changed.get(url)
        if isinstance(answer, Exception):
            raise answer
        if answer is not None:
            return answer
        return json.loads((RECORDED / ANSWERS[url]).read_text(encoding="utf-8"))


ANSWERS_BY_NAME = {"crossref": CROSSREF, "esearch": ESEARCH, "esummary": ESUMMARY}


@pytest.fixture
def bib(tmp_path):
    path = tmp_path / "references.bib"
    shutil.copyfile(RECORDED / "references.bib", path)
    return path


def run(bib, identifier, fetch):
    out, err = io.StringIO(), io.StringIO()
    code = main([identifier, "--bib", str(bib)], fetch=fetch, out=out, err=err, today=TODAY)
    return code, out.getvalue(), err.getvalue()


def test_a_doi_is_added_with_the_pmid_and_pmcid_pubmed_confirms(bib):
    before = bib.read_bytes()
    fetch = Replay()
    code, out, err = run(bib, DOI, fetch)
    assert (code, err) == (0, "")
    # Appended: every byte of the file before it is kept.
    assert bib.read_bytes() == before + b"\n" + ENTRY.encode()
    line = before.count(b"\n") + 3
    assert out == f"{ENTRY}Added 'szuhany2015' to {bib} at line {line}.\n"
    assert fetch.urls == [CROSSREF, ESEARCH, ESUMMARY]
    library = load_library(str(bib))
    assert library.problems == []
    added = library["szuhany2015"]
    assert (added.doi, added.pmid, added.pmcid, added.line) == (DOI, "25455510", "PMC4314337", line)


def test_a_pmid_gives_the_same_entry(bib):
    before = bib.read_bytes()
    fetch = Replay()
    code, _, err = run(bib, "PMID: 25455510", fetch)
    assert (code, err) == (0, "")
    assert bib.read_bytes() == before + b"\n" + ENTRY.encode()
    assert fetch.urls == [ESUMMARY, CROSSREF]


@pytest.mark.parametrize(
    ("changed", "asked"),
    [
        ({"esearch": {"esearchresult": {"count": "0", "idlist": []}}}, [CROSSREF, ESEARCH]),
        # A PubMed record that names another DOI does not confirm this one.
        (
            {
                "esummary": {
                    "result": {
                        "25455510": {
                            "uid": "25455510",
                            "articleids": [{"idtype": "doi", "value": "10.1000/another"}],
                        }
                    }
                }
            },
            [CROSSREF, ESEARCH, ESUMMARY],
        ),
    ],
)
def test_no_pmid_or_pmcid_unless_pubmed_confirms_the_doi(bib, changed, asked):
    fetch = Replay(**changed)
    code, out, _ = run(bib, DOI, fetch)
    assert code == 0
    assert fetch.urls == asked
    entry = ENTRY.replace(
        "  doi     = {10.1016/j.jpsychires.2014.10.003},",
        "  doi     = {10.1016/j.jpsychires.2014.10.003}",
    )
    entry = entry.replace("  pmid    = {25455510},\n  pmcid   = {PMC4314337}\n", "")
    assert bib.read_text(encoding="utf-8").endswith("\n" + entry)
    assert f"Note: PubMed has no record with DOI {DOI}: no PMID or PMCID written.\n" in out


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        (
            "10.1136/bjsports-2022-106195",
            "DOI 10.1136/bjsports-2022-106195 is already in {bib} as 'singh2023' (line 11). "
            "Cite it as @singh2023.",
        ),
        (
            "https://doi.org/10.1136/BJSPORTS-2022-106195",
            "DOI 10.1136/BJSPORTS-2022-106195 is already in {bib} as 'singh2023' (line 11). "
            "Cite it as @singh2023.",
        ),
        (
            "36796860",
            "PMID 36796860 is already in {bib} as 'singh2023' (line 11). Cite it as @singh2023.",
        ),
    ],
)
def test_a_source_already_in_the_library_is_refused_without_asking(bib, identifier, message):
    before = bib.read_bytes()
    fetch = Replay()
    code, out, err = run(bib, identifier, fetch)
    assert (code, out) == (1, "")
    assert err == f"add-source: {message.format(bib=bib)}\n"
    assert bib.read_bytes() == before
    assert fetch.urls == []


def test_the_doi_pubmed_gives_for_a_pmid_is_checked_too(bib):
    with bib.open("a", encoding="utf-8") as handle:
        handle.write(
            "\n@article{szuhany2015,\n  title = {T},\n  year = {2015},\n"
            f"  doi = {{{DOI}}}\n}}\n"
        )
    before = bib.read_bytes()
    code, _, err = run(bib, "25455510", Replay())
    assert code == 1
    assert err == (
        f"add-source: DOI {DOI} is already in {bib} as 'szuhany2015' (line 36). "
        "Cite it as @szuhany2015.\n"
    )
    assert bib.read_bytes() == before


def test_a_second_work_of_the_same_first_author_and_year_gets_a_letter(bib):
    with bib.open("a", encoding="utf-8") as handle:
        handle.write("\n@misc{Szuhany2015,\n  title = {Another},\n  year = {2015}\n}\n")
    code, out, _ = run(bib, DOI, Replay())
    assert code == 0
    assert "@article{szuhany2015a,\n" in bib.read_text(encoding="utf-8")
    assert out.endswith(f"Added 'szuhany2015a' to {bib} at line 42.\n")


@pytest.mark.parametrize("host", ["api.crossref.org", "eutils.ncbi.nlm.nih.gov"])
def test_offline_it_says_so_and_changes_nothing(bib, host):
    before = bib.read_bytes()
    code, out, err = run(bib, DOI, Replay(offline=host))
    assert (code, out) == (1, "")
    assert err == (
        f"add-source: could not reach {host} (Temporary failure in name resolution). "
        "add-source looks the work up online and needs a network connection; the library "
        "was not changed.\n"
    )
    assert bib.read_bytes() == before


def test_a_doi_crossref_does_not_know_is_an_error(bib):
    before = bib.read_bytes()
    fetch = Replay(crossref=HTTPError(CROSSREF, 404, "Not Found", {}, None))
    code, _, err = run(bib, DOI, fetch)
    assert code == 1
    assert err == (
        f"add-source: Crossref has no record of DOI {DOI}. Check the DOI (copy it from the "
        "article's page), or add the entry by hand.\n"
    )
    assert bib.read_bytes() == before


def test_a_library_without_a_final_newline_is_still_only_appended_to(bib):
    text = bib.read_text(encoding="utf-8").rstrip("\n")
    bib.write_text(text, encoding="utf-8")
    assert run(bib, DOI, Replay())[0] == 0
    assert bib.read_text(encoding="utf-8") == text + "\n\n" + ENTRY


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (DOI, ("doi", DOI)),
        (f"https://doi.org/{DOI}", ("doi", DOI)),
        (f"doi:{DOI}", ("doi", DOI)),
        (" 25455510 ", ("pmid", "25455510")),
        ("PMID:25455510", ("pmid", "25455510")),
    ],
)
def test_read_identifier(typed, read):
    assert read_identifier(typed) == read


def test_something_else_is_not_an_identifier():
    with pytest.raises(AddSourceError) as error:
        read_identifier("Szuhany 2015")
    assert str(error.value) == (
        "'Szuhany 2015' is neither a DOI nor a PubMed ID. Give a DOI such as "
        "10.1136/bjsports-2022-106195 or a PMID such as 36796860."
    )


@pytest.mark.parametrize(
    ("given", "short"),
    [("Kristin L.", "K. L."), ("Jean-Pierre", "J.-P."), ("K.L.", "K. L."), ("", "")],
)
def test_initials(given, short):
    assert initials(given) == short


@pytest.mark.parametrize(
    ("authors", "year", "taken", "key"),
    [
        ([("Øverland", "S.")], "2018", set(), "overland2018"),
        ([("Al-Ansari", "S. S.")], "2020", set(), "alansari2020"),
        ([("World Health Organization", "")], "2019", set(), "world2019"),
        ([("Singh", "B.")], "2023", {"singh2023"}, "singh2023a"),
        ([("Singh", "B.")], "2023", {"singh2023", "singh2023a"}, "singh2023b"),
    ],
)
def test_make_key(authors, year, taken, key):
    assert make_key(Work(doi=DOI, authors=authors, year=year), taken) == key


def test_more_than_six_authors_are_the_first_three_and_others(tmp_path):
    people = [
        {"family": name, "given": "A."} for name in ("Aa", "Bb", "Cc", "Dd", "Ee", "Ff", "Gg")
    ]
    work = work_from_crossref(
        {
            "type": "journal-article",
            "author": people,
            "title": ["Exercise &amp; <i>BDNF</i>: 50% of a COVID-19 cohort"],
            "subtitle": ["a trial"],
            "issued": {"date-parts": [[2021, 5]]},
        },
        "10.1000/x_1",
    )
    text = entry_text("aa2021", work, TODAY)
    assert text == (
        "% Looked up in Crossref and PubMed by invoke add-source on 2026-11-22.\n"
        "@article{aa2021,\n"
        "  author  = {Aa, A. and Bb, A. and Cc, A. and others},\n"
        "  title   = {Exercise \\& {BDNF}: 50\\% of a {COVID}-19 cohort: a trial},\n"
        "  year    = {2021},\n"
        "  doi     = {10.1000/x_1}\n"
        "}\n"
    )
    path = tmp_path / "one.bib"
    path.write_text(text, encoding="utf-8")
    reference = load_library(str(path))["aa2021"]
    assert reference.title == "Exercise & BDNF: 50% of a COVID-19 cohort: a trial"
    assert reference.narrative == "Aa et al. (2021)"
