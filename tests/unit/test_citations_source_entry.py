"""A work's BibTeX entry from its Crossref record: the Work read from the record,
its key, its values, and the entry's text.

The records are small hand-written dicts in the shape of Crossref's /works
"message"; the expected Works and entries are written out in full.
"""

import datetime

import pytest

from plugins.citations.source_entry import (
    Work,
    bib_value,
    entry_text,
    make_key,
    plain,
    work_from_crossref,
)

DOI = "10.1000/x"
TODAY = datetime.date(2026, 11, 22)


def people(*families):
    return [{"family": family, "given": "Ann"} for family in families]


@pytest.mark.parametrize(
    ("message", "work"),
    [
        ({}, Work(doi=DOI)),
        (
            {
                "type": "book",
                "author": [{"name": "World Health Organization"}, {"family": "Otto"}],
                "title": ["Guidelines on physical activity"],
                "publisher": "WHO Press",
                "issue": "3",
                "volume": "12",
                "page": "5 – 9",
            },
            Work(
                doi=DOI,
                type="book",
                authors=[("World Health Organization", ""), ("Otto", "")],
                title="Guidelines on physical activity",
                publisher="WHO Press",
                volume="12",
                number="3",
                pages="5--9",
            ),
        ),
        # A type the library has no BibTeX type for is a misc entry.
        ({"type": "peer-review"}, Work(doi=DOI, type="misc")),
        # Six authors are all kept; a seventh makes it three and "others".
        (
            {"author": people("A", "B", "C", "D", "E", "F")},
            Work(doi=DOI, authors=[(name, "A.") for name in "ABCDEF"]),
        ),
        (
            {"author": people("A", "B", "C", "D")},
            Work(doi=DOI, authors=[(name, "A.") for name in "ABCD"]),
        ),
        # A person with neither a family name nor a name is left out.
        ({"author": [{"given": "Ann"}, {"sequence": "first"}]}, Work(doi=DOI)),
        # A subtitle the title already holds is not added again.
        (
            {"title": ["Exercise: a review"], "subtitle": ["A review"]},
            Work(doi=DOI, title="Exercise: a review"),
        ),
    ],
)
def test_work_from_crossref(message, work):
    assert work_from_crossref(message, DOI) == work


@pytest.mark.parametrize(
    ("dates", "year"),
    [
        ({"published-print": 2015, "issued": 2014, "published-online": 2013}, "2015"),
        ({"issued": 2014, "published-online": 2013, "published": 2012}, "2014"),
        ({"published-online": 2013, "published": 2012}, "2013"),
        ({"published": 2012}, "2012"),
        ({}, ""),
    ],
)
def test_the_year_is_the_print_year_first(dates, year):
    message = {name: {"date-parts": [[value, 1]]} for name, value in dates.items()}
    # An empty date part is passed over.
    message.setdefault("published-print", {"date-parts": [[None]]})
    assert work_from_crossref(message, DOI).year == year


@pytest.mark.parametrize(
    ("text", "plain_text"),
    [
        ("Exercise <i>in vivo</i>\n  and   mood", "Exercise in vivo and mood"),
        # A bare "<" is text, not the start of a tag that swallows the rest.
        ("Ratio of CD4<CD8 cells", "Ratio of CD4<CD8 cells"),
        (None, ""),
    ],
)
def test_plain(text, plain_text):
    assert plain(text) == plain_text


@pytest.mark.parametrize(
    ("work", "key"),
    [
        (Work(doi=DOI, authors=[("van Beethoven", "L.")], year="2020"), "vanbeethoven2020"),
        (Work(doi=DOI, title="Exercise and mood", year="2020"), "exercise2020"),
        (Work(doi=DOI, year="2020"), "source2020"),
        (Work(doi=DOI, title="42 ways to move", year="2020"), "source2020"),
    ],
)
def test_make_key(work, key):
    assert make_key(work, set()) == key


@pytest.mark.parametrize(
    ("text", "protect", "value"),
    [
        ("BMJ Open", False, "BMJ Open"),
        ("BMJ Open", True, "{BMJ} Open"),
        ("a\\b{c}d", False, "abcd"),
        ("R&D 100% #1 $5 a_b", False, "R\\&D 100\\% \\#1 \\$5 a\\_b"),
    ],
)
def test_bib_value(text, protect, value):
    assert bib_value(text, protect=protect) == value


def test_bib_value_keeps_acronyms_unbraced_unless_asked():
    assert bib_value("HUNT study") == "HUNT study"


def test_a_book_entry_names_its_publisher_and_braces_a_body_as_author():
    work = Work(
        doi=DOI,
        type="book",
        authors=[("World Health Organization", "")],
        title="Guidelines",
        container="Series",
        publisher="WHO Press",
        year="2020",
        number="3",
    )
    assert entry_text("world2020", work, TODAY) == (
        "% Looked up in Crossref and PubMed by invoke add-source on 2026-11-22.\n"
        "@book{world2020,\n"
        "  author    = {{World Health Organization}},\n"
        "  title     = {Guidelines},\n"
        "  publisher = {WHO Press},\n"
        "  year      = {2020},\n"
        "  number    = {3},\n"
        "  doi       = {10.1000/x}\n"
        "}\n"
    )


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        (
            "techreport",
            "  title     = {T},\n  publisher = {Institute},\n  doi       = {10.1000/x}\n",
        ),
        ("article", "  title   = {T},\n  journal = {Journal},\n  doi     = {10.1000/x}\n"),
        (
            "incollection",
            "  title     = {T},\n  booktitle = {Journal},\n  doi       = {10.1000/x}\n",
        ),
        ("misc", "  title   = {T},\n  doi     = {10.1000/x}\n"),
    ],
)
def test_where_a_work_appeared_is_written_for_its_type(kind, body):
    work = Work(doi=DOI, type=kind, title="T", container="Journal", publisher="Institute")
    assert entry_text("k", work, TODAY) == (
        "% Looked up in Crossref and PubMed by invoke add-source on 2026-11-22.\n"
        f"@{kind}{{k,\n{body}}}\n"
    )
