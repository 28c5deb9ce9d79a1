"""The site-wide index for the References page, and uncited entries for `invoke check`."""

from types import SimpleNamespace

from conftest import ROOT

from plugins.citations import build_index, load_library, uncited_entries

SITE = ROOT / "tests" / "fixtures" / "citations_site"
BIB = SITE / "content" / "references.bib"


def page(title, url, cited):
    return SimpleNamespace(
        title=title, url=url, metadata={"citations": {"cited": cited, "problems": []}}
    )


def test_index_lists_every_entry_with_the_pages_citing_it():
    library = load_library(str(BIB))
    contents = [
        page("One", "guide/one/", ["singh2023", "harvey2018"]),
        page("About", "about/", ["harvey2018"]),
        SimpleNamespace(title="No record", url="x/", metadata={}),
    ]
    index = build_index(library, contents)
    assert [entry.key for entry in index] == [
        "harvey2018",
        "schuch2016",
        "singh2023",
        "stubbs2017",
        "szuhany2015",
    ]
    harvey = index[0]
    assert [(c.title, c.url, c.anchor) for c in harvey.cited_in] == [
        ("One", "guide/one/", "cite-ref-2"),
        ("About", "about/", "cite-ref-1"),
    ]
    assert index[1].cited_in == []
    assert index[4].links == [
        (
            "DOI",
            "https://doi.org/10.1016/j.jpsychires.2014.10.003",
            "DOI for Szuhany et al. (2015)",
        ),
        (
            "PubMed",
            "https://pubmed.ncbi.nlm.nih.gov/25455510/",
            "PubMed record for Szuhany et al. (2015)",
        ),
        (
            "PubMed Central",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC4314337/",
            "PubMed Central full text for Szuhany et al. (2015)",
        ),
    ]


def test_uncited_entries_in_file_order():
    library = load_library(str(BIB))
    uncited = uncited_entries(library, {"singh2023", "harvey2018"})
    assert [(ref.key, ref.line) for ref in uncited] == [
        ("schuch2016", 14),
        ("szuhany2015", 25),
        ("stubbs2017", 48),
    ]
