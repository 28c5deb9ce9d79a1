"""The editorial registry (content/data/editorial.yaml): its schema, exact messages and lines."""

import pytest
from conftest import ROOT

from guidelib import ProblemsError
from plugins.editorial import Person, RegistryError, load_registry, parse_registry

PATH = "content/data/editorial.yaml"
GOOD = """\
# A comment
people:
  - id: writers
    name: Writing team
    role: author
    interests: None declared
  - id: reviewer-one
    name: Reviewer One
    role: clinical-reviewer
    qualifications: Qualification A
    interests: Advisory fee from a fitness company
"""


def problems(text):
    with pytest.raises(RegistryError) as caught:
        parse_registry(text, PATH)
    return [str(problem) for problem in caught.value.problems]


def test_a_good_registry_lists_its_people_with_their_lines():
    registry = parse_registry(GOOD, PATH)
    assert registry.people == (
        Person("writers", "Writing team", "author", "None declared", line=3),
        Person(
            "reviewer-one",
            "Reviewer One",
            "clinical-reviewer",
            "Advisory fee from a fitness company",
            "Qualification A",
            line=7,
        ),
    )
    assert [p.id for p in registry.writers] == ["writers"]
    assert [p.id for p in registry.reviewers] == ["reviewer-one"]
    assert registry.get("reviewer-one").anchor == "person-reviewer-one"
    assert registry.get("nobody") is None


def test_every_value_stays_text():
    text = GOOD.replace("None declared", "no").replace("Qualification A", "2026-01-01")
    registry = parse_registry(text, PATH)
    assert registry.get("writers").interests == "no"
    assert registry.get("reviewer-one").qualifications == "2026-01-01"


def test_a_missing_file_is_one_error_naming_it(tmp_path):
    path = tmp_path / "editorial.yaml"
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: cannot read the editorial registry (No such file or directory). Create "
        "it with a 'people:' list (see plugins/editorial/README.md), or point EDITORIAL_DATA at "
        "it (relative to PATH)."
    ]
    assert isinstance(caught.value, ProblemsError)


SHAPE_FIX = ". The file is one list, 'people:', of entries written 'key: text', one per line."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "people:\n  - id: a\n    name: [A, B]\n",
            f"{PATH}:3: Found ugly disallowed JSONesque flow mapping (surround with ' and ' to "
            "make text appear literally)",
        ),
        ("# c\n\nauthors:\n  - id: a\n", f"{PATH}:3: unexpected key not in schema 'authors'"),
        ("people: everyone\n", f"{PATH}:1: found arbitrary text when expecting a sequence"),
        (
            "people:\n  - id: a\n    name:\n      - A\n",
            f"{PATH}:4: found a sequence when expecting a str",
        ),
        ("people:\n  - id: a\n    id: b\n", f"{PATH}:3: Duplicate key 'id' found"),
    ],
    ids=["flow-style", "unknown-top-level-key", "not-a-list", "not-text", "repeated-key"],
)
def test_a_file_of_the_wrong_shape_is_one_error_with_its_line(text, expected):
    assert problems(text) == [expected + SHAPE_FIX]


@pytest.mark.parametrize(
    ("line_written", "expected"),
    [
        (
            "    name: Writing team\n",
            "3: person 'writers' has no name. Add a line such as 'name: Guide editorial team'.",
        ),
        (
            "    role: author\n",
            "3: person 'writers' has no role. Add a line such as 'role: author'.",
        ),
        (
            "    interests: None declared\n",
            "3: person 'writers' has no interests. Add a line such as 'interests: None declared'.",
        ),
    ],
    ids=["name", "role", "interests"],
)
def test_each_required_field_is_named_at_its_entry(line_written, expected):
    assert problems(GOOD.replace(line_written, "", 1)) == [f"{PATH}:{expected}"]


def test_an_entry_without_an_id_is_named_by_its_line():
    text = GOOD.replace("  - id: writers\n    name: Writing team", "  - name: Writing team")
    assert problems(text) == [
        f"{PATH}:3: a person has no id. Add a line such as 'id: editorial-team'."
    ]


def test_a_clinical_reviewer_needs_qualifications_and_an_author_does_not():
    text = GOOD.replace("    qualifications: Qualification A\n", "")
    assert problems(text) == [
        f"{PATH}:7: person 'reviewer-one' has no qualifications (a clinical reviewer's are "
        "shown with every chapter they review). Add a line such as "
        "'qualifications: <the reviewer's professional qualifications>'."
    ]
    author = parse_registry(
        GOOD.replace(
            "    role: author\n", "    role: author\n    qualifications: Trained editor\n"
        ),
        PATH,
    )
    assert author.get("writers").qualifications == "Trained editor"


def test_blank_values_count_as_missing():
    assert problems(GOOD.replace("interests: None declared", "interests: ''")) == [
        f"{PATH}:6: person 'writers' has no interests. Add a line such as "
        "'interests: None declared'."
    ]


def test_unknown_field_bad_id_bad_role_and_a_repeated_id_are_all_reported_at_once():
    text = (
        GOOD.replace("id: writers", "id: Writers Team")
        .replace("role: author", "role: doctor\n    email: someone")
        .replace("id: reviewer-one", "id: reviewer-one\n    name2: x")
        + GOOD[GOOD.index("  - id: r") :]
    )
    assert problems(text) == [
        f"{PATH}:6: person 'Writers Team': unknown field 'email'. The fields are: id, name, "
        "role, interests, qualifications.",
        f"{PATH}:3: id 'Writers Team' is not lower-case letters, digits and hyphens. Write "
        "it as 'id: editorial-team'.",
        f"{PATH}:5: person 'Writers Team': role 'doctor' is not one of author, editor, "
        "clinical-reviewer. Write it as 'role: author'.",
        f"{PATH}:9: person 'reviewer-one': unknown field 'name2'. The fields are: id, name, "
        "role, interests, qualifications.",
        f"{PATH}:14: id 'reviewer-one' is used twice (first at line 8). Give each person "
        "their own id.",
    ]


def test_the_real_registry_lists_only_the_editorial_team_as_author():
    registry = load_registry(ROOT / "content" / "data" / "editorial.yaml")
    assert [(p.id, p.name, p.role, p.interests, p.qualifications) for p in registry.people] == [
        ("editorial-team", "Guide editorial team", "author", "None declared", "")
    ]
    assert registry.reviewers == []
