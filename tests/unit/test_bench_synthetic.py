"""The synthetic corpus (sitebuild.bench.synthetic): what ``generate`` writes from its seed.

A corpus of a few articles is generated into a temporary folder for each
test, which reads it back. The words are random, so the tests assert
what the generator promises: the files and settings, the front matter, six
sections of three paragraphs, sentences of 9 to 22 words, ten citations an
article from the 200-entry library (which pybtex reads), and the same corpus
again from the same seed. The end of the file covers what the synthetic
corpus shares with the cloned one (sitebuild.bench.clone and sites): the
bare copy, and the cloned corpus's errors and encoding, on small
hand-written content folders.
"""

import re
from pathlib import Path

import pytest
from conftest import ascii_locale
from pybtex.database import parse_file

from sitebuild.bench.clone import CloneError, clone, copy_text, front_matter_end
from sitebuild.bench.sites import bare_source, bare_values, plugin_prefixes
from sitebuild.bench.synthetic import SEED, WORDS, generate

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 12
SENTENCE_RE = re.compile(r"(?P<words>[A-Z][a-z]*(?: [a-z]+)*)(?: (?P<cite>\[@[^\]]+\]))?\.")
KEY_RE = re.compile(r"@(ref\d{3})")


@pytest.fixture
def corpus(tmp_path):
    return generate(tmp_path / "synthetic", ARTICLES, bare=False)


def chapter(corpus, number):
    return (corpus.content / "chapters" / f"{number:04d}.md").read_text(encoding="utf-8")


def chapters(corpus, articles=ARTICLES):
    return [chapter(corpus, number) for number in range(1, articles + 1)]


def body_paragraphs(text):
    """The paragraphs of the six sections, by section."""
    sections = text.split("\n\n## Section ")[1:]
    sections[-1] = sections[-1].split("\n\nFurther reading ")[0]
    return [section.strip().split("\n\n")[1:] for section in sections]


def sentences(paragraph):
    return re.split(r"(?<=\.) ", paragraph)


def test_the_corpus_has_its_chapters_pages_data_and_library(corpus):
    assert corpus.name == "synthetic"
    names = sorted(path.name for path in (corpus.content / "chapters").iterdir())
    assert names == [f"{number:04d}.md" for number in range(1, ARTICLES + 1)]
    pages = sorted(path.name for path in (corpus.content / "pages").iterdir())
    assert pages == ["about.md", "disclaimer.md", "get-help.md", "privacy.md", "references.md"]
    data = ROOT / "content" / "data"
    assert sorted(p.name for p in (corpus.content / "data").iterdir()) == sorted(
        p.name for p in data.iterdir()
    )
    assert all(
        (corpus.content / "data" / p.name).read_bytes() == p.read_bytes() for p in data.iterdir()
    )
    assert (corpus.content / "references.bib").is_file()


@pytest.mark.parametrize("name", ["get-help.md", "disclaimer.md", "references.md"])
def test_the_safety_pages_are_the_real_site_s(corpus, name):
    real = ROOT / "content" / "pages" / name
    assert (corpus.content / "pages" / name).read_bytes() == real.read_bytes()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("about.md", "Title: About\nSlug: about\nTemplate: about\nSummary: A page.\n\nText.\n"),
        ("privacy.md", "Title: Privacy\nSlug: privacy\nSummary: A page.\n\nText.\n"),
    ],
)
def test_about_and_privacy_are_short_pages_of_their_own(corpus, name, text):
    assert (corpus.content / "pages" / name).read_text(encoding="utf-8") == text


def test_our_settings_relax_the_reading_grade_only(corpus):
    assert corpus.settings.read_text(encoding="utf-8") == (
        "from pelicanconf import *\n"
        f"PATH = {str(corpus.content)!r}\n"
        "PROSE_GRADE_ERROR = 20\n"
        "PROSE_GRADE_WARNING = 20\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
    )


def test_by_default_a_bare_copy_without_citations_is_written_too(tmp_path):
    corpus = generate(tmp_path / "synthetic", 1)
    assert corpus.bare_settings.is_file()
    bare = corpus.bare_settings.parent / "content"
    text = (bare / "chapters" / "0001.md").read_text(encoding="utf-8")
    assert "[@" not in text
    assert "## Section 6 of article 1" in text
    about = (bare / "pages" / "about.md").read_text(encoding="utf-8")
    assert about == "Title: About\nSlug: about\nSummary: A page.\n\nText.\n"
    settings = corpus.bare_settings.read_text(encoding="utf-8").splitlines()
    assert f"PATH = {str(bare)!r}" in settings
    assert "PLUGINS = []" in settings
    assert not [line for line in settings if line.startswith(("from ", "THEME", "PROSE_"))]


def test_without_bare_only_our_settings_are_written(tmp_path):
    corpus = generate(tmp_path / "n2", 2, bare=False)
    assert corpus.settings.is_file()
    assert not corpus.bare_settings.parent.exists()
    assert sorted(p.name for p in (corpus.content / "chapters").iterdir()) == ["0001.md", "0002.md"]


def test_the_library_has_200_articles_pybtex_reads(corpus):
    entries = parse_file(str(corpus.content / "references.bib")).entries
    assert list(entries) == [f"ref{number:03d}" for number in range(1, 201)]
    for number, entry in enumerate(entries.values(), start=1):
        assert entry.type == "article"
        assert dict(entry.fields) == {
            "title": entry.fields["title"],
            "journal": "Journal of Synthetic Research",
            "year": str(2000 + number % 25),
            "volume": str(number % 40 + 1),
            "number": str(number % 12 + 1),
            "pages": f"{number}--{number + 9}",
            "doi": f"10.5555/synthetic.{number:03d}",
        }
        title = entry.fields["title"].removeprefix("A study of ").split(" ")
        assert len(set(title)) == 5 and set(title) <= set(WORDS)
        first, second = entry.persons["author"]
        assert first.first_names == ["Alex"] and second.first_names == ["Sam"]
        families = [first.last_names[0].lower(), second.last_names[0].lower()]
        assert families[0] != families[1] and set(families) <= set(WORDS)
        assert first.last_names[0] == families[0].capitalize()


def test_the_library_holds_its_entries_only_a_blank_line_apart(corpus):
    text = (corpus.content / "references.bib").read_text(encoding="utf-8")
    entries = text.split("\n\n")
    assert [entry.split(",", 1)[0] for entry in entries] == [
        f"@article{{ref{number:03d}" for number in range(1, 201)
    ]
    assert all(entry.endswith("\n}") for entry in entries[:-1])
    assert entries[-1].endswith("\n}\n")


def test_every_library_entry_may_be_cited(tmp_path):
    corpus = generate(tmp_path / "synthetic", 150, bare=False)
    cited = set(KEY_RE.findall("".join(chapters(corpus, 150))))
    assert cited == {f"ref{number:03d}" for number in range(1, 201)}


def test_each_article_has_the_front_matter_of_a_chapter(corpus):
    for number, text in enumerate(chapters(corpus), start=1):
        front = text.split("\n\n", 1)[0].splitlines()
        tags = front.pop().removeprefix("Tags: ").split(", ")
        assert front == [
            f"Title: Synthetic article {number}",
            f"Slug: article-{number}",
            "Date: 2026-01-01",
            "Modified: 2026-02-01",
            f"Summary: Synthetic article number {number} for benchmarks.",
            "Authors: editorial-team",
            f"Order: {number}",
            "Category: Guide",
        ]
        assert len(tags) == 2 and set(tags) <= set(WORDS)


def test_each_article_starts_with_its_key_points_then_six_sections(corpus):
    for number, text in enumerate(chapters(corpus), start=1):
        body = text.split("\n\n", 1)[1]
        assert body.startswith(
            f"## In short\n\n- First point of article {number}.\n- Second point.\n\n## Section 1"
        )
        headings = [line for line in body.splitlines() if line.startswith("## Section")]
        assert headings == [f"## Section {s} of article {number}" for s in range(1, 7)]
        assert text.endswith(".\n") and not text.endswith("\n\n")


def test_each_section_has_three_paragraphs_of_sentences_from_the_word_list(corpus):
    for text in chapters(corpus):
        sections = body_paragraphs(text)
        assert [len(paragraphs) for paragraphs in sections] == [3] * 6
        for paragraph in (p for paragraphs in sections for p in paragraphs):
            *plain, last = [SENTENCE_RE.fullmatch(s) for s in sentences(paragraph)]
            assert all(match and not match["cite"] for match in plain), paragraph
            assert last, paragraph
            words = [w for s in [*plain, last] for w in s["words"].lower().split()]
            assert set(words) <= set(WORDS)


def test_sentences_have_9_to_22_words_and_paragraphs_3_to_5_sentences(corpus):
    lengths, counts = set(), set()
    for text in chapters(corpus):
        for paragraph in (p for paragraphs in body_paragraphs(text) for p in paragraphs):
            found = sentences(paragraph)
            counts.add(len(found))
            lengths |= {len(SENTENCE_RE.fullmatch(s)["words"].split()) for s in found}
    assert lengths == set(range(9, 23))
    assert counts == {3, 4, 5}


def test_each_article_cites_ten_library_entries_once_each(corpus):
    for text in chapters(corpus):
        keys = KEY_RE.findall(text)
        assert len(keys) == 10 and len(set(keys)) == 10
        assert all(1 <= int(key[3:]) <= 200 for key in keys)
        groups = re.findall(r"\[@[^\]]*\]", text)
        assert sorted(group.count("@") for group in groups) == [1] * 8 + [2]
        assert re.search(r"\[@ref\d{3}; @ref\d{3}\]", text)


def test_the_cited_sources_vary_between_articles(corpus):
    cited = [frozenset(KEY_RE.findall(text)) for text in chapters(corpus)]
    assert len(set(cited)) == ARTICLES
    assert len(set().union(*cited)) > 50


def test_while_citations_are_left_six_paragraphs_in_ten_end_with_one(corpus):
    seen = cited = 0
    for text in chapters(corpus):
        left = 9  # citation groups an article has
        for paragraph in (p for paragraphs in body_paragraphs(text) for p in paragraphs):
            if left:
                seen += 1
                if SENTENCE_RE.fullmatch(sentences(paragraph)[-1])["cite"]:
                    cited, left = cited + 1, left - 1
    assert 0.5 < cited / seen < 0.7


def test_citations_left_over_are_further_reading(corpus):
    endings = []
    for text in chapters(corpus):
        body, _, rest = text.partition("\n\nFurther reading ")
        groups = re.findall(r"\[@[^\]]*\]", rest)
        if rest:
            assert rest == " ".join(groups) + ".\n"
        assert len(re.findall(r"\[@[^\]]*\]", body)) + len(groups) == 9
        endings.append(bool(rest))
    assert True in endings and False in endings


def test_the_two_source_group_is_cited_first(corpus):
    for text in chapters(corpus):
        first = re.search(r"\[@[^\]]*\]", text.split("\n\n## Section 1", 1)[1])[0]
        assert "; @" in first or "; @" in text.partition("Further reading ")[2]


def test_the_same_seed_gives_the_same_corpus(tmp_path):
    one = generate(tmp_path / "one", 2, bare=False)
    two = generate(tmp_path / "two", 2, seed=SEED, bare=False)
    other = generate(tmp_path / "other", 2, seed=SEED + 1, bare=False)
    for name in ("references.bib", "chapters/0001.md", "chapters/0002.md"):
        assert (one.content / name).read_bytes() == (two.content / name).read_bytes()
        assert (one.content / name).read_bytes() != (other.content / name).read_bytes()


@pytest.mark.parametrize(
    ("text", "end"),
    [("A: 1\n\nB\n\nC", 4), ("A: 1\nB: 2", 9), ("\n\nBody", 0)],
)
def test_the_front_matter_ends_at_the_first_blank_line(text, end):
    assert front_matter_end(text) == end


def test_a_chapter_missing_several_fields_names_them_all():
    with pytest.raises(CloneError) as raised:
        copy_text("Title: A\n\nText.\n", 1, 9)
    assert str(raised.value) == (
        "chapter: no Order, Slug line in the front matter; "
        "the cloned corpus gives each copy its own Title, Slug and Order"
    )


def content(folder, chapters):
    (folder / "chapters").mkdir(parents=True)
    (folder / "pages").mkdir()
    for name, text in chapters.items():
        (folder / "chapters" / name).write_text(text, encoding="utf-8")
    return folder


def test_a_site_without_chapters_cannot_be_cloned(tmp_path):
    source = content(tmp_path / "content", {})
    with pytest.raises(CloneError) as raised:
        clone(tmp_path / "cloned", copies=2, source=source)
    assert str(raised.value) == f"{source / 'chapters'}: no chapters to clone"


def test_a_chapter_that_cannot_be_cloned_is_named_by_its_path(tmp_path):
    source = content(tmp_path / "content", {"01-x.md": "Title: X\nOrder: 1\n\nText.\n"})
    with pytest.raises(CloneError, match=r"^content/chapters/01-x.md: no Slug line"):
        clone(tmp_path / "cloned", copies=1, source=source)


CAFE = "Title: Café\nSlug: cafe\nOrder: 1\n\nBody – é [@key].\n"


def test_the_cloned_corpus_is_utf_8_whatever_the_locale(tmp_path):
    folder = tmp_path / "café"
    source = content(tmp_path / "content", {"01-cafe.md": CAFE})
    with ascii_locale():
        corpus = clone(folder, copies=1, source=source)
    assert corpus.name == "cloned"
    copy = corpus.content / "chapters" / "0002-01-cafe-copy-1.md"
    assert (
        copy.read_bytes()
        == ("Title: Café (copy 1)\nSlug: cafe-copy-1\nOrder: 2\n\nBody – é [@key].\n").encode()
    )
    bare = corpus.bare_settings.parent / "content"
    stripped = (bare / "chapters" / "01-cafe.md").read_bytes()
    assert stripped == "Title: Café\nSlug: cafe\nOrder: 1\n\nBody – é.\n".encode()
    assert f"PATH = {str(corpus.content)!r}".encode() in corpus.settings.read_bytes()
    assert f"PATH = {str(bare)!r}".encode() in corpus.bare_settings.read_bytes()


def test_the_bare_copy_keeps_a_template_line_in_the_body():
    text = "Template: page\nTitle: A\n\nOne.\nTemplate: y\n\nTwo."
    assert bare_source(text) == "Title: A\n\nOne.\nTemplate: y\n\nTwo."


def test_settings_without_plugins_are_all_kept():
    assert bare_values({"PATH": "content", "SITENAME": "Guide"}) == {
        "PATH": "content",
        "SITENAME": "Guide",
    }


@pytest.mark.parametrize(
    ("plugins", "prefixes"),
    [
        (["plugins.crisis_help"], ("CRISIS_HELP_",)),
        (["pelican.plugins.sitemap", "seo"], ("SITEMAP_", "SEO_")),
    ],
)
def test_a_plugin_s_settings_prefix_is_its_last_name(plugins, prefixes):
    assert plugin_prefixes(plugins) == prefixes
