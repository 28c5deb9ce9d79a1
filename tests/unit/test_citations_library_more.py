"""The reference library in detail: BibTeX fields to CSL, what each Reference keeps,
the HTML a style gives, locales, and the library's own errors.

Each test writes a small BibTeX file (or a small CSL style) into tmp_path and
reads it with load_library, or gives pybtex's entry to entry_to_csl; the
expected CSL items, references, HTML and problems are written out in full.
"""

import warnings

import pytest
from conftest import ascii_locale
from pybtex.database import Person, parse_string

from plugins.citations.library import (
    _person_csl,
    clean_html,
    entry_to_csl,
    load_library,
    load_style,
)


def write(tmp_path, text, name="references.bib"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def problems(library):
    return [(p.line, p.message) for p in library.problems]


def csl(text):
    (key, entry), *_ = parse_string(text, "bibtex").entries.items()
    return entry_to_csl(key, entry)


@pytest.mark.parametrize(
    ("text", "item"),
    [
        (
            "@book{b, editor = {Smith, Ann and Jones, Bob}, title = {Exercise}, "
            "publisher = {Pub}, edition = {2}, year = {2020}, note = {A note}, "
            "url = {https://example.org/x}}",
            {
                "id": "b",
                "type": "book",
                "editor": [
                    {"family": "Smith", "given": "Ann"},
                    {"family": "Jones", "given": "Bob"},
                ],
                "title": "Exercise",
                "publisher": "Pub",
                "edition": "2",
                "URL": "https://example.org/x",
                "note": "A note",
                "issued": {"date-parts": [[2020]]},
            },
        ),
        (
            "@inproceedings{c, author = {van Beethoven, Ludwig and {World Health Organization} "
            "and Lloyd Webber, and others}, title = {Talk}, booktitle = {Proc of X}, "
            "organization = {Org}, pages = {3--9}, year = {2019}}",
            {
                "id": "c",
                "type": "paper-conference",
                "author": [
                    {"family": "van Beethoven", "given": "Ludwig"},
                    {"literal": "World Health Organization"},
                    {"literal": "Lloyd Webber"},
                    {"literal": "et al."},
                ],
                "title": "Talk",
                "container-title": "Proc of X",
                "publisher": "Org",
                "page": "3-9",
                "issued": {"date-parts": [[2019]]},
            },
        ),
        (
            "@techreport{r, author = {de la Fontaine, Jean Pierre}, title = {Rep}, "
            "institution = {Inst}, number = {12}, year = {2021}, doi = { 10.1/x }, "
            "pmid = {1}, pmcid = {PMC1}}",
            {
                "id": "r",
                "type": "report",
                "author": [{"family": "de la Fontaine", "given": "Jean Pierre"}],
                "title": "Rep",
                "publisher": "Inst",
                "issue": "12",
                "issued": {"date-parts": [[2021]]},
                "DOI": "10.1/x",
                "PMID": "1",
                "PMCID": "PMC1",
            },
        ),
        # A type BibTeX has but the table does not is formatted as a report.
        ("@unpublished{u, title = {Draft}}", {"id": "u", "type": "report", "title": "Draft"}),
    ],
)
def test_entry_to_csl(text, item):
    assert csl(text) == item


def test_a_person_with_only_middle_names_is_a_person_not_a_body():
    assert _person_csl(Person(middle="Ann", last="Lee")) == {"family": "Lee", "given": "Ann"}


EDITED = (
    "@book{b,\n  editor = {Smith, Ann and Jones, Bob},\n  title = {Exercise},\n"
    "  publisher = {Pub},\n  edition = {2},\n  year = {2020},\n"
    "  url = {https://example.org/x}\n}\n"
)


def test_an_edited_book_is_named_by_its_editors(tmp_path):
    reference = load_library(write(tmp_path, EDITED))["b"]
    assert reference.html == (
        "Smith A, Jones B, eds. <i>Exercise</i>. 2nd ed. (Smith A, Jones B, eds.). Pub; 2020. "
        "https://example.org/x"
    )
    assert (reference.authors, reference.narrative) == (
        ("Smith", "Jones"),
        "Smith and Jones (2020)",
    )


def test_the_locale_chooses_the_words_of_the_style(tmp_path):
    reference = load_library(write(tmp_path, EDITED), locale="de-DE")["b"]
    assert reference.html == (
        "Smith A, Jones B, Hrsg. <i>Exercise</i>. 2. Aufl. (Smith A, Jones B, Hrsg.). Pub; 2020. "
        "https://example.org/x"
    )


@pytest.mark.parametrize(
    ("author", "authors", "narrative"),
    [
        ("Singh, Ben and Olds, Tim and others", ("Singh", "Olds"), "Singh et al. (2020)"),
        (
            "{World Health Organization}",
            ("World Health Organization",),
            "World Health Organization (2020)",
        ),
        ("van Beethoven, Ludwig", ("van Beethoven",), "van Beethoven (2020)"),
        # An author without a surname leaves the title to stand in for the authors.
        ("Ann {}", ("",), "Exercise (2020)"),
    ],
)
def test_the_authors_a_reference_keeps(tmp_path, author, authors, narrative):
    text = f"@misc{{k,\n  author = {{{author}}},\n  title = {{Exercise}},\n  year = {{2020}}\n}}\n"
    reference = load_library(write(tmp_path, text))["k"]
    assert (reference.authors, reference.narrative) == (authors, narrative)


def test_without_authors_the_title_names_the_work(tmp_path):
    text = "@misc{k,\n  title = {Exercise},\n  year = {2020}\n}\n"
    reference = load_library(write(tmp_path, text))["k"]
    assert (reference.title, reference.authors, reference.narrative) == (
        "Exercise",
        (),
        "Exercise (2020)",
    )


@pytest.mark.parametrize(
    ("fields", "title", "year", "narrative"),
    [
        ("author = {Lee, Kim},\n  title = {Talk}", "Talk", "", "Lee"),
        # With neither authors nor a title, the key names the work.
        ("year = {2020}", "", "2020", "k (2020)"),
    ],
)
def test_a_reference_without_year_or_title(tmp_path, fields, title, year, narrative):
    library = load_library(write(tmp_path, f"@misc{{k,\n  {fields}\n}}\n"))
    reference = library["k"]
    assert (reference.title, reference.year, reference.narrative) == (title, year, narrative)
    assert library.problems == []


@pytest.mark.parametrize(
    ("fields", "kept", "links"),
    [
        ("", ("", "", ""), ("", "", "")),
        (
            "doi = {10.1000/x},\n  pmid = {12},\n  pmcid = {PMC3}",
            ("10.1000/x", "12", "PMC3"),
            (
                "https://doi.org/10.1000/x",
                "https://pubmed.ncbi.nlm.nih.gov/12/",
                "https://pmc.ncbi.nlm.nih.gov/articles/PMC3/",
            ),
        ),
        # Malformed ones are reported, and no link is made from them.
        ("doi = {doi:10.1000/x},\n  pmid = {012},\n  pmcid = {3}", ("", "", ""), ("", "", "")),
    ],
)
def test_only_well_formed_identifiers_are_kept(tmp_path, fields, kept, links):
    text = f"@article{{k,\n  title = {{T}},\n  year = {{2020}},\n  {fields}\n}}\n"
    reference = load_library(write(tmp_path, text))["k"]
    assert (reference.doi, reference.pmid, reference.pmcid) == kept
    assert (reference.doi_url, reference.pubmed_url, reference.pmc_url) == links


HOUSE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="de-DE">
  <locale xml:lang="en-US">
    <terms>
      <term name="edition" form="short">house-edn</term>
    </terms>
  </locale>
  <citation>
    <layout>
      <text variable="title"/>
    </layout>
  </citation>
  <bibliography>
    <layout>
      <text variable="citation-number" suffix=". "/>
      <text term="edition" form="short" suffix=" "/>
      <text variable="title" font-variant="small-caps" suffix=" "/>
      <text variable="publisher" font-weight="light"/>
    </layout>
  </bibliography>
</style>
"""

BOOK = "@book{b,\n  title = {Exercise},\n  publisher = {Pub},\n  year = {2020}\n}\n"


def test_a_house_style_is_used_without_its_numbers_in_en_us_by_default(tmp_path):
    style = write(tmp_path, HOUSE, "house.csl")
    reference = load_library(write(tmp_path, BOOK), style)["b"]
    assert reference.html == (
        'house-edn <span class="citations-smallcaps">Exercise</span> '
        '<span class="citations-light">Pub</span>'
    )


MACRO_NUMBER = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <macro name="entry">
    <group delimiter=" ">
      <text variable="citation-number" prefix="[" suffix="]"/>
      <text variable="title"/>
    </group>
  </macro>
  <citation>
    <layout>
      <text macro="entry"/>
    </layout>
  </citation>
  <bibliography>
    <layout>
      <text macro="entry" suffix="."/>
    </layout>
  </bibliography>
</style>
"""


@pytest.mark.parametrize(
    ("style", "html"),
    [
        # The number inside a macro the layout calls, as four of the bundled
        # styles have it ("1. Exercise ..." and "〔1〕《Exercise》..." before):
        # the page's numbered list must not show it twice.
        ("macro", "Exercise."),
        ("gost-r-7-0-5-2008", "Exercise. : Pub, 2020."),
        ("law-citation-manual", "《Exercise》，Pub2020ed.。"),
    ],
)
def test_no_style_prints_its_own_number(tmp_path, style, html):
    if style == "macro":
        style = write(tmp_path, MACRO_NUMBER, "macro.csl")
    assert load_library(write(tmp_path, BOOK), style)["b"].html == html


LABELLED_NUMBER = MACRO_NUMBER.replace(
    '<text variable="citation-number" prefix="[" suffix="]"/>',
    '<label variable="citation-number"/><text variable="citation-number"/>',
)


def test_a_condition_on_the_number_is_kept_with_its_branch(tmp_path):
    # Only what prints the number goes. citeproc-py gives no item a number
    # to test, so this branch is the one taken, and removing it would give "none".
    condition = '<if variable="citation-number" match="none">'
    body = f'{condition}<text variable="title"/></if><else><text value="none"/></else>'
    style = MACRO_NUMBER.replace(
        '<text macro="entry" suffix="."/>', f"<choose>{body}</choose>"
    ).replace('<text macro="entry"/>', '<text value="cited"/>')
    library = load_library(write(tmp_path, BOOK), write(tmp_path, style, "if.csl"))
    assert library["b"].html == "Exercise"


def test_the_label_of_the_number_goes_with_it(tmp_path):
    # Before, "citation" was printed alone where the number had been.
    style = write(tmp_path, LABELLED_NUMBER, "label.csl")
    assert load_library(write(tmp_path, BOOK), style)["b"].html == "Exercise."


def test_load_style_defaults_to_en_us_and_takes_another_locale(tmp_path):
    style = write(tmp_path, HOUSE, "house.csl")
    bib = write(tmp_path, BOOK)
    assert load_library(bib, load_style(style))["b"].html.startswith("house-edn ")
    assert load_library(bib, load_style(style, "de-DE"))["b"].html.startswith("Aufl. ")
    assert load_library(bib, style, locale="de-DE")["b"].html.startswith("Aufl. ")


def test_a_style_the_csl_schema_refuses_still_loads_quietly(tmp_path):
    style = write(tmp_path, HOUSE, "house.csl")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_style(style)


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        (
            '<span style="font-variant:small-caps;">Abc</span> d',
            '<span class="citations-smallcaps">Abc</span> d',
        ),
        ("<l>x</l>", '<span class="citations-light">x</span>'),
        ("<span>a</span>", "<span>a</span>"),
        ('<b style="font-weight:bold;">a</b>', '<b style="font-weight:bold;">a</b>'),
        (" <i>t</i> ", "<i>t</i>"),
    ],
)
def test_clean_html(html, clean):
    assert clean_html(html) == clean


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A line of its own before the first entry still counts.
        (
            "\n@article{e,\n  title = {T},\n  year = {20x}\n}\n",
            [(4, "entry 'e' has a malformed year '20x'. Write four digits, e.g. 2023.")],
        ),
        # Field names are read in any case.
        (
            "@article{e,\n  title = {T},\n  year = {2020},\n  DOI = {10.1/x y}\n}\n",
            [
                (
                    4,
                    "entry 'e' has a malformed DOI '10.1/x y'. Write the bare DOI, e.g. "
                    "10.1136/bjsports-2022-106195, without a https://doi.org/ prefix.",
                )
            ],
        ),
        (
            "@misc{a,\n  title = {T},\n  title = {U},\n  year = {2020}\n}\n",
            [(1, "entry 'a': entry with key a has a duplicate title field. Fix the entry.")],
        ),
        (
            "@misc{a,\n  author = {Smith, John, Jr, Extra},\n  year = {2020}\n}\n",
            [(1, "entry 'a': Too many commas in 'Smith, John, Jr, Extra'. Fix the entry.")],
        ),
    ],
)
def test_more_library_errors(tmp_path, text, expected):
    path = write(tmp_path, text)
    library = load_library(path)
    assert problems(library) == expected
    assert {p.path for p in library.problems} == {path}


LATER = "@misc{later,\n  title = {Later},\n  year = {2021}\n}\n"


@pytest.mark.parametrize(
    "bad",
    [
        "@misc{a,\n  title = {T},\n  year = {2020}\n}\n@misc{A,\n  title = {U}\n}\n",
        "@misc{a,\n  title = {T},\n  title = {U}\n}\n",
        "@misc{a,\n  title = {T},\n  year = {soon}\n}\n",
    ],
)
def test_an_entry_in_error_does_not_stop_the_entries_after_it(tmp_path, bad):
    library = load_library(write(tmp_path, bad + LATER))
    assert len(library.problems) == 1
    assert library["later"].title == "Later"


def test_string_macros_preambles_and_months_are_read(tmp_path):
    text = (
        '@string{jsm = "Br J Sports Med"}\n@preamble{"\\newcommand{\\x}{x}"}\n'
        "@article{a,\n  title = {T},\n  journal = jsm,\n  month = jan,\n  year = {2020}\n}\n"
    )
    library = load_library(write(tmp_path, text))
    assert library.problems == []
    assert list(library.references) == ["a"]
    assert library["a"].html == "T. T. <i>Br J Sports Med</i>. Published online 2020."


def test_a_string_macro_belongs_to_its_own_library(tmp_path):
    load_library(write(tmp_path, '@string{jsm = "Br J Sports Med"}\n', "first.bib"))
    path = write(tmp_path, "@article{a,\n  title = {T},\n  journal = jsm,\n  year = {2020}\n}\n")
    assert problems(load_library(path)) == [
        (
            3,
            "cannot parse the library: undefined string in line 3: jsm (in the entry that "
            "starts on line 1). Check the braces, commas and quotes of that entry.",
        )
    ]


def test_a_library_that_is_not_utf_8_is_an_error_on_line_1(tmp_path):
    path = tmp_path / "references.bib"
    path.write_bytes(b"@misc{a,\n  title = {Caf\xe9}\n}\n")
    library = load_library(str(path))
    assert [(p.path, p.line, p.message) for p in library.problems] == [
        (
            str(path),
            1,
            "cannot read the library: 'utf-8' codec can't decode byte 0xe9 in position 23: "
            "invalid continuation byte. Save it as UTF-8.",
        )
    ]
    assert library.broken is True
    assert library.unreadable
    assert library.references == {}


def test_the_library_is_read_as_utf_8_whatever_the_locale(tmp_path):
    path = write(tmp_path, "@misc{a,\n  author = {Øverland, Simon},\n  year = {2020}\n}\n")
    with ascii_locale():
        library = load_library(path)
    assert library.problems == []
    assert library["a"].authors == ("Øverland",)


def test_an_entry_the_style_shows_as_nothing_is_a_located_error(tmp_path):
    # citeproc-py leaves such an entry out of its list; the entries after it
    # must still get their own texts, not their neighbours'.
    path = write(
        tmp_path,
        "@misc{first,\n  title = {First}\n}\n\n"
        "@misc{leaflet,\n  note = {Leaflet}\n}\n\n"
        "@misc{last,\n  author = {Lee, Kim},\n  title = {Last}\n}\n",
    )
    library = load_library(path)
    assert [(p.line, p.message) for p in library.problems] == [
        (
            5,
            "entry 'leaflet' shows nothing in the reference list: the style found none "
            "of the fields it prints. Give it an author or a title.",
        )
    ]
    assert sorted(library.references) == ["first", "last"]
    assert "First" in library["first"].html
    assert library["last"].html.startswith("Lee K. Last.")
