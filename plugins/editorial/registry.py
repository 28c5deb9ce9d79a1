"""The editorial registry: who writes, edits and reviews the guide.

content/data/editorial.yaml holds one list, ``people:``. strictyaml reads it:
every value is text (``None declared`` stays text, no date or number is
guessed), and flow style, anchors and repeated keys are refused with their
line. strictyaml stops at the first problem it meets, so it checks only the
shape here (a list of ``key: text`` entries); the rules for each entry are
checked below, and every broken entry is reported in one build. Lines come
from PyYAML's node marks, which are exact where strictyaml's are not (it
reports the first key of a ``- `` entry on the line after it).
"""

import difflib
import functools
import re
from dataclasses import dataclass

import strictyaml
import yaml

from guidelib import Problem, ProblemsError, read_data_file

ROLES = {"author": "Author", "editor": "Editor", "clinical-reviewer": "Clinical reviewer"}
REQUIRED = ("id", "name", "role", "interests")
OPTIONAL = ("qualifications",)
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SHAPE = strictyaml.Map(
    {"people": strictyaml.Seq(strictyaml.MapPattern(strictyaml.Str(), strictyaml.Str()))}
)

# How each field is written, for the fix in an error message.
EXAMPLES = {
    "id": "id: editorial-team",
    "name": "name: Guide editorial team",
    "role": "role: author",
    "qualifications": "qualifications: <the reviewer's professional qualifications>",
    "interests": "interests: None declared",
}


class RegistryError(ProblemsError):
    """The editorial registry cannot be used; ``problems`` lists every reason."""


@dataclass(frozen=True)
class Person:
    """One entry of the registry: a person, or an organisation that writes."""

    id: str
    name: str
    role: str
    interests: str
    qualifications: str = ""
    line: int = 0

    @property
    def role_label(self):
        return ROLES[self.role]

    @property
    def is_clinical_reviewer(self):
        return self.role == "clinical-reviewer"

    @property
    def anchor(self):
        """The id of the person's entry on the About page."""
        return f"person-{self.id}"


@dataclass(frozen=True)
class Registry:
    path: str
    people: tuple

    def get(self, person_id):
        return next((person for person in self.people if person.id == person_id), None)

    def close_ids(self, person_id):
        return difflib.get_close_matches(person_id, [p.id for p in self.people], n=3)

    @property
    def writers(self):
        """Authors and editors, in the order of the file."""
        return [person for person in self.people if not person.is_clinical_reviewer]

    @property
    def reviewers(self):
        return [person for person in self.people if person.is_clinical_reviewer]


def load_registry(path):
    """Read and check the registry at ``path``; raise RegistryError listing every problem."""
    text = read_data_file(
        path,
        "the editorial registry",
        "create it with a 'people:' list (see plugins/editorial/README.md), "
        "or point EDITORIAL_DATA at it (relative to PATH)",
        RegistryError,
    )
    return parse_registry(text, str(path))


# A pure function of the file's text, whose result is immutable: a live
# preview rebuilding in the same process reads an unchanged file only once.
@functools.lru_cache(maxsize=8)
def parse_registry(text, path):
    """Check the registry's YAML ``text`` (from the file at ``path``); return a Registry."""
    try:
        strictyaml.load(text, SHAPE, label=path)
    except strictyaml.YAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        context = error.context or ""
        message = error.problem + (f" {context}" if context.startswith("when expecting") else "")
        if error.problem.startswith("unexpected key"):
            # strictyaml marks the key's value; the key is what is wrong.
            line = _top_level_lines(text).get(error.problem.split("'")[1], line)
        raise RegistryError(
            [
                Problem(
                    path,
                    message,
                    line=line,
                    hint="the file is one list, 'people:', of entries written 'key: text', "
                    "one per line",
                )
            ]
        ) from None
    problems, people, seen = [], [], {}
    for node in yaml.compose(text).value[0][1].value:
        entry = {key.value: (value.value, key.start_mark.line + 1) for key, value in node.value}
        found = _entry_problems(entry, path, node.start_mark.line + 1)
        person_id = entry.get("id", ("", 0))[0]
        if person_id and person_id in seen:
            found.append(
                Problem(
                    path,
                    f"id {person_id!r} is used twice (first at line {seen[person_id]})",
                    line=entry["id"][1],
                    hint="give each person their own id",
                )
            )
        if person_id:
            seen.setdefault(person_id, entry["id"][1])
        problems += found
        if not found:
            people.append(
                Person(
                    **{key: value.strip() for key, (value, _) in entry.items()},
                    line=node.start_mark.line + 1,
                )
            )
    if problems:
        raise RegistryError(problems)
    return Registry(path, tuple(people))


def _top_level_lines(text):
    """{key: line} of the top-level keys of the YAML ``text``."""
    root = yaml.compose(text)
    return {key.value: key.start_mark.line + 1 for key, _ in root.value}


def _entry_problems(entry, path, line):
    """The problems of one entry: {key: (text, line)} starting at ``line``."""
    problems = []

    def problem(key, message, hint):
        where = entry[key][1] if key in entry else line
        problems.append(Problem(path, message, line=where, hint=hint))

    person_id = entry.get("id", ("", 0))[0].strip()
    name = f"person {person_id!r}" if person_id else "a person"
    required = REQUIRED + (
        ("qualifications",) if entry.get("role", ("",))[0] == "clinical-reviewer" else ()
    )
    for key in required:
        if not entry.get(key, ("",))[0].strip():
            why = (
                " (a clinical reviewer's are shown with every chapter they review)"
                if key == "qualifications"
                else ""
            )
            problem(key, f"{name} has no {key}{why}", f"add a line such as '{EXAMPLES[key]}'")
    for key in entry:
        if key not in REQUIRED + OPTIONAL:
            problem(
                key,
                f"{name}: unknown field {key!r}",
                f"the fields are: {', '.join(REQUIRED + OPTIONAL)}",
            )
    if person_id and not ID_PATTERN.fullmatch(person_id):
        problem(
            "id",
            f"id {person_id!r} is not lower-case letters, digits and hyphens",
            "write it as 'id: editorial-team'",
        )
    role = entry.get("role", ("",))[0].strip()
    if role and role not in ROLES:
        problem(
            "role",
            f"{name}: role {role!r} is not one of {', '.join(ROLES)}",
            "write it as 'role: author'",
        )
    return problems
