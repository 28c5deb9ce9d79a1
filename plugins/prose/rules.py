"""Safe-messaging and editorial rules, read from a data file and run on the prose.

The rules file (content/data/prose-rules.yaml) is read with strictyaml: it
has a schema, no surprising YAML types ("no" stays text) and line numbers
for every error, so a bad rule is reported as ``file:line`` with the fix.
Each rule is a regular expression, case-insensitive unless it says
``case_sensitive: true``, matched against the text readers see (extract.py):
never against code, URLs or citation keys. ``unless_cited: true`` lets a
paragraph that carries a citation say what the rule would otherwise flag.
"""

import functools
import re
from dataclasses import dataclass

import strictyaml
from strictyaml import Bool, Enum, Map, Optional, Seq, Str

from guidelib import ERROR, WARNING, Problem, ProblemsError, read_data_file
from guidelib.kept import on_disk

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FIELDS_HINT = (
    "each rule needs id, pattern, level (error or warning), reason and suggestion, "
    "and may have unless_cited and case_sensitive (true or false); "
    "see plugins/prose/README.md"
)

SCHEMA = Map(
    {
        "rules": Seq(
            Map(
                {
                    "id": Str(),
                    "pattern": Str(),
                    "level": Enum([ERROR, WARNING]),
                    "reason": Str(),
                    "suggestion": Str(),
                    Optional("unless_cited", default=False): Bool(),
                    Optional("case_sensitive", default=False): Bool(),
                }
            )
        )
    }
)


class RulesError(ProblemsError):
    """The rules file cannot be used; the build must stop."""


@dataclass(frozen=True)
class Rule:
    id: str
    regex: re.Pattern
    level: str
    reason: str
    suggestion: str
    unless_cited: bool = False


# A pure function of the file's text, whose result is immutable: a live
# preview rebuilding in the same process reads an unchanged file only once,
# and a build reads what an earlier build made of the same text
# (guidelib.kept), skipping strictyaml.
@functools.lru_cache(maxsize=8)
@on_disk
def parse_rules(text, path):
    """The rules in ``text`` (the file at ``path``); RulesError naming file:line."""
    try:
        document = strictyaml.load(text, SCHEMA, label=str(path))
    except strictyaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        what = " ".join(part for part in (error.context, error.problem) if part)
        raise RulesError(
            [Problem(path, f"bad rules file: {what}", line=line, hint=FIELDS_HINT)]
        ) from None
    problems, rules, seen = [], [], {}
    for node in document["rules"]:
        rule = node.data
        where = node.start_line
        if not ID_RE.fullmatch(rule["id"]):
            problems.append(
                Problem(
                    path,
                    f"rule id {rule['id']!r} is not lower-case words joined by hyphens",
                    line=where,
                    hint="write it like suicide-commit",
                )
            )
        elif rule["id"] in seen:
            problems.append(
                Problem(
                    path,
                    f"rule id {rule['id']!r} is already used on line {seen[rule['id']]}",
                    line=where,
                    hint="give each rule its own id",
                )
            )
        seen.setdefault(rule["id"], where)
        flags = 0 if rule["case_sensitive"] else re.IGNORECASE
        try:
            regex = re.compile(rule["pattern"], flags)
        except re.error as error:
            problems.append(
                Problem(
                    path,
                    f"rule {rule['id']}: the pattern is not a regular expression: {error}",
                    line=node["pattern"].start_line,
                    hint="quote the pattern in single quotes and escape ( [ . with a backslash",
                )
            )
            continue
        if regex.search(""):
            problems.append(
                Problem(
                    path,
                    f"rule {rule['id']}: the pattern matches empty text, so it matches everywhere",
                    line=node["pattern"].start_line,
                    hint="make the pattern match at least one character",
                )
            )
            continue
        rules.append(
            Rule(
                rule["id"],
                regex,
                rule["level"],
                rule["reason"],
                rule["suggestion"],
                rule["unless_cited"],
            )
        )
    if problems:
        raise RulesError(problems)
    return tuple(rules)


def load_rules(path):
    """The rules of the file at ``path``; RulesError when it is missing or bad."""
    text = read_data_file(
        path,
        "the prose rules file",
        "create it (see plugins/prose/README.md) or set PROSE_RULES_FILE",
        RulesError,
    )
    return parse_rules(text, path)


def rule_problems(path, blocks, rules):
    """A Problem for each place a rule matches the text of ``blocks``."""
    problems = []
    for block in blocks:
        for rule in rules:
            if rule.unless_cited and block.cited:
                continue
            for match in rule.regex.finditer(block.text):
                problems.append(
                    Problem(
                        path,
                        f'"{match.group(0)}": {rule.reason} (prose rule {rule.id})',
                        rule.level,
                        block.line_at(match.start()),
                        rule.suggestion,
                    )
                )
    return problems
