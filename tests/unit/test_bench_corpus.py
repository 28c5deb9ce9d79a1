"""The bench's corpora: the cloned chapters, the citation stripper and the bare settings."""

from pathlib import Path

import pytest

from guidelib import field_lines
from sitebuild.bench.clone import CloneError, clone, copy_text
from sitebuild.bench.sites import bare_source, bare_values, settings_text, strip_citations

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = """Title: Why movement helps
Slug: why-movement-helps
Reviewed: 2026-11-22
Order: 1
Tags: evidence

Text [@singh2023].
"""


def front_matter(text):
    return text.split("\n\n", 1)[0].splitlines()


def test_a_copy_changes_only_its_title_slug_and_order():
    assert copy_text(CHAPTER, 3, 11) == (
        "Title: Why movement helps (copy 3)\n"
        "Slug: why-movement-helps-copy-3\n"
        "Reviewed: 2026-11-22\n"
        "Order: 11\n"
        "Tags: evidence\n\n"
        "Text [@singh2023].\n"
    )


def test_a_chapter_without_a_slug_cannot_be_cloned():
    draft = CHAPTER.replace("Slug: why-movement-helps\n", "")
    with pytest.raises(CloneError, match=r"content/chapters/01-x.md: no Slug line"):
        copy_text(draft, 1, 9, "content/chapters/01-x.md")


def test_the_cloned_corpus_is_the_real_site_with_400_copies(tmp_path):
    real = sorted((ROOT / "content" / "chapters").glob("*.md"))
    corpus = clone(tmp_path / "cloned")
    chapters = sorted((corpus.content / "chapters").glob("*.md"))
    assert len(chapters) == len(real) + 400
    pages = sorted(p.name for p in (corpus.content / "pages").glob("*.md"))
    assert pages == sorted(p.name for p in (ROOT / "content" / "pages").glob("*.md"))
    assert (corpus.content / "references.bib").read_bytes() == (
        ROOT / "content" / "references.bib"
    ).read_bytes()
    fields = [dict(line.split(": ", 1) for line in front_matter(p.read_text())) for p in chapters]
    assert len({f["Slug"] for f in fields}) == len(chapters)
    orders = sorted(int(f["Order"]) for f in fields)
    assert orders[-400:] == list(range(len(real) + 1, len(real) + 401))
    assert len(set(orders)) == len(chapters)


def test_each_copy_is_its_original_but_for_three_lines(tmp_path):
    corpus = clone(tmp_path / "cloned", copies=9)
    originals = sorted((ROOT / "content" / "chapters").glob("*.md"))
    first_copy = next((corpus.content / "chapters").glob(f"*-{originals[0].stem}-copy-1.md"))
    original, copy = originals[0].read_text(), first_copy.read_text()
    changed = [
        (a, b) for a, b in zip(original.splitlines(), copy.splitlines(), strict=True) if a != b
    ]
    assert sorted(a.split(":")[0] for a, _ in changed) == ["Order", "Slug", "Title"]
    assert sorted(b.split(":")[0] for _, b in changed) == ["Order", "Slug", "Title"]
    assert field_lines(original) == field_lines(copy)


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("T: x\n\nFound [@singh2023].", "T: x\n\nFound."),
        ("T: x\n\nShown [@schuch2016; @clegg2026], but", "T: x\n\nShown, but"),
        ("T: x\n\nAs [see @bull2020, p. 3] says.", "T: x\n\nAs says."),
        ("T: x\n\nIn @blumenthal1999, the groups", "T: x\n\nIn , the groups"),
        ("T: x\n\nas @singh2023.", "T: x\n\nas ."),
        ("T: x\n\nMail <corrections@example.org>.", "T: x\n\nMail <corrections@example.org>."),
        ("T: x\n\nWrite [to us](mailto:us@example.org).", None),
        ("T: x\n\n[Plain] brackets.", None),
        ("Title: @front [@matter]\n\nBody @key.", "Title: @front [@matter]\n\nBody ."),
    ],
)
def test_citations_are_stripped_from_the_body_only(text, stripped):
    assert strip_citations(text) == (text if stripped is None else stripped)


def test_the_bare_copy_drops_our_theme_s_template_line():
    page = "Title: Get help now\nTemplate: get-help\nSlug: get-help\n\nCall [@x].\nTemplate: y\n"
    assert bare_source(page) == "Title: Get help now\nSlug: get-help\n\nCall.\nTemplate: y\n"


def test_bare_settings_keep_pelican_s_own_values_only():
    conf = {
        "PATH": "content",
        "ARTICLE_URL": "guide/{slug}/",
        "TAGS_SAVE_AS": "tags/index.html",
        "THEME": "theme",
        "THEME_EXTRA_CSS": ["citations.css"],
        "DIRECT_TEMPLATES": ["index", "404"],
        "PLUGINS": ["plugins.chapters", "plugins.crisis_help"],
        "CRISIS_HELP_REGIONS": ["US"],
        "CHAPTERS_TOC_MIN_HEADINGS": 3,
        "helper": "not a setting",
    }
    assert bare_values(conf) == {
        "PATH": "content",
        "ARTICLE_URL": "guide/{slug}/",
        "TAGS_SAVE_AS": "tags/index.html",
    }


def test_a_settings_file_holds_assignments_only():
    text = settings_text({"PLUGINS": [], "PATH": "/site/content"}, base="pelicanconf")
    assert text == "from pelicanconf import *\nPATH = '/site/content'\nPLUGINS = []\n"
