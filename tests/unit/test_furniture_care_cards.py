"""Care cards: each card type in and out, the emergency numbers, and unknown types."""

import markdown
import pytest

from plugins.furniture import FurnitureExtension

KEY_POINTS = "## In short\n\n- One.\n- Two.\n\n"
NUMBERS = [("United Kingdom", ("999",)), ("Ireland", ("112", "999")), ("Anywhere else", ())]
UNKNOWN_FIX = (
    "write '!!! emergency \"Title\"', '!!! urgent \"Title\"' or '!!! non-urgent \"Title\"'"
)


def convert(text, numbers=NUMBERS, extensions=("admonition",)):
    extension = FurnitureExtension(emergency_numbers=numbers)
    md = markdown.Markdown(extensions=[*extensions, extension], output_format="html5")
    return md.convert(KEY_POINTS + text), extension


def card(kind, level, prefix, title, content):
    return (
        f'<div class="care-card care-card--{kind}">\n'
        f'<h{level} class="care-card__heading"><span class="visually-hidden">{prefix}: </span>'
        f"{title}</h{level}>\n"
        f'<div class="care-card__content">\n{content}\n</div>\n</div>'
    )


@pytest.mark.parametrize(
    ("kind", "prefix"),
    [("urgent", "Urgent advice"), ("non-urgent", "Non-urgent advice")],
)
def test_a_card_gets_its_class_heading_and_hidden_prefix(kind, prefix):
    html, extension = convert(f'!!! {kind} "Talk to a doctor *soon*"\n    Low mood for weeks.\n')
    assert html == card(
        kind, 2, prefix, "Talk to a doctor <em>soon</em>", "<p>Low mood for weeks.</p>"
    )
    assert extension.problems == []


def test_an_emergency_card_lists_the_emergency_numbers_as_tel_links():
    html, _ = convert(
        '!!! emergency "Get emergency help now"\n    Chest pain that does not settle.\n'
    )
    numbers = (
        '<p class="care-card__numbers-intro">Call the emergency number for where you are:</p>\n'
        '<ul class="care-card__numbers">\n'
        '<li class="care-card__region">United Kingdom: <a href="tel:999">999</a></li>\n'
        '<li class="care-card__region">Ireland: <a href="tel:112">112</a> or '
        '<a href="tel:999">999</a></li>\n'
        '<li class="care-card__region">Anywhere else: your local emergency number</li>\n'
        "</ul>"
    )
    assert html == card(
        "emergency",
        2,
        "Emergency advice",
        "Get emergency help now",
        f"<p>Chest pain that does not settle.</p>\n{numbers}",
    )


def test_numbers_are_dialled_as_digits_and_names_are_escaped():
    html, _ = convert('!!! emergency "Now"\n    Text.\n', numbers=[("A & B", ("1-1 2",))])
    assert '<li class="care-card__region">A &amp; B: <a href="tel:112">1-1 2</a></li>' in html


def test_without_numbers_an_emergency_card_still_says_to_call():
    html, _ = convert('!!! emergency "Now"\n    Text.\n', numbers=[])
    assert '<p class="care-card__numbers-intro">Call your local emergency number.</p>' in html
    assert "<ul" not in html


def test_the_heading_is_one_level_below_the_section_it_is_in():
    html, _ = convert(
        '## Signs\n\n!!! urgent "A"\n    x\n\n### Detail\n\n!!! urgent "B"\n    y\n',
        extensions=("admonition", "toc"),
    )
    assert (
        '<h3 class="care-card__heading"><span class="visually-hidden">Urgent advice: </span>A'
        in html
    )
    assert (
        '<h4 class="care-card__heading"><span class="visually-hidden">Urgent advice: </span>B'
        in html
    )


def test_card_headings_stay_out_of_the_table_of_contents():
    extension = FurnitureExtension()
    md = markdown.Markdown(extensions=["admonition", "toc", extension])
    md.convert(KEY_POINTS + '## Signs\n\n!!! urgent "Get help today"\n    x\n')
    assert [token["name"] for token in md.toc_tokens] == ["Signs"]
    assert md.toc_tokens[0]["children"] == []


def test_a_card_without_a_title_is_headed_by_its_urgency():
    html, _ = convert('!!! non-urgent ""\n    Text.\n')
    assert html.startswith(
        '<div class="care-card care-card--non-urgent">\n'
        '<h2 class="care-card__heading">Non-urgent advice</h2>\n'
    )


def test_an_unknown_type_is_an_error_naming_its_line_and_the_three_types():
    html, extension = convert('Text.\n\n!!! note "Remember"\n    Be kind.\n')
    assert extension.problems == [
        [
            8,
            "unknown card type 'note' in '!!! note': a chapter's cards are "
            "emergency, urgent or non-urgent.",
            UNKNOWN_FIX,
        ]
    ]
    assert '<div class="admonition note">' in html


def test_admonition_lines_in_fenced_code_are_not_counted():
    _, extension = convert(
        '```\n!!! urgent "shown as code"\n```\n\n!!! tip "x"\n    y\n',
        extensions=("admonition", "fenced_code"),
    )
    assert [problem[0] for problem in extension.problems] == [10]


def test_a_card_written_as_html_is_reported_at_its_own_line():
    _, extension = convert(
        '<div class="admonition tip">\nStays HTML.\n</div>\n\n'
        '<div class="admonition tip" markdown="1">\nA card.\n</div>\n\n'
        '!!! urgent "x"\n    y\n\n!!! note "z"\n    w\n',
        extensions=("admonition", "extra"),
    )
    assert [problem[0] for problem in extension.problems] == [10, 17]
