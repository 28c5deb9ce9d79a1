"""What the build records of the helplines, the warnings `invoke check` gives from it,
and the emergency numbers the plugin gives other plugins."""

import datetime
from types import SimpleNamespace

import pytest
from conftest import ROOT

from guidelib import ProblemsError
from plugins.crisis_help import CrisisHelpError, emergency_numbers, helpline_warnings
from plugins.crisis_help.crisis_help import _state, helplines_section, load_data
from plugins.crisis_help.data import parse_directory

PATH = "content/data/helplines.yaml"
DATA = """\
regions:
  - code: GB
    name: United Kingdom
    emergency: ["999"]
  - code: AU
    name: Australia
    emergency: ["000"]
  - code: INT
    name: Anywhere else
    emergency: []
helplines:
  - region: GB
    service: Samaritans
    website: https://www.samaritans.org/
    phone: [{local: "116 123", international: null}]
    text: []
    chat: null
    source: https://www.samaritans.org/
    as_of: 2026-01-01
    verified_by: editor-one
    verified_on: 2026-11-22
  - region: AU
    service: Lifeline
    website: https://www.lifeline.org.au/
    phone: [{local: "13 11 14", international: null}]
    text: []
    chat: null
    source: https://www.lifeline.org.au/
    as_of: 2026-06-01
"""
UNVERIFIED = (
    "content/data/helplines.yaml:22: Lifeline (AU) is not verified by a named person; source "
    "https://www.lifeline.org.au/ as of 2026-06-01. Once someone has confirmed every "
    "detail with the service, set verified_by to their id in content/data/editorial.yaml and "
    "verified_on to the date."
)


@pytest.fixture(scope="module")
def section():
    return helplines_section(parse_directory(DATA, PATH))


def warnings_on(section, day, max_age_days=365):
    found = helpline_warnings(section, datetime.date.fromisoformat(day), max_age_days)
    assert {problem.severity for problem in found} <= {"warning"}
    return [str(problem) for problem in found]


def test_the_record_keeps_each_entry_s_place_source_and_dates(section):
    assert section == [
        {"path": PATH, "line": 12, "region": "GB", "service": "Samaritans",
         "source": "https://www.samaritans.org/", "as_of": "2026-01-01",
         "verified_by": "editor-one", "verified_on": "2026-11-22"},
        {"path": PATH, "line": 22, "region": "AU", "service": "Lifeline",
         "source": "https://www.lifeline.org.au/", "as_of": "2026-06-01",
         "verified_by": None, "verified_on": None},
    ]  # fmt: skip


def test_a_recent_verification_gives_no_warning_and_an_unverified_entry_one(section):
    # Samaritans' as_of is older than the limit, but its verification is recent.
    assert warnings_on(section, "2027-01-02") == [UNVERIFIED]


def test_a_stale_verification_is_measured_from_verified_on(section):
    assert warnings_on(section, "2027-11-24") == [
        "content/data/helplines.yaml:12: Samaritans (GB) dates from verified_on 2026-11-22, "
        "367 days ago (the limit is 365). Check every detail against "
        "https://www.samaritans.org/, then update as_of (and verified_on, if a named person "
        "confirms it with the service).",
        UNVERIFIED,
        "content/data/helplines.yaml:22: Lifeline (AU) dates from as_of 2026-06-01, 541 days "
        "ago (the limit is 365). Check every detail against https://www.lifeline.org.au/, "
        "then update as_of (and verified_on, if a named person confirms it with the service).",
    ]


def test_an_unverified_entry_is_stale_from_as_of_by_the_given_limit(section):
    assert warnings_on(section, "2027-03-28", max_age_days=300) == [UNVERIFIED]
    assert warnings_on(section, "2027-03-29", max_age_days=300) == [
        UNVERIFIED,
        "content/data/helplines.yaml:22: Lifeline (AU) dates from as_of 2026-06-01, 301 days "
        "ago (the limit is 300). Check every detail against https://www.lifeline.org.au/, "
        "then update as_of (and verified_on, if a named person confirms it with the service).",
    ]


def test_a_date_in_the_future_is_a_warning(section):
    assert warnings_on(section, "2026-11-21") == [
        "content/data/helplines.yaml:12: Samaritans (GB) has verified_on 2026-11-22, which is "
        "in the future. Write the date the information really dates from.",
        UNVERIFIED,
    ]


def test_the_real_data_has_one_unverified_warning_per_entry_and_none_stale():
    directory = load_data_of({})
    found = helpline_warnings(helplines_section(directory), datetime.date(2026, 12, 1), 365)
    assert len(found) == len(directory.helplines) == 9
    assert all("is not verified by a named person" in problem.message for problem in found)


def load_data_of(overrides):
    settings = {
        "PATH": str(ROOT / "content"),
        "THEME": str(ROOT / "theme"),
        "PLUGINS": ["plugins.crisis_help", "plugins.site_audit"],
        "SETTINGS_FILE": "pelicanconf.py",
        **overrides,
    }
    load_data(SimpleNamespace(settings=settings))
    return _state["directory"]


def test_emergency_numbers_follow_the_configured_regions():
    load_data_of({})
    assert emergency_numbers() == [
        ("United States", ("911",)),
        ("United Kingdom", ("999",)),
        ("Canada", ("911",)),
        ("Australia", ("000",)),
        ("Ireland", ("112", "999")),
        ("New Zealand", ("111",)),
        ("Anywhere else", ()),
    ]
    load_data_of({"CRISIS_HELP_REGIONS": ["INT", "IE", "NZ"]})
    assert emergency_numbers() == [
        ("Anywhere else", ()),
        ("Ireland", ("112", "999")),
        ("New Zealand", ("111",)),
    ]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"CRISIS_HELP_REGIONS": ["US", "ZZ"]},
            "pelicanconf.py: CRISIS_HELP_REGIONS: 'ZZ' is not a region of "
            "content/data/helplines.yaml. Use codes from: US, CA, GB, IE, AU, NZ, INT.",
        ),
        (
            {"CRISIS_HELP_REGIONS": []},
            "pelicanconf.py: CRISIS_HELP_REGIONS must list at least one region code. For example: "
            'CRISIS_HELP_REGIONS = ["US", "GB", "INT"].',
        ),
        (
            {"CRISIS_HELP_REGIONS": "US"},
            "pelicanconf.py: CRISIS_HELP_REGIONS must be a list of text, not 'US'. For example: "
            'CRISIS_HELP_REGIONS = ["US", "GB", "INT"].',
        ),
        (
            {"CRISIS_HELP_MAX_AGE_DAYS": 0},
            "pelicanconf.py: CRISIS_HELP_MAX_AGE_DAYS must be a positive number of days. "
            "For example: CRISIS_HELP_MAX_AGE_DAYS = 365.",
        ),
        (
            {"CRISIS_HELP_MAX_AGE_DAYS": "365"},
            "pelicanconf.py: CRISIS_HELP_MAX_AGE_DAYS must be a whole number, not '365'. "
            "For example: CRISIS_HELP_MAX_AGE_DAYS = 365.",
        ),
        (
            {"CRISIS_HELP_REGION": ["US"]},
            "pelicanconf.py: unknown setting CRISIS_HELP_REGION. Did you mean CRISIS_HELP_REGIONS?",
        ),
        (
            {"CRISIS_HELP_DATA": "data/none.yaml"},
            "content/data/none.yaml: cannot read the helpline data (No such file or directory). "
            "Create the file, or point CRISIS_HELP_DATA at it (relative to PATH).",
        ),
    ],
    ids=[
        "unknown-code",
        "no-regions",
        "not-a-list",
        "zero-days",
        "days-as-text",
        "typo",
        "no-file",
    ],
)
def test_settings_are_checked_and_named(overrides, expected, monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(ProblemsError) as caught:
        load_data_of(overrides)
    assert [str(problem) for problem in caught.value.problems] == [expected]


def test_a_theme_without_the_partials_is_an_error(tmp_path):
    (tmp_path / "templates").mkdir()
    with pytest.raises(CrisisHelpError) as caught:
        load_data_of({"THEME": str(tmp_path)})
    assert len(caught.value.problems) == 4
    assert "the theme has no template partials/crisis_bar.html" in str(caught.value)
    assert "the theme has no template partials/region.js" in str(caught.value)
