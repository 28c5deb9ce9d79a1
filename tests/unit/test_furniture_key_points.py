"""Key points: Markdown in, HTML and points out, and every author error with its line."""

import markdown
import pytest
from conftest import ROOT

from plugins.citations.extension import CitationsExtension
from plugins.citations.library import load_library
from plugins.furniture import FurnitureExtension

BIB = ROOT / "tests" / "fixtures" / "citations_site" / "unit.bib"
FIX_MISSING = "start the chapter's text with '## In short' and a list of 2 to 4 short points"


def convert(text, *extensions, max_words=30):
    extension = FurnitureExtension(max_words)
    md = markdown.Markdown(extensions=[*extensions, extension], output_format="html5")
    return md.convert(text), extension, md


def words(count):
    return " ".join(f"w{number}" for number in range(count))


def test_the_list_leaves_the_body_and_each_point_keeps_its_html():
    html, extension, _ = convert(
        "## In short\n\n- One *small* step.\n- Rest counts.\n\nThe text.\n\n## Next\n\nMore.\n"
    )
    assert html == "<p>The text.</p>\n<h2>Next</h2>\n<p>More.</p>"
    assert extension.key_points == ["One <em>small</em> step.", "Rest counts."]
    assert extension.problems == []
    assert extension.heading_line == 1


def test_loose_points_and_a_numbered_list_are_points_too():
    _, extension, _ = convert("## In short\n\n1. First.\n\n2. Second.\n\nText.\n")
    assert extension.key_points == ["<p>First.</p>", "<p>Second.</p>"]


def test_smart_quotes_and_escapes_are_finished_in_the_points():
    _, extension, _ = convert(
        '## In short\n\n- It\'s "fine" -- really.\n- A \\*star\\* & more.\n', "smarty"
    )
    assert extension.key_points == [
        "It&rsquo;s &ldquo;fine&rdquo; &ndash; really.",
        "A *star* &amp; more.",
    ]


def test_the_heading_stays_out_of_the_table_of_contents():
    html, _, md = convert("## In short\n\n- One.\n- Two.\n\n## Why\n\nText.\n", "toc")
    assert [token["name"] for token in md.toc_tokens] == ["Why"]
    assert html == '<h2 id="why">Why</h2>\n<p>Text.</p>'


def test_the_in_short_heading_does_not_take_the_id_a_later_heading_wants():
    html, _, _ = convert("## In short\n\n- One.\n- Two.\n\n## In short\n\nText.\n", "toc")
    assert html.startswith('<h2 id="in-short">In short</h2>')


def test_citations_in_points_are_numbered_first_and_listed():
    library = load_library(str(BIB))
    _, extension, md = convert(
        "## In short\n\n- Moving helps [@beta2021].\n- So does rest.\n\nText [@alpha2020].\n",
        "toc",
        "smarty",
        CitationsExtension(library),
    )
    assert md.citations["cited"] == ["beta2021", "alpha2020"]
    assert extension.key_points[0].startswith('Moving helps <sup class="citations-cite"><a ')
    assert 'href="#cite-ref-1" id="cite-1-a">1</a>' in extension.key_points[0]
    assert "wzxhzdk" not in extension.key_points[0]


def test_citation_marks_do_not_count_as_words():
    library = load_library(str(BIB))
    point = words(30) + " [@alpha2020; @beta2021]"
    _, extension, _ = convert(f"## In short\n\n- {point}\n- Two.\n", CitationsExtension(library))
    assert extension.problems == []


def test_front_matter_lines_count_in_the_line_numbers():
    _, extension, _ = convert("Title: A chapter\nOrder: 1\n\nText first.\n", "meta")
    assert extension.problems == [
        [4, "the chapter does not start with an 'In short' section.", FIX_MISSING]
    ]


def test_the_record_goes_into_the_metadata():
    _, _, md = convert("Title: A\n\n## In short\n\n- One.\n- Two.\n", "meta")
    assert md.Meta["furniture"] == [
        '{"key_points": ["One.", "Two."], "heading_line": 3, "problems": []}'
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param(
            "Intro.\n\n## Why\n\nText.\n",
            [1, "the chapter does not start with an 'In short' section.", FIX_MISSING],
            id="no key points",
        ),
        pytest.param(
            "Intro.\n\n## In short\n\n- One.\n- Two.\n",
            [
                3,
                "the 'In short' section is not the first thing in the chapter.",
                "move '## In short' and its list to the top of the chapter's text",
            ],
            id="not first",
        ),
        pytest.param(
            "## In short\n\nOne point.\n",
            [
                1,
                "the 'In short' heading is not followed by a list.",
                "write 2 to 4 points right under it, each on a line that starts with '- '",
            ],
            id="no list",
        ),
        pytest.param(
            "## In short\n\n- Only one.\n\nText.\n",
            [
                1,
                "the 'In short' list has 1 point; it needs 2 to 4.",
                "add points until there are at least 2",
            ],
            id="1 point",
        ),
        pytest.param(
            "## In short\n\n- One.\n- Two.\n- Three.\n- Four.\n- Five.\n",
            [
                1,
                "the 'In short' list has 5 points; it needs 2 to 4.",
                "keep the 4 that matter most and move the rest into the chapter",
            ],
            id="5 points",
        ),
        pytest.param(
            f"## In short\n\n- Short.\n- {words(31)}\n",
            [
                4,
                "point 2 of 'In short' has 31 words; a point has at most 30 "
                "(FURNITURE_KEY_POINTS_MAX_WORDS).",
                "shorten it, or split it into two points",
            ],
            id="a 31-word point",
        ),
    ],
)
def test_each_author_error_names_its_line_and_fix(text, problem):
    _, extension, _ = convert(text)
    assert extension.problems == [problem]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("## In short\n\n- One.\n- Two.\n", id="2 points"),
        pytest.param("## In short\n\n- 1.\n- 2.\n- 3.\n- 4.\n", id="4 points"),
        pytest.param(f"## In short\n\n- {words(30)}\n- Two.\n", id="a 30-word point"),
    ],
)
def test_the_limits_themselves_are_allowed(text):
    _, extension, _ = convert(text)
    assert extension.problems == []


def test_a_point_cannot_link_to_another_file():
    _, extension, _ = convert("## In short\n\n- One.\n- See [help]({filename}/pages/help.md).\n")
    # One error: the point keeps the link's text, not the placeholder that
    # would be a second error on every page showing it.
    assert extension.key_points == ["One.", "See <a>help</a>."]
    assert extension.problems == [
        [
            4,
            "point 2 of 'In short' links to {filename}/pages/help.md.",
            "link from the chapter's text instead; a point cannot link to another file",
        ]
    ]


def test_a_placeholder_href_on_any_element_is_reported_and_dropped():
    text = '## In short\n\n- One.\n- See *help*{: href="{filename}/pages/help.md" }.\n'
    _, extension, _ = convert(text, "attr_list")
    assert extension.key_points == ["One.", "See <em>help</em>."]
    assert [problem[1] for problem in extension.problems] == [
        "point 2 of 'In short' links to {filename}/pages/help.md."
    ]


def test_the_word_limit_is_a_setting():
    _, extension, _ = convert("## In short\n\n- One two three.\n- Two.\n", max_words=2)
    assert [problem[1] for problem in extension.problems] == [
        "point 1 of 'In short' has 3 words; a point has at most 2 (FURNITURE_KEY_POINTS_MAX_WORDS)."
    ]


def test_each_document_starts_afresh():
    extension = FurnitureExtension()
    md = markdown.Markdown(extensions=[extension])
    md.convert("Intro.\n")
    md.reset()
    md.convert("## In short\n\n- One.\n- Two.\n")
    assert extension.problems == []
    assert extension.key_points == ["One.", "Two."]


def test_a_second_document_converted_without_reset_does_not_stop_on_the_first_ones_list():
    _, _, md = convert("## In short\n\n- One.\n- Two.\n\nText.\n")
    assert md.convert("No points here.\n") == "<p>No points here.</p>"
