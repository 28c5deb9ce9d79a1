"""The helpline data file: every check, and the stale-entry warnings."""

import datetime
from pathlib import Path

import pytest
from conftest import ROOT

from plugins.crisis_help import HelplineDataError, load_directory, parse_directory, stale_entries
from plugins.crisis_help.data import phone_problem

PATH = "content/data/helplines.yaml"

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
    languages: [English]
    source: https://www.samaritans.org/
    last_verified: 2026-11-22
  - region: AU
    service: Lifeline
    website: https://www.lifeline.org.au/
    phone:
      - local: "13 11 14"
        international: null
    text:
      - local: "0477 13 11 14"
        international: "+61 477 131 114"
    chat: null
    hours: 24 hours a day, every day
    languages: [English]
    source: https://www.lifeline.org.au/
    last_verified: 2025-11-22
"""


def broken(old, new):
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def problems_of(text):
    with pytest.raises(HelplineDataError) as caught:
        parse_directory(text, PATH)
    return caught.value.problems


def test_valid_data_is_read_in_file_order():
    directory = parse_directory(VALID, PATH)
    assert directory.codes == ["GB", "AU"]
    assert [line.service for line in directory.helplines] == ["Samaritans", "Lifeline"]
    lifeline = directory.helplines[1]
    assert lifeline.line == 21
    assert lifeline.last_verified == datetime.date(2025, 11, 22)
    assert [n.tel_href for n in lifeline.phone] == ["tel:131114"]
    assert [n.sms_href for n in lifeline.text] == ["sms:+61477131114"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    hours: 24 hours a day, every day\n    languages: [English]\n    source: https://www.samaritans.org/",
         "    languages: [English]\n    source: https://www.samaritans.org/",
         f"{PATH}:9: helpline 'Samaritans' (GB): missing field 'hours'. Add a line such as "
         "'hours: 24 hours a day, every day'."),
        ('      - local: "116 123"', '      - local: "116 12x"',
         f"{PATH}:12: helpline 'Samaritans' (GB): phone number '116 12x': the local form must be "
         "3 to 15 digits"),
        ('international: "+61 477 131 114"', 'international: "+61 477 131 11"',
         f"{PATH}:27: helpline 'Lifeline' (AU): text number '0477 13 11 14': local and "
         "international forms (+61 477 131 11) are not the same number."),
        ('international: "+61 477 131 114"', 'international: "61 477 131 114"',
         "text number '0477 13 11 14': international form '61 477 131 114' is not E.164"),
        ('international: "+61 477 131 114"', "international: null",
         "text number '0477 13 11 14': a full number needs its international form"),
        ('      - local: "116 123"', "      - local: 116123",
         "phone number 116123: the local form must be text in quotes"),
        ("    website: https://www.samaritans.org/", "    website: www.samaritans.org",
         f"{PATH}:11: helpline 'Samaritans' (GB): website 'www.samaritans.org' is not a valid "
         "https URL."),
        ("    chat: null\n    hours: 24 hours a day, every day\n    languages: [English]\n"
         "    source: https://www.lifeline",
         "    chat: http://lifeline.example/chat\n    hours: 24 hours a day, every day\n"
         "    languages: [English]\n    source: https://www.lifeline",
         "helpline 'Lifeline' (AU): chat 'http://lifeline.example/chat' is not a valid https URL."),
        ("  - region: AU", "  - region: NZ",
         f"{PATH}:21: helpline 'Lifeline' (NZ): unknown region 'NZ'. Use one of GB, AU, or add "
         "the region under 'regions:'."),
        ("  - region: AU\n    service: Lifeline", "  - region: GB\n    service: samaritans",
         f"{PATH}:21: helpline 'samaritans' (GB) is a duplicate of the entry at line 9. Merge "
         "the two entries into one."),
        ("    last_verified: 2025-11-22", "    last_verified: 2025-13-10",
         "helpline 'Lifeline' (AU): last_verified '2025-13-10' is not a date."),
        ("    languages: [English]\n    source: https://www.samaritans.org/",
         "    languages: []\n    source: https://www.samaritans.org/",
         "helpline 'Samaritans' (GB): languages must be a non-empty list"),
        ("    text: []\n", "    text: []\n    sms: []\n",
         f"{PATH}:16: helpline 'Samaritans' (GB): unknown field 'sms'."),
        ("  - code: AU", "  - code: Australia",
         "region Australia: code 'Australia' is not a two-letter ISO 3166 code or INT."),
        ('    emergency: ["000"]', "    emergency: [000]",
         "region AU: emergency number 0 is not 2 to 4 digits in quotes"),
        ("  - code: AU\n    name: Australia", "  - code: GB\n    name: Australia",
         f"{PATH}:5: region GB is listed twice (first at line 2)."),
    ],
    ids=["missing-field", "bad-local", "forms-differ", "not-e164", "full-number-needs-e164",
         "unquoted", "bad-url", "http-chat", "unknown-region", "duplicate", "bad-date",
         "no-languages", "unknown-field", "bad-region-code", "bad-emergency", "duplicate-region"],
)
def test_each_problem_names_file_line_entry_and_fix(old, new, expected):
    problems = problems_of(broken(old, new))
    assert any(expected in problem for problem in problems), problems


def test_every_problem_is_reported_at_once():
    text = VALID.replace('"116 123"', '"116-1x3"').replace("www.lifeline.org.au/\n    phone",
                                                           "lifeline\n    phone")
    text = text.replace('emergency: ["000"]', "emergency: ['0']")
    assert [problem.split(":")[1] for problem in problems_of(text)] == ["7", "12", "23"]


def test_invalid_yaml_names_the_line():
    problems = problems_of(VALID.replace("    name: Australia", "    name: [Australia"))
    assert problems[0].startswith(f"{PATH}:7: not valid YAML")


def test_a_file_without_both_lists_is_rejected():
    assert "must have two lists" in problems_of("regions: []\n")[0]


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(HelplineDataError, match="cannot read the helpline data"):
        load_directory(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("local", "international", "ok"),
    [
        ("988", None, True),
        ("116 123", None, True),
        ("0477 13 11 14", "+61 477 131 114", True),
        ("1-800-273-8255", "+1 800 273 8255", True),
        ("12", None, False),            # too short even for a short code
        ("0477 13 11 14", None, False),  # a full number without its E.164 form
        ("988", "+1988", True),         # the suffix rule holds
        ("0477  13 11 14", "+61 477 131 114", False),  # double space
        ("0477 13 11 14", "+0 477 131 114", False),    # country code cannot start with 0
        ("0477 13 11 14", "+61 477 131 114 999 999", False),  # more than 15 digits
    ],
)
def test_phone_rule(local, international, ok):
    assert (phone_problem(local, international) is None) is ok


def test_stale_entries_depend_only_on_the_given_day(tmp_path):
    path = tmp_path / "helplines.yaml"
    path.write_text(VALID, encoding="utf-8")
    assert stale_entries(path, datetime.date(2026, 11, 22)) == []
    warnings = stale_entries(path, datetime.date(2026, 11, 23))
    assert warnings == [(str(path), (
        "line 21: Lifeline (AU) was last verified on 2025-11-22, 366 days ago (the limit is "
        "365). Check every number against https://www.lifeline.org.au/, then update "
        "last_verified."))]
    assert len(stale_entries(path, datetime.date(2026, 12, 23), max_age_days=30)) == 2


def test_a_verification_date_in_the_future_is_a_warning(tmp_path):
    path = tmp_path / "helplines.yaml"
    path.write_text(VALID, encoding="utf-8")
    warnings = stale_entries(path, datetime.date(2026, 11, 21))
    assert [message for _, message in warnings] == [
        "line 9: Samaritans (GB) has last_verified 2026-11-22, which is in the future. Write "
        "the date the details were actually checked."]


def test_the_real_data_file_is_valid_and_has_every_region_of_the_brief():
    directory = load_directory(Path(ROOT) / PATH)
    assert directory.codes == ["US", "CA", "GB", "IE", "AU", "NZ", "INT"]
    numbers = {line.region: [n.local for n in line.phone] for line in directory.helplines}
    assert numbers == {"US": ["988"], "CA": ["988"], "GB": ["116 123"], "IE": ["116 123"],
                       "AU": ["13 11 14"], "NZ": ["1737"], "INT": []}
    emergency = {region.code: [n.local for n in region.emergency] for region in directory.regions}
    assert emergency == {"US": ["911"], "CA": ["911"], "GB": ["999"], "IE": ["112", "999"],
                         "AU": ["000"], "NZ": ["111"], "INT": []}
    # Retired national numbers must not come back.
    every_number = [n.local for line in directory.helplines for n in (*line.phone, *line.text)]
    assert not [n for n in every_number if "273" in n or "833" in n]
