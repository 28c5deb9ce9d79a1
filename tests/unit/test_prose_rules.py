"""The shipped safe-messaging and editorial rules, both ways, and the rules file's errors."""

import pytest
from conftest import ROOT

from plugins.prose import RulesError, extract, load_rules, parse_rules, rule_problems

RULES_FILE = ROOT / "content" / "data" / "prose-rules.yaml"
PATH = "content/chapters/01-x.md"


@pytest.fixture(scope="module")
def rules():
    return load_rules(RULES_FILE)


def fired(rules, source):
    return [
        (p.line, p.message.rsplit("(prose rule ", 1)[1].rstrip(")"))
        for p in rule_problems(PATH, extract(source), rules)
    ]


@pytest.mark.parametrize(
    ("rule", "fires", "does_not_fire"),
    [
        ("suicide-commit", "He committed suicide.", "She died by suicide."),
        ("suicide-commit", "People who commit suicide.", "Commit to a walk."),
        ("suicide-commit", "Those committing\nsuicide.", "They took their own life."),
        ("suicide-attempt-outcome", "A failed suicide attempt.", "A suicide attempt."),
        ("suicide-attempt-outcome", "An unsuccessful suicide attempt.", "She attempted suicide."),
        ("suicide-attempt-outcome", "A successful suicide.", "A successful first walk."),
        ("suicide-attempt-outcome", "His failed attempt at suicide.", "A failed attempt to jog."),
        ("suicide-epidemic", "A suicide epidemic.", "Suicide rates rose."),
        ("suicide-epidemic", "An epidemic of suicides.", "An epidemic of flu."),
        ("pressure-just", "Just work out more.", "A short workout may help."),
        ("pressure-just", "You should just exercise.", "Exercise just once a week."),
        ("pressure-no-excuses", "No excuses!", "There is no need to explain."),
        ("blame-lazy", "Stop being lazy.", "You are tired, and that is real."),
        ("blame-lazy", "Laziness is not the cause.", "Low energy is a symptom."),
        ("pressure-snap-out", "Snap out of it.", "Recovery takes time."),
        ("pressure-snap-out", "Pull yourself together.", "Pull the door shut."),
        ("cure-claim", "Running cures depression.", "Running may ease symptoms."),
        ("cure-claim", "A cure for depression.", "It is not a cure."),
        ("cure-claim", "This will cure your depression.", "A depression screening."),
        ("cure-claim", "The cure for depression.", "There is no cure for depression."),
        ("cure-as-effective", "Walking is as effective as antidepressants.", "Walking helps."),
        ("cure-as-effective", "It works as well as medication.", "It works well with medication."),
    ],
)
def test_each_rule_fires_on_its_words_and_not_on_plain_ones(rules, rule, fires, does_not_fire):
    assert fired(rules, fires) == [(1, rule)]
    assert fired(rules, does_not_fire) == []


def test_a_suicide_language_error_names_the_line_the_reason_and_the_fix(rules):
    source = "Title: T\n\nMost people who\nhave committed suicide had no plan.\n"
    (problem,) = rule_problems(PATH, extract(source), rules)
    assert problem.severity == "error"
    assert str(problem) == (
        f'{PATH}:4: "committed suicide": "commit" comes from the time when suicide was a '
        "crime; it blames the person and adds to stigma (prose rule suicide-commit). "
        'Write "died by suicide" or "took their own life".'
    )


def test_editorial_rules_are_warnings(rules):
    levels = {rule.id: rule.level for rule in rules}
    assert {name for name, level in levels.items() if level == "error"} == {
        "suicide-commit",
        "suicide-attempt-outcome",
        "suicide-epidemic",
    }


def test_unless_cited_lets_a_cited_paragraph_make_the_comparison(rules):
    assert fired(rules, "Walking was as effective as antidepressants [@blumenthal1999].") == []
    assert fired(rules, "Walking cures depression [@a].") == [(1, "cure-claim")]


def test_rules_read_headings_titles_and_summaries(rules):
    source = "Title: Why people commit suicide\nSummary: No excuses.\n\n## Just exercise\n"
    assert fired(rules, source) == [
        (1, "suicide-commit"),
        (2, "pressure-no-excuses"),
        (4, "pressure-just"),
    ]


def test_code_urls_and_citation_keys_are_left_alone(rules):
    source = (
        "Use `committed suicide` in code spans only.\n"
        "\n"
        "```text\n"
        "a failed suicide attempt, in a fenced block\n"
        "```\n"
        "\n"
        "    no excuses, in an indented block\n"
        "\n"
        "See https://example.org/just-work-out-no-excuses and\n"
        "[this page](https://example.org/lazy) and <https://example.org/cures-depression>.\n"
        "\n"
        "As [@lazy2020] and @suicide-epidemic2021 report.\n"
    )
    assert fired(rules, source) == []


RULE = """\
rules:
  - id: {id}
    pattern: '{pattern}'
    level: {level}
    reason: a reason
    suggestion: a suggestion
"""


def rules_error(text, path="content/data/prose-rules.yaml"):
    with pytest.raises(RulesError) as caught:
        parse_rules(text, path)
    return [str(problem) for problem in caught.value.problems]


def test_a_good_rules_file_is_read():
    (rule,) = parse_rules(RULE.format(id="no-hype", pattern=r"\bmiracle\b", level="warning"), "r")
    assert (rule.id, rule.level, rule.unless_cited, rule.regex.pattern) == (
        "no-hype",
        "warning",
        False,
        r"\bmiracle\b",
    )
    assert rule.regex.search("A MIRACLE")


def test_case_sensitive_is_optional():
    text = RULE.format(id="gp", pattern=r"\bGP\b", level="warning") + "    case_sensitive: true\n"
    (rule,) = parse_rules(text, "r")
    assert rule.regex.search("see a GP") and not rule.regex.search("a gp")


FIX = (
    ". Each rule needs id, pattern, level (error or warning), reason and suggestion, "
    "and may have unless_cited and case_sensitive (true or false); see plugins/prose/README.md."
)


def test_a_missing_rules_file_is_one_error(tmp_path):
    with pytest.raises(RulesError) as caught:
        load_rules(str(tmp_path / "prose-rules.yaml"))
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'prose-rules.yaml'}: cannot read the prose rules file (No such file or "
        "directory). Create it (see plugins/prose/README.md) or set PROSE_RULES_FILE."
    ]


def test_a_bad_level_names_its_line():
    text = RULE.format(id="a", pattern="x", level="fatal")
    assert rules_error(text) == [
        "content/data/prose-rules.yaml:4: bad rules file: when expecting one of: error, "
        "warning found arbitrary text" + FIX
    ]


def test_a_missing_field_names_its_rule():
    text = "rules:\n  - id: a\n    pattern: x\n    level: error\n    reason: r\n"
    (message,) = rules_error(text)
    assert message.startswith("content/data/prose-rules.yaml:")
    assert "required key(s) 'suggestion' not found" in message


def test_an_unknown_field_names_its_line():
    text = RULE.format(id="a", pattern="x", level="error") + "    severity: high\n"
    (message,) = rules_error(text)
    assert message.startswith("content/data/prose-rules.yaml:7: bad rules file: ")
    assert "unexpected key not in schema 'severity'" in message


def test_bad_yaml_names_its_line():
    (message,) = rules_error("rules:\n  - id: a\n  pattern: [x\n")
    assert message.startswith("content/data/prose-rules.yaml:")
    assert message.endswith(FIX)


def test_a_bad_pattern_names_its_line():
    text = RULE.format(id="ok", pattern="x", level="error") + RULE.format(
        id="broken", pattern="(unclosed", level="error"
    ).removeprefix("rules:\n")
    assert rules_error(text) == [
        "content/data/prose-rules.yaml:8: rule broken: the pattern is not a regular "
        "expression: missing ), unterminated subpattern at position 0. Quote the "
        "pattern in single quotes and escape ( [ . with a backslash."
    ]


def test_a_pattern_that_matches_empty_text_is_refused():
    assert rules_error(RULE.format(id="a", pattern="x*", level="error")) == [
        "content/data/prose-rules.yaml:3: rule a: the pattern matches empty text, so it "
        "matches everywhere. Make the pattern match at least one character."
    ]


def test_a_repeated_id_and_a_badly_written_id_are_refused():
    text = (
        RULE.format(id="same", pattern="x", level="error")
        + RULE.format(id="same", pattern="y", level="error").removeprefix("rules:\n")
        + RULE.format(id="Bad_Id", pattern="z", level="error").removeprefix("rules:\n")
    )
    assert rules_error(text) == [
        "content/data/prose-rules.yaml:7: rule id 'same' is already used on line 2. "
        "Give each rule its own id.",
        "content/data/prose-rules.yaml:12: rule id 'Bad_Id' is not lower-case words joined "
        "by hyphens. Write it like suicide-commit.",
    ]
