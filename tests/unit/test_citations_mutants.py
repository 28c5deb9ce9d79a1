"""Citations behaviour the mutation runs found unpinned: the settings' paths and
values, the hint for an unknown style, and the error for a citation mark left in
a built page; the extension's defaults and its list of close keys.

Each test gives read_config a settings dict, or marks_in and leftover_citations
a small parsed page, and asserts the whole value or message a user sees.
"""

import os

import markdown
import pytest
from conftest import ROOT
from lxml import etree

from guidelib import ERROR, SettingsError
from plugins.citations.extension import CitationsExtension
from plugins.citations.leftover import leftover_citations, marks_in
from plugins.citations.library import load_library
from plugins.citations.settings import Config, read_config

BIB = ROOT / "tests" / "fixtures" / "citations_site" / "unit.bib"


def tree(body):
    html = f"<!DOCTYPE html>\n<html><head><title>T</title></head>\n<body>\n{body}\n</body></html>"
    return etree.fromstring(html.encode(), etree.HTMLParser(encoding="utf-8"))


# Settings.


def test_every_setting_reaches_the_config(tmp_path):
    config = read_config(
        {
            "PATH": str(tmp_path),
            "CITATIONS_BIB": "sources/library.bib",
            "CITATIONS_STYLE": "apa",
            "CITATIONS_LOCALE": "de-DE",
            "CITATIONS_HEADING": "Quellen",
            "CITATIONS_CHECK_MENTIONS": False,
        }
    )
    assert config == Config(
        bib=str(tmp_path / "sources" / "library.bib"),
        style="apa",
        locale="de-DE",
        heading="Quellen",
        check_mentions=False,
    )


def test_the_defaults_reach_the_config(tmp_path):
    assert read_config({"PATH": str(tmp_path)}) == Config(
        bib=str(tmp_path / "references.bib"),
        style="american-medical-association",
        locale="en-US",
        heading="References",
        check_mentions=True,
    )


def test_without_path_the_files_are_relative_to_the_working_folder():
    config = read_config({"CITATIONS_STYLE": "styles/house.csl"})
    assert (config.bib, config.style) == ("references.bib", os.path.join("styles", "house.csl"))


def test_relative_paths_are_normalised(tmp_path):
    config = read_config(
        {"PATH": str(tmp_path / "content"), "CITATIONS_BIB": "../refs/./library.bib"}
    )
    assert config.bib == str(tmp_path / "refs" / "library.bib")


def test_absolute_paths_are_kept_as_written(tmp_path):
    # Not normalised: through a symlinked folder, "x/.." need not be the folder holding x.
    bib = os.path.join(str(tmp_path), "linked", "..", "elsewhere", "library.bib")
    style = str(tmp_path / "house.csl")
    config = read_config({"PATH": "/site/content", "CITATIONS_BIB": bib, "CITATIONS_STYLE": style})
    assert (config.bib, config.style) == (bib, style)


def test_a_home_folder_in_a_path_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    config = read_config(
        {
            "PATH": "/site/content",
            "CITATIONS_BIB": "~/library.bib",
            "CITATIONS_STYLE": "~/house.csl",
        }
    )
    assert (config.bib, config.style) == (
        str(tmp_path / "library.bib"),
        str(tmp_path / "house.csl"),
    )


@pytest.mark.parametrize(
    ("style", "message"),
    [
        # Only the three closest are named, apa's siblings among many.
        (
            "apa-7",
            "CITATIONS_STYLE 'apa-7' is neither a bundled style nor a .csl file; "
            "closest bundled styles: apa, apa-tr, apa-eu",
        ),
        ("zzzz", "CITATIONS_STYLE 'zzzz' is neither a bundled style nor a .csl file"),
        # A style file is named by its .csl ending, in that case only.
        (
            "house.CSL",
            "CITATIONS_STYLE 'house.CSL' is neither a bundled style nor a .csl file",
        ),
    ],
)
def test_an_unknown_style_names_the_closest_bundled_ones(style, message):
    with pytest.raises(SettingsError) as caught:
        read_config({"PATH": ".", "CITATIONS_STYLE": style})
    assert [p.message for p in caught.value.problems] == [message]


# Citation marks left in a built page.


def test_a_leftover_mark_is_an_error_with_the_whole_hint():
    problems = leftover_citations("guide/a/index.html", tree("<p>As @singh2023 showed.</p>"))
    assert [(p.path, p.line, p.severity, p.message, p.hint) for p in problems] == [
        (
            "guide/a/index.html",
            4,
            ERROR,
            "citation @singh2023 is shown as text: it was not read as a citation",
            "cite in the Markdown text as [@key] or @key, with a key from the library, "
            "not in raw HTML or a template; if it is not a citation, put it in a code span",
        )
    ]


@pytest.mark.parametrize(
    "body",
    [
        "<p>Follow us @www.example.org today.</p>",
        "<p>Write @mailto:help@example.org today.</p>",
        "<p>See @https://example.org/guide.</p>",
    ],
)
def test_an_at_sign_before_a_url_is_no_mark(body):
    # The URL is blanked out first, which leaves the "@" alone.
    assert marks_in(tree(body)) == []


# The Markdown extension with its defaults.


def convert(extension, text):
    md = markdown.Markdown(extensions=["extra", extension], output_format="html5")
    html = md.convert(text)
    return html, md.citations


def test_the_extension_defaults_give_the_heading_and_the_mention_check():
    extension = CitationsExtension(load_library(str(BIB)))
    html, record = convert(extension, "As Smith et al. (2019) found [@alpha2020].")
    assert html.split("\n<ol", 1)[0].split("<section", 1)[1] == (
        ' aria-labelledby="cite-references" class="citations-references">\n'
        '<h2 id="cite-references">References</h2>'
    )
    assert record["problems"] == [
        [
            "warning",
            1,
            "'Smith et al. (2019)' looks like a hand-typed citation, so it is not numbered "
            "or linked to the References. Write @key or [@key] with the source's key from "
            "the library, adding the source to the library first if it is missing.",
        ]
    ]


def test_an_unknown_key_names_at_most_three_close_keys(tmp_path):
    # Equally close keys come last first, as difflib orders them.
    entries = "".join(
        f"@misc{{walk2020{letter},\n  title = {{T}},\n  year = {{2020}}\n}}\n" for letter in "abcd"
    )
    bib = tmp_path / "references.bib"
    bib.write_text(entries, encoding="utf-8")
    _, record = convert(CitationsExtension(load_library(str(bib))), "x [@walk2020]")
    assert record["problems"] == [
        [
            "error",
            1,
            "unknown citation key 'walk2020' in [@walk2020]. "
            "Closest keys in the library: walk2020d, walk2020c, walk2020b.",
        ]
    ]


def number(n, tip_text, detail=""):
    return (
        f'<sup class="citations-cite"><a aria-describedby="cite-tip-{n}" '
        f'aria-label="Reference {n}" class="citations-ref" href="#cite-ref-{n}" '
        f'id="cite-{n}-a">{n}</a>{detail}<span class="citations-tip" hidden '
        f'id="cite-tip-{n}" role="tooltip"><span class="citations-tip-item">{n}. {tip_text}'
        "</span></span></sup>"
    )


def test_the_locale_names_the_locator_terms_of_a_bracket():
    extension = CitationsExtension(load_library(str(BIB)), locale="de-DE")
    html, _ = convert(extension, "x [@alpha2020, S. 12].")
    assert html.split("\n<section", 1)[0] == (
        "<p>x "
        + number(
            1,
            "Alpha A. One. Published online 2020. doi:10.1000/one (S. 12)",
            '<span class="citations-locator">(S. 12)</span>',
        )
        + ".</p>"
    )


def test_a_suppressed_author_before_a_bracket_leaves_the_number_alone():
    extension = CitationsExtension(load_library(str(BIB)))
    html, record = convert(extension, "Beta says -@beta2021 [p. 4].")
    assert html.split("\n<section", 1)[0] == (
        "<p>Beta says "
        + number(
            1,
            "Beta B, Bravo B. Two. Published online 2021. (p. 4)",
            '<span class="citations-locator">(p. 4)</span>',
        )
        + ".</p>"
    )
    assert record["groups"] == [[[["beta2021", "p. 4", "", ""]], None]]


def test_a_braced_narrative_key_names_its_source():
    extension = CitationsExtension(load_library(str(BIB)))
    html, record = convert(extension, "As @{alpha2020} showed.")
    assert html.split("\n<section", 1)[0] == (
        '<p>As <span class="citations-narrative">Alpha (2020)'
        + number(1, "Alpha A. One. Published online 2020. doi:10.1000/one")
        + "</span> showed.</p>"
    )
    assert record["groups"] == [[[["alpha2020", "", "", ""]], "alpha2020"]]


def test_an_entry_that_shows_nothing_is_reported_in_the_library_file(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text("@misc{leaflet,\n  note = {Leaflet}\n}\n", encoding="utf-8")
    library = load_library(str(bib))
    assert [(p.path, p.line) for p in library.problems] == [(str(bib), 1)]
