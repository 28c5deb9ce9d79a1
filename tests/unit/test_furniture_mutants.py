"""The furniture's edge cases that mutation testing found untested.

Where the source lines put the body, the "In short" heading, its points and
each card (fences, front matter, empty documents); the extension's record
and how a stored one is read back; the Pelican side (settings, which content
is a chapter); the key points' counts and links; and the care cards' markup.
"""

import json
import logging
import xml.etree.ElementTree as etree
from types import SimpleNamespace

import markdown
import pytest
from conftest import ROOT
from markdown.extensions import Extension
from markdown.extensions.admonition import AdmonitionExtension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape
from pelican.contents import Article, Page
from pelican.settings import DEFAULT_CONFIG

from guidelib import Problem, SettingsError
from plugins.citations.extension import CitationsExtension
from plugins.citations.library import load_library
from plugins.furniture import care_cards, key_points, plugin
from plugins.furniture.extension import FurnitureExtension, read_record
from plugins.furniture.source import SourceLines


def lines(text):
    return text.split("\n")


@pytest.mark.parametrize(
    ("text", "front_matter", "start"),
    [
        pytest.param("Title: A\n\nText.", False, 1, id="no front matter by default"),
        pytest.param("Title: A\nOrder: 1\n\nText.", True, 4, id="front matter"),
        pytest.param("Title: A\n\n\nText.", True, 4, id="blank lines after it"),
        pytest.param("Title: A\n\nText.", True, 3, id="one field"),
        pytest.param("Just text.\nTitle: A\n\nText.", True, 1, id="first line no field"),
        pytest.param("\n\nText.", False, 3, id="leading blank lines"),
        pytest.param("\n\n", False, 3, id="only blank lines"),
        pytest.param("Title: A\nOrder: 1", True, 2, id="only front matter"),
    ],
)
def test_the_body_starts_after_the_front_matter(text, front_matter, start):
    assert SourceLines(lines(text), front_matter=front_matter).body_start() == start


def test_a_document_has_no_front_matter_unless_told():
    assert SourceLines(["Title: A", "", "Text."]).body_start() == 1


def test_an_empty_document_starts_on_line_1():
    assert SourceLines().body_start() == 1
    assert SourceLines([], front_matter=True).body_start() == 1


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("Intro.\n\n## In short\n\n- A.\n\n## In short\n", 3, id="the first"),
        pytest.param("```\n## In short\n```\n## In short\n", 4, id="backtick fence"),
        pytest.param("~~~\n## In short\n~~~\n## In short\n", 4, id="tilde fence"),
        pytest.param("```\n## In short\n  ```\n## In short\n", 4, id="indented closing"),
        pytest.param("```\n## In short\n~~~\n## In short\n```\n", 1, id="other fence kept open"),
        pytest.param("Text.\n\n##  In Short ##\n", 3, id="heading written another way"),
        pytest.param("\nText.\n", 2, id="no heading: the body"),
    ],
)
def test_the_in_short_line_skips_fenced_code(text, line):
    assert SourceLines(lines(text)).in_short_line() == line


@pytest.mark.parametrize(
    ("text", "points"),
    [
        pytest.param("## In short\n\n- A.\n- B.\n\nText.\n", [3, 4], id="dashes"),
        pytest.param("- Before.\n## In short\n* A.\n+ B.\n3) C.\n", [3, 4, 5], id="markers"),
        pytest.param("## In short\n1. A.\n\n## Next\n- Not a point.\n", [2], id="up to a heading"),
        pytest.param("## In short\n```\n- Code.\n```\n- A.\n", [5], id="not in code"),
        # Without a heading, the items after the body's first line.
        pytest.param("- A.\n- B.\n", [2], id="no heading"),
    ],
)
def test_the_point_lines_are_the_items_under_the_heading(text, points):
    assert SourceLines(lines(text)).point_lines() == points


def test_card_openers_are_each_opener_outside_code_with_its_type():
    text = (
        '!!! urgent "A"\n    x\n```\n!!! tip\n```\n  !!!note\n!!!-x\n!!!\n'
        '<div class="admonition tip" markdown="1">\n<DIV CLASS=admonition\tx-y MARKDOWN=block>\n'
        '<div class="note admonition" markdown="1">\n<div class="admonition tip">\n'
    )
    assert SourceLines(lines(text)).card_openers() == [
        (1, "urgent"), (6, "note"), (7, "-x"), (9, "tip"), (10, "x-y"),
    ]  # fmt: skip


RECORD = {"key_points": ["One."], "heading_line": 3, "problems": [[4, "m", "f"]]}


@pytest.mark.parametrize(
    ("metadata", "record"),
    [
        pytest.param({"furniture": [json.dumps(RECORD)]}, RECORD, id="as the reader keeps it"),
        pytest.param({"furniture": json.dumps(RECORD)}, RECORD, id="a plain string"),
        pytest.param(
            {"furniture": json.dumps({**RECORD, "more": 1})}, {**RECORD, "more": 1}, id="more keys"
        ),
        pytest.param({}, None, id="none"),
        pytest.param({"furniture": [json.dumps(RECORD)] * 2}, None, id="two values"),
        pytest.param({"furniture": []}, None, id="no value"),
        pytest.param({"furniture": "{not json"}, None, id="not JSON"),
        pytest.param({"furniture": "[1, 2, 3]"}, None, id="not an object"),
        pytest.param({"furniture": RECORD}, None, id="not text"),
        *[
            pytest.param(
                {"furniture": json.dumps({k: v for k, v in RECORD.items() if k != key})},
                None,
                id=f"no {key}",
            )
            for key in RECORD
        ],
    ],
)
def test_a_stored_record_is_read_back_only_when_whole(metadata, record):
    assert read_record(metadata) == record


def test_without_the_meta_extension_nothing_is_stored():
    extension = FurnitureExtension()
    md = markdown.Markdown(extensions=[extension])
    md.convert("## In short\n\n- One.\n- Two.\n")
    assert not hasattr(md, "Meta")
    assert extension.record() == {"key_points": ["One.", "Two."], "heading_line": 1, "problems": []}


def test_the_record_is_a_copy_the_next_document_does_not_change():
    extension = FurnitureExtension()
    md = markdown.Markdown(extensions=["meta", extension])
    md.convert("Intro.\n")
    record = extension.record()
    md.reset()
    md.convert("## In short\n\n- One.\n- Two.\n")
    assert record == {
        "key_points": [],
        "heading_line": None,
        "problems": [
            [
                1,
                "the chapter does not start with an 'In short' section.",
                "start the chapter's text with '## In short' and a list of 2 to 4 short points",
            ]
        ],
    }


def test_the_default_word_limit_is_30():
    extension = FurnitureExtension()
    md = markdown.Markdown(extensions=[extension])
    point = " ".join(["word"] * 31)
    md.convert(f"## In short\n\n- {point}\n- Two.\n")
    assert [problem[1] for problem in extension.problems] == [
        "point 1 of 'In short' has 31 words; a point has at most 30 "
        "(FURNITURE_KEY_POINTS_MAX_WORDS)."
    ]


def test_emergency_numbers_are_kept_as_tuples_and_default_to_none():
    assert FurnitureExtension().emergency_numbers == []
    numbers = FurnitureExtension(emergency_numbers=[("A", ["1", "2"])]).emergency_numbers
    assert numbers == [("A", ("1", "2"))]


def initialized(monkeypatch, **values):
    """The extension ``initialized`` installs into ``values``' MARKDOWN."""
    monkeypatch.setattr(plugin, "emergency_numbers", lambda: [])
    values.setdefault("MARKDOWN", {"extension_configs": {plugin.ADMONITION: {}}})
    plugin.initialized(SimpleNamespace(settings=values))
    (extension,) = [
        ext for ext in values["MARKDOWN"]["extensions"] if isinstance(ext, FurnitureExtension)
    ]
    return extension


def test_the_word_limit_defaults_to_30_and_may_be_1(monkeypatch):
    assert initialized(monkeypatch).max_words == 30
    assert initialized(monkeypatch, FURNITURE_KEY_POINTS_MAX_WORDS=1).max_words == 1


def test_a_bad_word_limit_is_fixed_by_the_example(monkeypatch):
    with pytest.raises(SettingsError) as raised:
        initialized(monkeypatch, FURNITURE_KEY_POINTS_MAX_WORDS=-1)
    assert [(p.message, p.hint) for p in raised.value.problems] == [
        (
            "FURNITURE_KEY_POINTS_MAX_WORDS must be more than 0",
            "for example: FURNITURE_KEY_POINTS_MAX_WORDS = 30",
        )
    ]


@pytest.mark.parametrize(
    "markdown_settings",
    [
        pytest.param({"extensions": [plugin.ADMONITION]}, id="named in extensions"),
        pytest.param({"extensions": [AdmonitionExtension()]}, id="an instance"),
        pytest.param({"extension_configs": {plugin.ADMONITION: {}}}, id="configured"),
    ],
)
def test_the_admonition_extension_may_be_given_any_way(monkeypatch, caplog, markdown_settings):
    with caplog.at_level(logging.ERROR, logger=plugin.__name__):
        initialized(monkeypatch, MARKDOWN=markdown_settings)
    assert caplog.records == []


def test_a_missing_admonition_extension_is_reported_in_the_settings_file(monkeypatch, caplog):
    with caplog.at_level(logging.ERROR, logger=plugin.__name__):
        initialized(monkeypatch, MARKDOWN={"extensions": ["toc"]}, SETTINGS_FILE="site/conf.py")
    assert [record.getMessage() for record in caplog.records] == [
        "site/conf.py: furniture: care cards need Python-Markdown's admonition extension. "
        "Add 'markdown.extensions.admonition': {} to MARKDOWN['extension_configs']."
    ]


def test_settings_without_markdown_get_the_extension_and_the_error(monkeypatch, caplog):
    monkeypatch.setattr(plugin, "emergency_numbers", lambda: [])
    values = {}
    with caplog.at_level(logging.ERROR, logger=plugin.__name__):
        plugin.initialized(SimpleNamespace(settings=values))
    assert [type(ext) for ext in values["MARKDOWN"]["extensions"]] == [FurnitureExtension]
    assert [record.getMessage() for record in caplog.records] == [
        "pelicanconf.py: furniture: care cards need Python-Markdown's admonition extension. "
        "Add 'markdown.extensions.admonition': {} to MARKDOWN['extension_configs']."
    ]


def test_installing_keeps_other_extensions_and_leaves_the_shared_default_alone():
    shared = {"extensions": ["toc", FurnitureExtension()], "output_format": "html5"}
    values = {"MARKDOWN": shared}
    extension = FurnitureExtension()
    plugin.install_extension(values, extension)
    assert values["MARKDOWN"] == {"extensions": ["toc", extension], "output_format": "html5"}
    assert shared["extensions"][0] == "toc" and len(shared["extensions"]) == 2


def test_installing_without_markdown_settings_makes_them():
    values = {}
    extension = FurnitureExtension()
    plugin.install_extension(values, extension)
    assert values == {"MARKDOWN": {"extensions": [extension]}}


@pytest.mark.parametrize(
    ("kind", "path", "chapter"),
    [
        (Article, "content/chapters/01-a.md", True),
        (Article, "content/chapters/01-a.markdown", True),
        (Article, "content/chapters/01-a.html", False),
        (Page, "content/pages/a.md", False),
    ],
)
def test_a_chapter_is_an_article_written_in_markdown(kind, path, chapter):
    item = kind("x", metadata={"title": "A"}, settings=dict(DEFAULT_CONFIG), source_path=path)
    assert plugin.is_chapter(item) is chapter


def test_an_html_article_with_key_points_is_told_they_would_be_lost():
    record = {"key_points": ["One."], "heading_line": 5, "problems": [[1, "m", "f"]]}
    item = Article(
        "x", metadata={"title": "A"}, settings=dict(DEFAULT_CONFIG), source_path="a/b.html"
    )
    assert plugin.content_problems(item, record) == [
        Problem("a/b.html", plugin.NOT_A_CHAPTER, line=5, hint=plugin.NOT_A_CHAPTER_FIX)
    ]


def test_a_chapters_problems_keep_their_lines_and_fixes():
    record = {"key_points": [], "heading_line": None, "problems": [[4, "m.", "f"], [9, "n.", "g"]]}
    item = Article(
        "x", metadata={"title": "A"}, settings=dict(DEFAULT_CONFIG), source_path="c/01.md"
    )
    assert plugin.content_problems(item, record) == [
        Problem("c/01.md", "m.", line=4, hint="f"),
        Problem("c/01.md", "n.", line=9, hint="g"),
    ]


def test_key_points_are_given_as_markup_the_theme_does_not_escape():
    record = {"key_points": ["<em>One</em> &amp; two."], "heading_line": 3, "problems": []}
    item = Article(
        "x",
        metadata={"title": "A", "furniture": json.dumps(record)},
        settings=dict(DEFAULT_CONFIG),
        source_path="c/01.md",
    )
    plugin.content_object_init(item)
    assert [type(point) for point in item.key_points] == [Markup]
    assert str(escape(item.key_points[0])) == "<em>One</em> &amp; two."


KEY_POINTS = "## In short\n\n- One.\n- Two.\n\n"


def convert(text, *extensions, max_words=30, numbers=()):
    extension = FurnitureExtension(max_words, emergency_numbers=numbers)
    md = markdown.Markdown(extensions=[*extensions, extension], output_format="html5")
    return md.convert(text), extension


MISSING = [1, key_points.MISSING, key_points.MISSING_FIX]
NO_LIST = [1, key_points.NO_LIST, key_points.NO_LIST_FIX]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        pytest.param("##   IN  sHoRt\n\n- One.\n- Two.\n", [], id="any case and spacing"),
        pytest.param("## In *short*\n\n- One.\n- Two.\n", [], id="emphasis in the heading"),
        pytest.param("### In short\n\n- One.\n- Two.\n", [MISSING], id="not a second level"),
        pytest.param("## In short.\n\n- One.\n- Two.\n", [MISSING], id="other words"),
        pytest.param("## In short\n", [NO_LIST], id="heading alone"),
        pytest.param("## In short\n\n> - One.\n> - Two.\n", [NO_LIST], id="a quote"),
    ],
)
def test_which_heading_and_list_are_key_points(text, problems):
    assert convert(text)[1].problems == problems


@pytest.mark.parametrize(
    ("point", "words"),
    [
        pytest.param("One, two; three.", 3, id="punctuation"),
        pytest.param("One \u2014 two - three", 3, id="dashes are no words"),
        pytest.param("One <em>\u2014</em> two", 2, id="a dash in emphasis"),
        pytest.param("One <br> two", 2, id="raw HTML is no word"),
        pytest.param("One <b>two three</b> four", 4, id="words in raw HTML count"),
        pytest.param("co-op's 2nd", 2, id="one token each"),
    ],
)
def test_words_are_tokens_with_a_letter_or_digit(point, words):
    _, extension = convert(f"## In short\n\n- {point}\n- Two.\n", max_words=1)
    assert extension.problems == [
        [
            3,
            f"point 1 of 'In short' has {words} words; a point has at most 1 "
            "(FURNITURE_KEY_POINTS_MAX_WORDS).",
            key_points.TOO_LONG_FIX,
        ]
    ]


def test_a_point_whose_line_is_not_found_is_reported_on_the_heading():
    items = [etree.fromstring("<li>a b c</li>"), etree.fromstring('<li><a href="{x}">y</a></li>')]
    assert key_points.list_problems(items, 2, 7, []) == [
        (
            7,
            "point 1 of 'In short' has 3 words; a point has at most 2 "
            "(FURNITURE_KEY_POINTS_MAX_WORDS).",
            key_points.TOO_LONG_FIX,
        ),
        (7, "point 2 of 'In short' links to {x}.", key_points.INTERNAL_LINK_FIX),
    ]


def test_a_link_without_an_address_is_no_problem():
    items = [etree.fromstring('<li><a name="x">a</a></li>'), etree.fromstring("<li>b</li>")]
    assert key_points.list_problems(items, 30, 1, [2, 3]) == []


def test_a_point_keeps_a_link_to_the_web():
    _, extension = convert("## In short\n\n- See [help](https://example.org/).\n- Two.\n")
    assert extension.key_points == ['See <a href="https://example.org/">help</a>.', "Two."]
    assert extension.problems == []


@pytest.mark.parametrize(
    ("text", "heading_line"),
    [
        pytest.param("Intro.\n", None, id="no heading"),
        pytest.param("Intro.\n\n## In short\n\n- One.\n- Two.\n", 3, id="not first"),
    ],
)
def test_misplaced_key_points_stay_in_the_body(text, heading_line):
    html, extension = convert(text)
    assert (extension.key_points, extension.heading_line) == ([], heading_line)
    assert html.startswith("<p>Intro.</p>")


def test_an_emergency_card_with_no_numbers_says_to_call_the_local_one():
    html, _ = convert(KEY_POINTS + '!!! emergency "Now"\n    Text.\n', "admonition")
    assert html == (
        '<div class="care-card care-card--emergency">\n'
        '<h2 class="care-card__heading"><span class="visually-hidden">Emergency advice: </span>'
        "Now</h2>\n"
        '<div class="care-card__content">\n<p>Text.</p>\n'
        '<p class="care-card__numbers-intro">Call your local emergency number.</p>\n'
        "</div>\n</div>"
    )


def test_a_card_under_a_sixth_level_heading_is_headed_at_the_sixth_level():
    html, _ = convert(KEY_POINTS + '###### Deep\n\n!!! urgent "A"\n    x\n', "admonition")
    assert html == (
        "<h6>Deep</h6>\n"
        '<div class="care-card care-card--urgent">\n'
        '<h6 class="care-card__heading"><span class="visually-hidden">Urgent advice: </span>'
        "A</h6>\n"
        '<div class="care-card__content">\n<p>x</p>\n</div>\n</div>'
    )


def test_a_region_without_numbers_and_one_with_three():
    html, _ = convert(
        KEY_POINTS + '!!! emergency "Now"\n    Text.\n',
        "admonition",
        numbers=[("Nowhere", ()), ("Here", ("1", "2", "3"))],
    )
    assert html.endswith(
        '<ul class="care-card__numbers">\n'
        '<li class="care-card__region">Nowhere: your local emergency number</li>\n'
        '<li class="care-card__region">Here: <a href="tel:1">1</a> or <a href="tel:2">2</a> or '
        '<a href="tel:3">3</a></li>\n'
        "</ul>\n</div>\n</div>"
    )


def test_a_typeless_admonition_from_html_is_an_unknown_card_on_the_first_line():
    text = KEY_POINTS + '<div class="admonition" markdown="1">\nText.\n</div>\n\n<div>x</div>\n'
    html, extension = convert(text, "admonition", "md_in_html")
    assert extension.problems == [
        [
            1,
            "unknown card type '(none)' in '!!! (none)': a chapter's cards are "
            "emergency, urgent or non-urgent.",
            care_cards.UNKNOWN_FIX,
        ]
    ]
    assert html == '<div class="admonition">\n<p>Text.</p>\n</div>\n<div>x</div>'


def test_a_div_without_a_class_is_no_card():
    html, extension = convert(KEY_POINTS + '<div markdown="1">\nText.\n</div>\n', "md_in_html")
    assert (html, extension.problems) == ("<div>\n<p>Text.</p>\n</div>", [])


def test_a_citations_prefix_and_suffix_are_not_words_of_the_point():
    library = load_library(str(ROOT / "tests" / "fixtures" / "citations_site" / "unit.bib"))
    _, extension = convert(
        "## In short\n\n- Moving helps [see *also* @alpha2020, p. 3 and more].\n- Two.\n",
        CitationsExtension(library),
        max_words=2,
    )
    assert extension.problems == []
    assert extension.key_points[0].startswith(
        'Moving helps <sup class="citations-cite"><span class="citations-prefix">see '
        "<em>also</em> </span>"
    )


class Anchors(Treeprocessor):
    """Gives each list item an anchor, as an extension adding ids might."""

    def run(self, root):
        for item in root.iter("li"):
            etree.SubElement(item, "a", {"id": "here"})


class AnchorsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(Anchors(md), "anchors", 10)


def test_an_anchor_without_an_address_in_a_point_is_kept():
    _, extension = convert("## In short\n\n- One.\n- Two.\n", AnchorsExtension())
    assert extension.problems == []
    assert extension.key_points == ['One.<a id="here"></a>', 'Two.<a id="here"></a>']


def test_cards_after_an_unknown_one_are_still_checked_and_made():
    html, extension = convert(
        KEY_POINTS + '!!! note "A"\n    x\n\n!!! tip "B"\n    y\n\n!!! urgent "C"\n    z\n',
        "admonition",
    )
    assert [(line, message) for line, message, _ in extension.problems] == [
        (6, care_cards.unknown_type("note")),
        (9, care_cards.unknown_type("tip")),
    ]
    assert html.endswith(
        '<div class="care-card care-card--urgent">\n'
        '<h2 class="care-card__heading"><span class="visually-hidden">Urgent advice: </span>'
        "C</h2>\n"
        '<div class="care-card__content">\n<p>z</p>\n</div>\n</div>'
    )


def test_a_fence_is_closed_only_by_the_same_fence_as_python_markdown_closes_it():
    text = "````\n```\n!!! note\n```\n````\n!!! tip\n~~~\n````\n~~~\nText."
    # The inner ``` lines and the tilde block's ```` are code, not prose.
    assert SourceLines(lines(text)).prose == [(6, "!!! tip"), (10, "Text.")]
