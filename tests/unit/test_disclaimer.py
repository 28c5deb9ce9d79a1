"""The disclaimer: reading its two banner forms, choosing the variant, rendering."""

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from plugins.disclaimer import DisclaimerError, parse_disclaimer, render_banner, select_variant
from plugins.disclaimer.disclaimer import check_metadata, make_environment

SOURCE = """\
Title: Disclaimer
Slug: disclaimer
Short: General information <em>only</em> & not advice.
Strong: This page covers severe depression.
    You do not have to go through this alone.

The full text.
"""


@pytest.fixture(scope="module")
def env():
    return make_environment([ROOT / "theme" / "templates"])


def test_both_forms_are_read_from_the_metadata():
    disclaimer = parse_disclaimer(SOURCE, "pages/disclaimer.md")
    assert disclaimer.texts == {
        "standard": "General information <em>only</em> & not advice.",
        "strong": "This page covers severe depression. You do not have to go through this alone.",
    }


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "Short: General information <em>only</em> & not advice.\n",
            "",
            "pages/disclaimer.md:1: the standard banner text is missing. Add a metadata line "
            "'Short: <one or two sentences>' at the top of the file.",
        ),
        (
            "Short: General information <em>only</em> & not advice.",
            "Short:",
            "pages/disclaimer.md:3: the standard banner text is missing.",
        ),
        (
            "Strong: This page covers severe depression.\n    You do not have to go through "
            "this alone.\n",
            "",
            "pages/disclaimer.md:1: the strong banner text is missing.",
        ),
    ],
    ids=["no-short", "empty-short", "no-strong"],
)
def test_a_missing_form_names_the_file_line_and_fix(old, new, expected):
    assert old in SOURCE
    with pytest.raises(DisclaimerError) as caught:
        parse_disclaimer(SOURCE.replace(old, new), "pages/disclaimer.md")
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "standard"), ("strong", "strong"), (" Strong ", "strong"), ("standard", "standard")],
)
def test_select_variant(value, expected):
    assert select_variant(value) == expected


@pytest.mark.parametrize("value", ["off", "none", "", "stronger", "false"])
def test_the_banner_cannot_be_switched_off_or_misspelt(value):
    with pytest.raises(ValueError, match="Write 'Disclaimer: strong'.*cannot be switched off"):
        select_variant(value)


def test_unknown_metadata_is_logged_with_file_line_and_fix(tmp_path, caplog):
    source = tmp_path / "05-chapter.md"
    source.write_text("Title: A chapter\nSlug: a\nDisclaimer: off\n\nText.\n", encoding="utf-8")
    chapter = SimpleNamespace(source_path=str(source), metadata={"disclaimer": "off"})
    fine = SimpleNamespace(source_path=str(source), metadata={"disclaimer": "strong"})
    check_metadata(SimpleNamespace(articles=[chapter, fine], pages=[]))
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 1
    assert messages[0].endswith(
        "05-chapter.md:3: unknown Disclaimer value 'off'. Write 'Disclaimer: strong' for the "
        "stronger banner, or remove the line for the standard one; the banner cannot be "
        "switched off."
    )


def test_standard_banner(env):
    disclaimer = parse_disclaimer(SOURCE, "pages/disclaimer.md")
    html = str(render_banner(env, disclaimer, "standard", "../../disclaimer/"))
    banner = BeautifulSoup(html, "lxml").find(id="disclaimer")
    assert banner.name == "section" and banner["aria-label"] == "Disclaimer"
    assert banner["class"] == ["disclaimer", "disclaimer--standard"]
    assert banner.find("em") is None
    assert "General information &lt;em&gt;only&lt;/em&gt; &amp; not advice." in html
    assert [(a["href"], a.get_text()) for a in banner.find_all("a")] == [
        ("../../disclaimer/", "Read the full disclaimer")
    ]


def test_strong_banner_also_points_to_the_helplines(env):
    disclaimer = parse_disclaimer(SOURCE, "pages/disclaimer.md")
    banner = BeautifulSoup(
        str(render_banner(env, disclaimer, "strong", "/disclaimer/")), "lxml"
    ).find(id="disclaimer")
    assert banner["class"] == ["disclaimer", "disclaimer--strong"]
    assert banner.select_one(".disclaimer__text").get_text() == disclaimer.texts["strong"]
    assert [a["href"] for a in banner.find_all("a")] == ["#crisis-help", "/disclaimer/"]


def test_the_real_disclaimer_file_has_both_forms():
    path = ROOT / "content" / "pages" / "disclaimer.md"
    disclaimer = parse_disclaimer(path.read_text(encoding="utf-8"), str(path))
    assert "does not replace" in disclaimer.texts["standard"]
    assert "You do not have to go through this alone." in disclaimer.texts["strong"]


def test_the_banner_check_cannot_be_dropped_with_the_site_audit_plugin():
    import pytest

    from plugins.disclaimer.disclaimer import require_on_every_page
    from plugins.site_audit import MissingAuditError, required_blocks

    settings = {"PLUGINS": ["plugins.disclaimer", "plugins.site_audit"]}
    require_on_every_page(settings)
    assert [block.name for block in required_blocks(settings)] == ["the disclaimer banner"]
    with pytest.raises(MissingAuditError, match="add 'plugins.site_audit' to PLUGINS"):
        require_on_every_page({"PLUGINS": ["plugins.disclaimer"]})


def test_a_second_banner_on_one_page_has_its_own_id(env):
    disclaimer = parse_disclaimer(SOURCE, "pages/disclaimer.md")
    html = str(render_banner(env, disclaimer, "strong", "/disclaimer/", "disclaimer-end"))
    page = BeautifulSoup(html, "lxml")
    assert page.find(id="disclaimer") is None
    banner = page.find(id="disclaimer-end")
    assert banner["class"] == ["disclaimer", "disclaimer--strong"]
    # Its helpline link still leads to the page's first crisis-help block.
    assert banner.find("a")["href"] == "#crisis-help"


def test_a_missing_disclaimer_page_stops_the_build_naming_the_file(tmp_path, monkeypatch):
    from plugins.disclaimer.disclaimer import load_disclaimer

    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    pelican = SimpleNamespace(settings={"PATH": "content", "THEME": str(ROOT / "theme")})
    with pytest.raises(DisclaimerError) as raised:
        load_disclaimer(pelican)
    assert [str(problem) for problem in raised.value.problems] == [
        "content/pages/disclaimer.md: cannot read the disclaimer (No such file or directory). "
        "Create it, or point DISCLAIMER_SOURCE at it (relative to PATH)."
    ]
