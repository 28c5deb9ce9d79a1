"""Reading the BibTeX library: formatting, identifiers, and each library error."""

import logging

import pytest
from conftest import ROOT

from guidelib import SettingsError
from plugins.citations.library import load_library, short_author
from plugins.citations.plugin import (
    CitationsError,
    initialized,
    install_extension,
    load,
    open_style,
)
from plugins.citations.settings import read_config

SITE_BIB = ROOT / "tests" / "fixtures" / "citations_site" / "content" / "references.bib"


def write(tmp_path, text):
    path = tmp_path / "references.bib"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_references_are_formatted_in_ama_style_once():
    library = load_library(str(SITE_BIB))
    singh = library["singh2023"]
    assert singh.html == (
        "Singh B, Olds T, Curtis R, et al. Effectiveness of physical activity interventions "
        "for improving depression, anxiety and distress: an overview of systematic reviews. "
        "<i>Br J Sports Med</i>. 2023;57(18):1203-1209. doi:10.1136/bjsports-2022-106195"
    )
    assert singh.narrative == "Singh et al. (2023)"
    assert singh.doi_url == "https://doi.org/10.1136/bjsports-2022-106195"
    assert singh.pubmed_url == "https://pubmed.ncbi.nlm.nih.gov/36796860/"
    assert library["szuhany2015"].pmc_url == "https://pmc.ncbi.nlm.nih.gov/articles/PMC4314337/"
    # LaTeX in names is decoded.
    assert library["harvey2018"].authors[1] == "Øverland"
    assert library.problems == []


def test_another_bundled_style_can_be_chosen():
    apa = open_style(read_config({"PATH": ".", "CITATIONS_STYLE": "apa"}))
    library = load_library(str(SITE_BIB), apa)
    assert library["schuch2016"].html.startswith("Schuch, F. B., Vancampfort, D.")


@pytest.mark.parametrize(
    ("authors", "short"),
    [
        (("Singh",), "Singh"),
        (("Singh", "Olds"), "Singh and Olds"),
        (("Singh", "et al."), "Singh et al."),
        (("Singh", "Olds", "Curtis"), "Singh et al."),
        ((), ""),
    ],
)
def test_short_author(authors, short):
    assert short_author(authors) == short


GOOD = "@misc{a,\n  author = {A, Ann},\n  title = {T},\n  year = {2020},\n}\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            GOOD + "\n@misc{A,\n  title = {Again},\n  year = {2021},\n}\n",
            7,
            "duplicate key 'A' (first defined on line 1). Give each entry its own key, "
            "or delete the repeated entry.",
        ),
        (
            "@article{b,\n  title = {T},\n  year = {2020},\n  doi = {https://doi.org/10.1/x},\n}\n",
            4,
            "entry 'b' has a malformed DOI 'https://doi.org/10.1/x'. Write the bare DOI, e.g. "
            "10.1136/bjsports-2022-106195, without a https://doi.org/ prefix.",
        ),
        (
            "@article{c,\n  title = {T},\n  year = {2020},\n  pmid = {PMID 123},\n}\n",
            4,
            "entry 'c' has a malformed PMID 'PMID 123'. A PMID is up to 9 digits, e.g. 36796860.",
        ),
        (
            "@article{d,\n  title = {T},\n  year = {2020},\n  pmcid = {4314337},\n}\n",
            4,
            "entry 'd' has a malformed PMCID '4314337'. Write PMC followed by digits, "
            "e.g. PMC4314337.",
        ),
        (
            "@article{e,\n  title = {T},\n  year = {in press},\n}\n",
            3,
            "entry 'e' has a malformed year 'in press'. Write four digits, e.g. 2023.",
        ),
        (
            GOOD + "@article{f,\n  title = {Unclosed,\n  year = {2020}\n",
            8,
            "cannot parse the library: syntax error in line 8: premature end of file (in the "
            "entry that starts on line 6). Check the braces, commas and quotes of that entry.",
        ),
    ],
)
def test_library_errors_name_file_line_and_key(tmp_path, text, line, message):
    path = write(tmp_path, text)
    library = load_library(path)
    assert [(p.path, p.line, p.message) for p in library.problems] == [(path, line, message)]


def test_unparseable_library_is_marked_unreadable(tmp_path):
    library = load_library(write(tmp_path, "@misc{a,\n title = {x\n"))
    assert library.unreadable
    assert library.references == {}


def test_missing_library_is_not_an_error_until_something_is_cited(tmp_path):
    library = load_library(str(tmp_path / "nothing.bib"))
    assert library.missing and not library.unreadable
    assert library.problems == []


class FakePelican:
    def __init__(self, settings):
        self.settings = settings


def test_initialized_logs_library_errors_and_installs_one_extension(tmp_path, caplog):
    path = write(tmp_path, GOOD + GOOD)
    settings = {"PATH": str(tmp_path), "MARKDOWN": {"extensions": ["markdown.extensions.extra"]}}
    with caplog.at_level(logging.ERROR, logger="plugins.citations"):
        initialized(FakePelican(settings))
        initialized(FakePelican(settings))
    assert caplog.records[0].getMessage() == (
        f"{path}:6: duplicate key 'a' (first defined on line 1). Give each entry its own key, "
        "or delete the repeated entry."
    )
    extensions = settings["MARKDOWN"]["extensions"]
    assert extensions[0] == "markdown.extensions.extra"
    assert [type(e).__name__ for e in extensions[1:]] == ["CitationsExtension"]


def test_install_extension_does_not_change_a_shared_markdown_dict():
    shared = {"extensions": ["markdown.extensions.extra"]}
    settings = {"MARKDOWN": shared}
    install_extension(settings, object())
    assert shared == {"extensions": ["markdown.extensions.extra"]}
    assert len(settings["MARKDOWN"]["extensions"]) == 2


def test_settings_defaults_and_paths(tmp_path):
    config = read_config({"PATH": str(tmp_path)})
    assert config.bib == str(tmp_path / "references.bib")
    assert config.style == "american-medical-association"
    local = read_config({"PATH": str(tmp_path), "CITATIONS_STYLE": "styles/house.csl"})
    assert local.style == str(tmp_path / "styles" / "house.csl")


def test_unknown_and_mistyped_settings_are_errors_naming_the_setting():
    with pytest.raises(SettingsError) as caught:
        read_config({"PATH": ".", "CITATIONS_STYL": "apa", "CITATIONS_HEADING": 3})
    assert [p.message for p in caught.value.problems] == [
        "unknown setting CITATIONS_STYL",
        "CITATIONS_HEADING must be text, not 3",
    ]
    assert caught.value.problems[0].hint == "did you mean CITATIONS_STYLE?"


def test_unknown_style_is_an_error_with_close_names():
    with pytest.raises(SettingsError) as caught:
        read_config({"PATH": ".", "CITATIONS_STYLE": "american-medical-asociation"})
    message = str(caught.value.problems[0])
    assert (
        "CITATIONS_STYLE 'american-medical-asociation' is neither a bundled style nor a .csl "
        "file; closest bundled styles: american-medical-association"
    ) in message
    assert message.endswith('For example: CITATIONS_STYLE = "apa" (or a .csl path).')


def test_a_csl_file_that_fails_to_load_names_the_file(tmp_path):
    broken = tmp_path / "house.csl"
    broken.write_text("<style", encoding="utf-8")
    with pytest.raises(CitationsError) as caught:
        load({"PATH": str(tmp_path), "CITATIONS_STYLE": "house.csl"})
    problem = caught.value.problems[0]
    assert problem.message.startswith("CITATIONS_STYLE is not a valid CSL file")
    assert problem.path.endswith("house.csl")


def test_the_formatted_library_is_kept_until_its_file_changes(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text(SITE_BIB.read_text(encoding="utf-8"), encoding="utf-8")
    settings = {"PATH": str(tmp_path)}
    _, first = load(settings)
    _, again = load(settings)
    assert again is first

    bib.write_text(bib.read_text(encoding="utf-8").replace("singh2023", "singh2023b"))
    _, edited = load(settings)
    assert edited is not first
    assert "singh2023b" in edited.references


def test_a_style_that_fails_is_reported_by_every_build(tmp_path):
    # A failed style is not kept: the next build reports it again.
    broken = tmp_path / "house.csl"
    broken.write_text("<style", encoding="utf-8")
    settings = {"PATH": str(tmp_path), "CITATIONS_STYLE": "house.csl"}
    for _ in range(2):
        with pytest.raises(CitationsError):
            load(settings)
