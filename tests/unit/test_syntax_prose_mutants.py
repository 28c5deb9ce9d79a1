"""Citations and prose behaviour the mutation runs found unpinned.

The content cache left alone when no cache folder is set; the citation
syntax's messages and locale; locators at their edges; hand-typed mentions;
the reading figures; the prose plugin's handlers.

Each test calls one public function with a small input and asserts the whole
value or message a user sees.
"""

from types import SimpleNamespace

import pytest

from plugins import build_record
from plugins.build_record.build_record import _record
from plugins.citations import plugin
from plugins.citations.locators import Locator, split_locator
from plugins.citations.mentions import SourceLocator
from plugins.citations.syntax import CitationSyntaxError, Item, occurrence_label, parse_group
from plugins.prose import extract, measure, prose
from plugins.prose import plugin as prose_plugin
from plugins.prose.reading import Sentence, sentence_grade, sentences

# The citations plugin.


def test_without_a_cache_folder_the_content_cache_setting_is_left_alone():
    settings = {"LOAD_CONTENT_CACHE": True}
    plugin.skip_stale_cache(settings, [])
    assert settings == {"LOAD_CONTENT_CACHE": True}


# The citation syntax.


def test_a_comma_without_a_locator_after_a_narrative_citation_names_the_whole_citation():
    with pytest.raises(CitationSyntaxError) as error:
        parse_group(",", head="@a", raw="@a [,]")
    assert str(error.value) == (
        "the citation @a [,] has a comma but no locator. "
        "Remove the comma or add the locator, e.g. [@key, p. 12]"
    )


def test_a_narrative_citations_locator_is_read_in_the_configured_locale():
    assert parse_group("S. 12", head="@a", locale="de-DE") == [Item("a", "S. 12")]
    assert parse_group("@a, S. 12", locale="de-DE") == [Item("a", "S. 12")]


@pytest.mark.parametrize(("index", "label"), [(1, "b"), (2, "c"), (26, "aa"), (701, "zz")])
def test_occurrence_labels_after_the_first(index, label):
    assert occurrence_label(index) == label


# Locators.


def test_every_roman_numeral_after_a_locator_term_belongs_to_the_locator():
    assert split_locator(", pp. iii, iv") == (Locator("pp. iii, iv", "page"), "")
    assert split_locator(", chapter IV, V and more") == (
        Locator("chapter IV, V", "chapter"),
        " and more",
    )


# Finding a message's line in the source.


def test_a_word_right_before_code_is_still_found_there():
    # The code is blanked out, and what blanks it must not run on into the word.
    locator = SourceLocator(["See Singh`[1]` for this.", "", "Then Singh again."])
    assert (locator.line_of("Singh"), locator.line_of("Singh", 1)) == (1, 3)


def test_a_word_right_after_code_is_still_found_there():
    locator = SourceLocator(["`code`Singh says so.", "", "Singh says so."])
    assert (locator.line_of("Singh says so."), locator.line_of("Singh says so.", 1)) == (1, 3)


# Reading figures.


def test_a_last_sentence_without_a_full_stop_starts_on_its_own_line():
    heading = extract("Walk.\n\n## Rest a while\n")[1]
    assert list(sentences(heading)) == [(3, "Rest a while")]
    assert measure([heading]).hardest == (
        Sentence(3, "Rest a while", sentence_grade("Rest a while")),
    )


def test_the_figures_are_textstats_on_the_prose_with_one_block_a_line():
    reading = measure(prose(extract("Walk every day.\n\nRest well.\n")))
    # textstat counts "Rest well." as no sentence of its own, and anything glued
    # to the blocks' ends would change the counts.
    assert (reading.words, reading.sentences, reading.grade, reading.ease) == (5, 1, 2.9, 83.3)


# The prose plugin's handlers.


class NoWorker:
    """Stands in for the worker process: it is given nothing and has no results."""

    def report(self, key):
        return None

    def close(self):
        pass


def test_a_markdown_source_after_one_that_is_not_markdown_is_still_checked(tmp_path, monkeypatch):
    for name in ("_state", "_reports", "_texts"):
        monkeypatch.setattr(prose_plugin, name, {})
    monkeypatch.setattr(prose_plugin, "_worker", NoWorker())
    build_record.reset()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "prose-rules.yaml").write_text(
        "rules:\n  - id: cure-claim\n    pattern: '\\bcures\\b'\n    level: warning\n"
        "    reason: no source says so\n    suggestion: say it may help\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.html").write_text("<p>It cures.</p>", encoding="utf-8")
    (tmp_path / "page.md").write_text("Title: A page\n\nWalking cures.\n", encoding="utf-8")
    prose_plugin.initialized(SimpleNamespace(settings={"PATH": str(tmp_path)}))
    pages = [
        SimpleNamespace(source_path=str(tmp_path / name)) for name in ("notes.html", "page.md")
    ]
    prose_plugin.page_generator_finalized(SimpleNamespace(pages=pages))
    assert list(prose_plugin._reports) == [str(tmp_path / "page.md")]
    assert [(p["path"][-7:], p["line"], p["message"]) for p in _record["problems"]] == [
        ("page.md", 3, '"cures": no source says so (prose rule cure-claim)')
    ]
    build_record.reset()


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        # The closing full stop takes the line of the character before it.
        ("- It helps;\n", (1,) * 9),
        # Text glued to a citation that runs over a line break: the last
        # word starts on line 2, the space before it is on line 1.
        ("- It helps [see\n  @a]x;\n", (1,) * 9 + (2, 2)),
    ],
)
def test_each_character_keeps_its_line_when_a_block_gets_its_full_stop(source, lines):
    (block,) = extract(source)
    assert block.lines == lines
    assert len(block.lines) == len(block.text)
