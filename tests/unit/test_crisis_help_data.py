"""The helpline data file: its schema, every error's message and line, and the real file."""

import datetime
from pathlib import Path

import pytest
from conftest import ROOT

from plugins.crisis_help import HelplineDataError, load_directory, parse_directory
from plugins.crisis_help.model import phone_problem

PATH = "content/data/helplines.yaml"
SEE_HEADER = "the comment at the top of the file shows how each field is written."
SEE_HEADER_AFTER_STOP = SEE_HEADER[0].upper() + SEE_HEADER[1:]

VALID = """\
regions:
  - code: GB
    name: United Kingdom
    emergency: ["999"]
  - code: AU
    name: Australia
    emergency: ["000"]
helplines:
  - region: GB
    service: Samaritans
    website: https://www.samaritans.org/
    phone:
      - local: "116 123"
        international: null
    text: []
    chat: null
    hours: 24 hours a day, every day
    source: https://www.samaritans.org/
    as_of: 2026-11-01
    verified_by: editor-one
    verified_on: 2026-11-22

  # A comment and a blank line before an entry do not shift its line.
  - region: AU
    service: Lifeline
    website: https://www.lifeline.org.au/
    phone:
      - local: "13 11 14"
        international: null
    text:
      - local: "0477 13 11 14"
        international: "+61 477 131 114"
        message: HELLO
    chat: https://www.lifeline.org.au/
    languages: [English]
    notes: Free to call, and this note is long enough that a YAML dumper would wrap it.
    source: https://www.lifeline.org.au/
    as_of: 2026-06-01
    verified_by:
    verified_on:
"""


def broken(old, new):
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def problems_of(text):
    with pytest.raises(HelplineDataError) as caught:
        parse_directory(text, PATH)
    return [str(problem) for problem in caught.value.problems]


def test_valid_data_is_read_in_file_order_with_the_lines_of_the_file():
    directory = parse_directory(VALID, PATH)
    assert directory.codes == ["GB", "AU"]
    assert [region.line for region in directory.regions] == [2, 5]
    samaritans, lifeline = directory.helplines
    assert (samaritans.line, lifeline.line) == (9, 24)
    assert samaritans.as_of == datetime.date(2026, 11, 1)
    assert (samaritans.verified_by, samaritans.verified_on) == (
        "editor-one",
        datetime.date(2026, 11, 22),
    )
    assert (lifeline.verified_by, lifeline.verified_on) == (None, None)
    assert (samaritans.languages, samaritans.notes) == ((), None)
    assert lifeline.languages == ("English",)
    assert [n.tel_href for n in lifeline.phone] == ["tel:131114"]
    assert [n.sms_href for n in lifeline.text] == ["sms:+61477131114?body=HELLO"]
    assert (lifeline.as_of_text, samaritans.verified_text) == ("June 2026", "22 November 2026")


def test_optional_fields_may_be_left_out():
    text = VALID.replace("    hours: 24 hours a day, every day\n", "").replace(
        "    verified_by:\n    verified_on:\n", ""
    )
    lifeline = parse_directory(text, PATH).helplines[1]
    assert (lifeline.hours, lifeline.verified_by, lifeline.verified_on) == (None, None, None)
    null = VALID.replace("    verified_by:\n    verified_on:\n", "    verified_by: null\n")
    assert parse_directory(null, PATH).helplines[1].verified_by is None


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    hours: 24 hours a day, every day\n    source: https://www.samaritans.org/\n",
            "    hours: 24 hours a day, every day\n",
            f"{PATH}:9: helpline 'Samaritans' (GB): missing field(s) 'source'. "
            f"{SEE_HEADER_AFTER_STOP}",
        ),
        (
            "    text: []\n",
            "    text: []\n    sms: []\n",
            f"{PATH}:16: helpline 'Samaritans' (GB): unknown field 'sms'. Remove it, or "
            f"correct its name; {SEE_HEADER}",
        ),
        (
            "    website: https://www.samaritans.org/",
            "    website: www.samaritans.org",
            f"{PATH}:11: helpline 'Samaritans' (GB): website 'www.samaritans.org' is not an "
            "https URL. Write it as 'website: https://www.samaritans.org/'.",
        ),
        (
            "    chat: https://www.lifeline.org.au/",
            "    chat: http://lifeline.example/chat",
            f"{PATH}:34: helpline 'Lifeline' (AU): chat 'http://lifeline.example/chat' is not an "
            "https URL. Write it as 'chat: https://988lifeline.org/  (or chat: null)'.",
        ),
        (
            "    source: https://www.lifeline.org.au/",
            "    source: https://www.lifeline.org.au/<script>",
            f"{PATH}:37: helpline 'Lifeline' (AU): source 'https://www.lifeline.org.au/<script>' "
            "is not an https URL. Write it as 'source: https://988lifeline.org/'.",
        ),
        (
            "    as_of: 2026-06-01",
            "    as_of: 2026-13-01",
            f"{PATH}:38: helpline 'Lifeline' (AU): as_of '2026-13-01' is not a date written "
            "YYYY-MM-DD. Write it as 'as_of: 2026-11-01'.",
        ),
        (
            "    as_of: 2026-06-01",
            "    as_of: 1 June 2026",
            f"{PATH}:38: helpline 'Lifeline' (AU): as_of '1 June 2026' is not a date written "
            "YYYY-MM-DD. Write it as 'as_of: 2026-11-01'.",
        ),
        (
            "    as_of: 2026-06-01",
            "    as_of: 20260601",
            f"{PATH}:38: helpline 'Lifeline' (AU): as_of '20260601' is not a date written "
            "YYYY-MM-DD. Write it as 'as_of: 2026-11-01'.",
        ),
        (
            "    verified_on: 2026-11-22",
            "    verified_on: 2026-11-31",
            f"{PATH}:21: helpline 'Samaritans' (GB): verified_on '2026-11-31' is not a date "
            "written YYYY-MM-DD. Write it as 'verified_on: 2026-11-22'.",
        ),
        (
            "    verified_by: editor-one",
            "    verified_by: Editor One",
            f"{PATH}:20: helpline 'Samaritans' (GB): verified_by 'Editor One' is not an id. "
            "Write it as 'verified_by: an id from editorial.yaml'.",
        ),
        (
            "    as_of: 2026-06-01\n",
            "",
            f"{PATH}:24: helpline 'Lifeline' (AU): missing field(s) 'as_of'. "
            f"{SEE_HEADER_AFTER_STOP}",
        ),
        (
            "    languages: [English]",
            "    languages: English",
            f"{PATH}:35: helpline 'Lifeline' (AU): languages: expecting a sequence, found "
            f"arbitrary text. {SEE_HEADER_AFTER_STOP}",
        ),
        (
            "        message: HELLO",
            "        message: SAY HELLO",
            f"{PATH}:33: helpline 'Lifeline' (AU): message 'SAY HELLO' is not one word. "
            "Write it as 'message: SHOUT'.",
        ),
        (
            "        message: HELLO",
            "        message: HELLO\n        keyword: HI",
            f"{PATH}:34: helpline 'Lifeline' (AU): unknown field 'keyword'. Remove it, or "
            f"correct its name; {SEE_HEADER}",
        ),
        (
            "  - code: AU",
            "  - code: Australia",
            [
                # One error: the helplines that name the region are not also
                # reported as being in an unknown one.
                f"{PATH}:5: region Australia: code 'Australia' is not a two-letter ISO 3166 code "
                "or INT. Write it as 'code: GB'.",
            ],
        ),
        (
            "  - code: AU",
            "  - code: [AU]",
            [
                f"{PATH}:5: region 2: code: expecting one value, written as 'code: GB', "
                f"found a sequence. {SEE_HEADER_AFTER_STOP}",
            ],
        ),
        (
            '    emergency: ["000"]',
            '    emergency: ["0"]',
            f"{PATH}:7: region AU: emergency '0' is not 2 to 4 digits. Write it as "
            "'emergency: [\"999\"]'.",
        ),
        (
            "    service: Samaritans\n",
            "    service: \n",
            f"{PATH}:10: helpline '' (GB): service '' is not non-empty text. Write it as "
            "'service: Samaritans'.",
        ),
    ],
    ids=[
        "missing-field",
        "unknown-field",
        "website-not-a-url",
        "http-chat",
        "url-with-markup",
        "impossible-date",
        "date-in-words",
        "date-without-dashes",
        "impossible-verified-on",
        "verified-by-not-an-id",
        "missing-as-of",
        "not-a-list",
        "message-not-one-word",
        "unknown-number-field",
        "bad-region-code",
        "region-code-a-list",
        "bad-emergency",
        "empty-service",
    ],
)
def test_each_schema_error_names_file_line_entry_and_fix(old, new, expected):
    expected = [expected] if isinstance(expected, str) else expected
    assert problems_of(broken(old, new)) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '      - local: "116 123"',
            '      - local: "116 12x"',
            f"{PATH}:13: helpline 'Samaritans' (GB): phone number '116 12x': the local form "
            'must be 3 to 15 digits in groups, such as "0477 13 11 14". Copy the number '
            "from the service's own page.",
        ),
        (
            'international: "+61 477 131 114"',
            'international: "+61 477 131 11"',
            f"{PATH}:31: helpline 'Lifeline' (AU): text number '0477 13 11 14': local and "
            "international forms (+61 477 131 11) are not the same number. Copy the number "
            "from the service's own page.",
        ),
        (
            "  - region: AU",
            "  - region: NZ",
            f"{PATH}:24: helpline 'Lifeline' (NZ): unknown region 'NZ'. Use one of GB, AU, "
            "or add the region under 'regions:'.",
        ),
        (
            "  - region: AU\n    service: Lifeline",
            "  - region: GB\n    service: samaritans",
            f"{PATH}:24: helpline 'samaritans' (GB) is listed twice (first at line 9). Keep "
            "one entry.",
        ),
        (
            "  - code: AU\n    name: Australia",
            "  - code: GB\n    name: Australia",
            [
                f"{PATH}:5: region GB is listed twice (first at line 2). Keep one entry.",
                f"{PATH}:24: helpline 'Lifeline' (AU): unknown region 'AU'. Use one of GB, "
                "or add the region under 'regions:'.",
            ],
        ),
        (
            "    verified_on: 2026-11-22\n",
            "    verified_on:\n",
            f"{PATH}:20: helpline 'Samaritans' (GB): verified_by is set but verified_on is empty. "
            "Set both once a named person has confirmed the entry, else leave both empty.",
        ),
        (
            "    verified_by:\n    verified_on:\n",
            "    verified_on: 2026-11-22\n",
            f"{PATH}:39: helpline 'Lifeline' (AU): verified_on is set but verified_by is empty. "
            "Set both once a named person has confirmed the entry, else leave both empty.",
        ),
    ],
    ids=[
        "bad-local",
        "forms-differ",
        "unknown-region",
        "duplicate",
        "duplicate-region",
        "verified-by-alone",
        "verified-on-alone",
    ],
)
def test_each_check_across_fields_names_file_line_entry_and_fix(old, new, expected):
    expected = [expected] if isinstance(expected, str) else expected
    assert problems_of(broken(old, new)) == expected


def test_every_broken_entry_is_reported_at_once_in_file_order():
    text = broken('"116 123"', '"116-1x3"')
    text = text.replace("www.lifeline.org.au/\n    phone", "lifeline\n    phone")
    text = text.replace('emergency: ["000"]', "emergency: ['0']")
    assert [problem.split(":")[1] for problem in problems_of(text)] == ["7", "13", "26"]


def test_a_region_with_a_problem_does_not_make_its_helplines_unknown():
    problems = problems_of(broken("    name: Australia\n", ""))
    assert problems == [f"{PATH}:5: region AU: missing field(s) 'name'. {SEE_HEADER_AFTER_STOP}"]


def test_invalid_yaml_names_the_line():
    problems = problems_of(VALID.replace("    name: Australia", "    name: [Australia"))
    assert problems == [
        f"{PATH}:7: not valid YAML: expected ',' or ']', but got ':'. Correct the YAML at "
        "or just before this line."
    ]


def test_a_file_without_both_lists_is_rejected():
    assert problems_of("regions: []\n") == [
        f"{PATH}:1: missing field(s) 'helplines'. The file holds two lists, 'regions:' "
        "and 'helplines:'."
    ]


def test_a_missing_file_is_one_error_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(HelplineDataError) as caught:
        load_directory(tmp_path / "data" / "nope.yaml")
    assert [str(problem) for problem in caught.value.problems] == [
        "data/nope.yaml: cannot read the helpline data (No such file or directory). "
        "Create the file, or point CRISIS_HELP_DATA at it (relative to PATH)."
    ]


@pytest.mark.parametrize(
    ("local", "international", "ok"),
    [
        ("988", None, True),
        ("116 123", None, True),
        ("0477 13 11 14", "+61 477 131 114", True),
        ("1-800-273-8255", "+1 800 273 8255", True),
        ("12", None, False),  # too short even for a short code
        ("0477 13 11 14", None, False),  # a full number without its E.164 form
        ("988", "+1988", True),  # the suffix rule holds
        ("0477  13 11 14", "+61 477 131 114", False),  # double space
        ("0477 13 11 14", "+0 477 131 114", False),  # country code cannot start with 0
        ("0477 13 11 14", "+61 477 131 114 999 999", False),  # more than 15 digits
    ],
)
def test_phone_rule(local, international, ok):
    assert (phone_problem(local, international) is None) is ok


@pytest.mark.parametrize(
    ("local", "international", "problem"),
    [
        # 3 and 15 digits are the limits of both forms, and a short code has up to 6.
        ("123", "+123", None),
        ("123 456 789 012 345", "+123 456 789 012 345", None),
        (
            "123 456 789 012 3456",
            None,
            'the local form must be 3 to 15 digits in groups, such as "0477 13 11 14"',
        ),
        ("123 456", None, None),
        (
            "123 4567",
            None,
            "a full number needs its international form, such as international: "
            '"+61 477 131 114"; only short codes of up to 6 digits may leave it null',
        ),
        ("12", "+12", 'the local form must be 3 to 15 digits in groups, such as "0477 13 11 14"'),
        ("3456", "+31 456 789 012 3456", None),
        (
            "3456",
            "+312 456 789 012 3456",
            "international form '+312 456 789 012 3456' is not E.164: '+', the country code "
            'and the number, 3 to 15 digits in all, such as "+61 477 131 114"',
        ),
        (
            "123",
            "+9 9",
            "international form '+9 9' is not E.164: '+', the country code "
            'and the number, 3 to 15 digits in all, such as "+61 477 131 114"',
        ),
        ("999", "+1 888", "local and international forms (+1 888) are not the same number"),
    ],
)
def test_phone_rule_limits_and_messages(local, international, problem):
    assert phone_problem(local, international) == problem


def test_the_real_data_file_is_valid_and_has_every_region_of_the_brief():
    directory = load_directory(Path(ROOT) / PATH)
    assert directory.codes == ["US", "CA", "GB", "IE", "AU", "NZ", "INT"]
    numbers = {
        (line.region, line.service): [n.local for n in (*line.phone, *line.text)]
        for line in directory.helplines
    }
    assert numbers == {
        ("US", "988 Suicide & Crisis Lifeline"): ["988", "988"],
        ("CA", "9-8-8 Suicide Crisis Helpline"): ["988", "988"],
        ("GB", "Samaritans"): ["116 123"],
        ("GB", "Shout 85258"): ["85258"],
        ("IE", "Samaritans"): ["116 123"],
        ("IE", "50808"): ["50808"],
        ("AU", "Lifeline"): ["13 11 14", "0477 13 11 14"],
        ("NZ", "Need to talk?"): ["1737", "1737"],
        ("INT", "Find A Helpline"): [],
    }
    emergency = {region.code: [n.local for n in region.emergency] for region in directory.regions}
    assert emergency == {
        "US": ["911"],
        "CA": ["911"],
        "GB": ["999"],
        "IE": ["112", "999"],
        "AU": ["000"],
        "NZ": ["111"],
        "INT": [],
    }
    # Retired national numbers must not come back.
    every_number = [n.local for line in directory.helplines for n in (*line.phone, *line.text)]
    assert not [n for n in every_number if "273" in n or "833" in n]


def test_the_real_data_file_is_honest_about_its_sources():
    directory = load_directory(Path(ROOT) / PATH)
    for line in directory.helplines:
        assert line.source.startswith("https://"), line.service
        # The brief's facts were gathered in November 2026, recorded as the month's first day.
        assert line.as_of == datetime.date(2026, 11, 1), line.service
        # Nobody on the project has confirmed them with the services.
        assert (line.verified_by, line.verified_on) == (None, None), line.service
    by_service = {(line.region, line.service): line for line in directory.helplines}
    shout = by_service["GB", "Shout 85258"]
    assert [(n.local, n.message, n.sms_href) for n in shout.text] == [
        ("85258", "SHOUT", "sms:85258?body=SHOUT")
    ]
    assert shout.source == "https://giveusashout.org/about-us/faq/"
    text50808 = by_service["IE", "50808"]
    assert [(n.local, n.sms_href) for n in text50808.text] == [("50808", "sms:50808?body=HELLO")]
    assert text50808.source == "https://text50808.ie/"
    assert "HSE" in text50808.notes and "Any opening word" in text50808.notes
    assert by_service["AU", "Lifeline"].chat == "https://www.lifeline.org.au/"
    assert {line.source for line in directory.helplines} == {
        "https://988lifeline.org/",
        "https://988.ca/",
        "https://www.samaritans.org/",
        "https://giveusashout.org/about-us/faq/",
        "https://www.samaritans.org/ireland/",
        "https://text50808.ie/",
        "https://www.lifeline.org.au/",
        "https://1737.org.nz/",
        "https://findahelpline.com/",
    }


def test_a_region_without_a_code_is_a_problem_not_a_crash():
    # The list of known codes in the next message once held None, and joining
    # it stopped the build with a TypeError.
    text = VALID.replace("  - code: AU\n    name: Australia", "  - name: Australia", 1)
    # Its helplines are not also reported as being in an unknown region.
    assert problems_of(text) == [
        f"{PATH}:5: region 2: missing field(s) 'code'. {SEE_HEADER_AFTER_STOP}",
    ]
