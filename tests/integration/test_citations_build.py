"""Build the citations fixture site with the strict runner and check what readers get."""

import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_build

FIXTURE = ROOT / "tests" / "fixtures" / "citations_site"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("citations") / "output"
    result = run_build(FIXTURE / "pelicanconf.py", output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_numbers_follow_first_citation_and_repeat(site):
    page = soup(site / "guide" / "first" / "index.html")
    numbers = [a.get_text() for a in page.select("main a.citations-ref")]
    # heading: 1; group 1-3; narrative 4; locator 4; table 2; list item 1
    assert numbers == ["1", "1", "3", "4", "4", "2", "1"]
    group = page.select("sup.citations-cite")[1]
    assert group.get_text(" ", strip=True).startswith("1 – to 3")
    assert page.select_one(".citations-narrative").contents[0] == "Harvey et al. (2018)"
    assert page.select_one(".citations-locator").get_text() == "(p. 33)"


def test_each_article_numbers_its_own_sources(site):
    page = soup(site / "guide" / "second" / "index.html")
    entries = page.select(".citations-list > li")
    assert [li["id"] for li in entries] == ["cite-ref-1", "cite-ref-2"]
    assert entries[0].select_one(".citations-entry").get_text().startswith("Szuhany KL")


def test_links_back_links_and_identifiers_resolve(site):
    for path in sorted(site.rglob("*.html")):
        page = soup(path)
        ids = [tag["id"] for tag in page.find_all(id=True)]
        assert len(ids) == len(set(ids)), path
        for a in page.select('a[href^="#"]'):
            assert a["href"][1:] in ids, (path, a["href"])
        for a in page.select("a[aria-describedby]"):
            assert a["aria-describedby"] in ids
        assert not page.select("a a"), path
    first = soup(site / "guide" / "first" / "index.html")
    singh = first.select_one("#cite-ref-1")
    assert [
        (a.get_text(), a["href"], a["aria-label"]) for a in singh.select(".citations-links a")
    ] == [
        ("DOI", "https://doi.org/10.1136/bjsports-2022-106195", "DOI for reference 1"),
        ("PubMed", "https://pubmed.ncbi.nlm.nih.gov/36796860/", "PubMed record for reference 1"),
    ]
    assert [a["href"] for a in singh.select(".citations-backlinks a")] == [
        "#cite-1-a",
        "#cite-1-b",
        "#cite-1-c",
    ]
    szuhany = first.select_one("#cite-ref-3 .citations-links")
    assert "https://pmc.ncbi.nlm.nih.gov/articles/PMC4314337/" in [
        a["href"] for a in szuhany.find_all("a")
    ]
    # The last back-link of source 2 goes to the table cell that cites it.
    assert first.select_one("#cite-2-b").find_parent("td") is not None


def test_code_and_email_are_left_alone(site):
    page = soup(site / "guide" / "first" / "index.html")
    assert page.select_one("main p code").get_text() == "[@singh2023]"
    assert "help@example.org" in page.get_text()


def test_no_inline_script_or_style(site):
    for path in sorted(site.rglob("*.html")):
        page = soup(path)
        assert not page.select("[style]"), path
        assert all(script.get("src") for script in page.find_all("script")), path


def test_references_page_lists_every_source_and_the_pages_citing_it(site):
    page = soup(site / "references" / "index.html")
    entries = page.select(".citations-library > li")
    assert [li["id"] for li in entries] == [
        "ref-harvey2018",
        "ref-schuch2016",
        "ref-singh2023",
        "ref-stubbs2017",
        "ref-szuhany2015",
    ]
    singh = page.select_one("#ref-singh2023")
    assert sorted(a["href"] for a in singh.select(".citations-cited-in a")) == [
        "/about/#cite-ref-1",
        "/guide/first/#cite-ref-1",
        "/guide/second/#cite-ref-2",
    ]
    assert page.select_one("#ref-stubbs2017 .citations-cited-in").get_text() == (
        "Not cited on any page yet."
    )
    for li in entries:
        for a in li.select(".citations-cited-in a"):
            target, fragment = a["href"].split("#")
            cited = soup(site / target.strip("/") / "index.html")
            assert cited.find(id=fragment) is not None


def broken_copy(tmp_path, chapter_text):
    copy = tmp_path / "site"
    shutil.copytree(FIXTURE, copy)
    (copy / "content" / "chapters" / "03-broken.md").write_text(chapter_text, encoding="utf-8")
    settings = copy / "pelicanconf.py"
    text = settings.read_text(encoding="utf-8")
    line = 'ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))'
    assert line in text
    settings.write_text(text.replace(line, f"ROOT = {str(ROOT)!r}"), encoding="utf-8")
    return copy


def test_unknown_key_fails_the_build_with_file_line_and_hint(tmp_path):
    copy = broken_copy(
        tmp_path,
        "Title: Broken\nSlug: broken\nDate: 2026-11-24\n\nText.\n\nA typo [@sing2023].\n",
    )
    result = run_build(copy / "pelicanconf.py", tmp_path / "out")
    assert result.returncode != 0
    log = " ".join((result.stdout + result.stderr).split())
    assert "03-broken.md:7: unknown citation key 'sing2023' in [@sing2023]." in log
    assert "Closest keys in the library: singh2023" in log
    assert not (tmp_path / "out").exists()


def test_hand_typed_mention_fails_the_strict_build(tmp_path):
    copy = broken_copy(
        tmp_path,
        "Title: Mention\nSlug: mention\nDate: 2026-11-24\n\nAs Singh et al. (2023) found.\n",
    )
    result = run_build(copy / "pelicanconf.py", tmp_path / "out")
    assert result.returncode != 0
    log = " ".join((result.stdout + result.stderr).split())
    assert "03-broken.md:5: 'Singh et al. (2023)' looks like a hand-typed citation" in log


def test_uncited_entries_are_recorded_as_warnings_for_the_check(site):
    from plugins.build_record import read_record

    record = read_record(site)
    uncited = [p for p in record["problems"] if "is not cited on any page" in p["message"]]
    assert [(p["path"], p["line"], p["severity"]) for p in uncited] == [
        ("tests/fixtures/citations_site/content/references.bib", 48, "warning")
    ]
    assert uncited[0]["message"] == "library entry 'stubbs2017' is not cited on any page"
    assert record["sections"]["library"]["uncited"] == ["stubbs2017"]
    first = next(p for p in record["pages"] if p["source"].endswith("01-first.md"))
    assert first["cited"][:2] == ["singh2023", "schuch2016"]
