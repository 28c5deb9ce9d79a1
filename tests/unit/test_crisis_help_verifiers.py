"""A helpline's verified_by must name someone of the editorial registry."""

from test_crisis_help_data import PATH, VALID

from plugins.crisis_help import parse_directory
from plugins.crisis_help.crisis_help import verifier_problems
from plugins.editorial import parse_registry

REGISTRY = """\
people:
  - id: editor-one
    name: Editor One
    role: editor
    interests: None declared
"""


def registry(text=REGISTRY):
    return parse_registry(text, "content/data/editorial.yaml")


def test_a_verifier_in_the_registry_is_accepted():
    directory = parse_directory(VALID, PATH)
    assert directory.helplines[0].verified_line == 20
    assert verifier_problems(directory, registry()) == []


def test_unverified_entries_need_no_registry():
    directory = parse_directory(
        VALID.replace("verified_by: editor-one", "verified_by:").replace(
            "verified_on: 2026-11-22", "verified_on:"
        ),
        PATH,
    )
    assert directory.helplines[0].verified_line == 0
    assert verifier_problems(directory) == []  # no registry is asked for


def test_a_verifier_nobody_knows_is_an_error_at_its_line_with_the_close_ids():
    directory = parse_directory(
        VALID.replace("verified_by: editor-one", "verified_by: editor-on"), PATH
    )
    (problem,) = verifier_problems(directory, registry())
    assert str(problem) == (
        f"{PATH}:20: Samaritans (GB): verified_by 'editor-on' is nobody in the editorial "
        "registry. Did you mean 'editor-one'?"
    )


def test_a_verifier_with_no_close_id_is_told_to_add_the_person_first():
    directory = parse_directory(VALID.replace("verified_by: editor-one", "verified_by: zed"), PATH)
    (problem,) = verifier_problems(directory, registry())
    assert problem.line == 20
    assert problem.hint == (
        "add the person to content/data/editorial.yaml first, or leave verified_by and "
        "verified_on empty"
    )


def test_without_the_editorial_plugin_a_named_verifier_is_an_error(monkeypatch):
    from plugins.editorial import plugin

    monkeypatch.setattr(plugin, "_state", {})
    directory = parse_directory(VALID, PATH)
    (problem,) = verifier_problems(directory)
    assert (problem.path, problem.line) == (PATH, 20)
    assert "registry that lists them is not loaded" in problem.message
    assert "plugins.editorial" in problem.hint


def test_the_hint_without_the_editorial_plugin_says_where_to_add_it(monkeypatch):
    from plugins.editorial import plugin

    monkeypatch.setattr(plugin, "_state", {})
    (problem,) = verifier_problems(parse_directory(VALID, PATH))
    assert problem.hint == "add 'plugins.editorial' to PLUGINS, before 'plugins.crisis_help'"


TWO_EDITORS = (
    REGISTRY
    + """\
  - id: editor-two
    name: Editor Two
    role: editor
    interests: None declared
"""
)


def test_every_entry_is_checked_after_a_known_verifier():
    text = VALID.replace("verified_by: editor-one", "verified_by: editor-one", 1)
    second = text.replace("verified_by:\n", "verified_by: editor-on\n", 1).replace(
        "verified_on:\n", "verified_on: 2026-11-22\n", 1
    )
    directory = parse_directory(second, PATH)
    assert [line.verified_by for line in directory.helplines][:2] == ["editor-one", "editor-on"]
    (problem,) = verifier_problems(directory, registry(TWO_EDITORS))
    assert problem.hint == "did you mean 'editor-one' or 'editor-two'?"
