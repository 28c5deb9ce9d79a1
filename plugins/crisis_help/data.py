"""The helpline data file: its typed schema, read with strictyaml.

strictyaml keeps every value as text until the schema says what it is, so a
date such as 2026-13-01 reaches our checks instead of being turned into
something else by YAML, and it knows the line of every value. Flow lists
(``["999"]``, ``[]``) are allowed: they keep short lists on one line. Each
entry is validated on its own, so one run lists every broken entry. What a
schema cannot say is checked after it: a helpline's region exists, nothing
is listed twice, the two forms of a number agree, and ``verified_by`` comes
with ``verified_on``.
"""

import contextlib
import datetime
import functools
import re

import strictyaml as sy

from guidelib import Problem, ProblemsError, read_data_file, relative
from guidelib.kept import on_disk

from .model import Directory, Helpline, Number, Region, phone_problem

SEE_HEADER = "the comment at the top of the file shows how each field is written"


class HelplineDataError(ProblemsError):
    """The helpline data file cannot be used; ``problems`` lists every reason."""


class Checked(sy.ScalarValidator):
    """A scalar that ``parse`` turns into its value, or whose error shows ``example``.

    ``parse`` returns the value or raises ValueError saying what is wrong;
    with ``optional``, an empty value or ``null`` is None.
    """

    def __init__(self, parse, example, optional=False):
        self._parse, self._example, self._optional = parse, example, optional

    @property
    def rule_description(self):
        """How strictyaml names what it expected, when it finds a list or a mapping instead."""
        return f"one value, written as '{self._example}'"

    def validate_scalar(self, chunk):
        text = chunk.contents
        if self._optional and text in ("", "null"):
            return None
        try:
            return self._parse(text)
        except ValueError as error:
            field = self._example.partition(":")[0]
            chunk.expecting_but_found(
                f"{field} {text!r} is not {error}", f"write it as '{self._example}'"
            )


def matching(regex, wanted):
    def parse(text):
        if re.fullmatch(regex, text):
            return text
        raise ValueError(wanted)

    return parse


def parse_date(text):
    """A date written YYYY-MM-DD, and nothing else."""
    try:
        return datetime.date.fromisoformat(matching(r"\d{4}-\d\d-\d\d", "")(text))
    except ValueError:
        raise ValueError("a date written YYYY-MM-DD") from None


CODE_PATTERN = r"[A-Z]{2}|INT"
TEXT = matching(r"\S.*", "non-empty text")
HTTPS = matching(r"https://[\w.-]+\.[a-z]{2,}(/[^\s<>\"']*)?", "an https URL")
NUMBER = {
    "local": Checked(TEXT, 'local: "0477 13 11 14"'),
    "international": Checked(str, 'international: "+61 477 131 114"', optional=True),
}
REGION = sy.Map({
    "code": Checked(matching(CODE_PATTERN, "a two-letter ISO 3166 code or INT"), "code: GB"),
    "name": Checked(TEXT, "name: United Kingdom"),
    "emergency": sy.Seq(Checked(matching(r"\d{2,4}", "2 to 4 digits"), 'emergency: ["999"]')),
})  # fmt: skip
HELPLINE = sy.Map({
    "region": Checked(TEXT, "region: GB"),
    "service": Checked(TEXT, "service: Samaritans"),
    "website": Checked(HTTPS, "website: https://www.samaritans.org/"),
    "phone": sy.Seq(sy.Map(NUMBER)),
    "text": sy.Seq(sy.Map({**NUMBER, sy.Optional("message"): Checked(
        matching(r"\S+", "one word"), "message: SHOUT")})),
    "chat": Checked(HTTPS, "chat: https://988lifeline.org/  (or chat: null)", optional=True),
    sy.Optional("hours"): Checked(TEXT, "hours: 24 hours a day, every day"),
    sy.Optional("languages"): sy.Seq(Checked(TEXT, "languages: [English, French]")),
    sy.Optional("notes"): Checked(TEXT, "notes: Free to call."),
    "source": Checked(HTTPS, "source: https://988lifeline.org/"),
    "as_of": Checked(parse_date, "as_of: 2026-11-01"),
    sy.Optional("verified_by"): Checked(
        matching(r"[\w.-]+", "an id"), "verified_by: an id from editorial.yaml", optional=True),
    sy.Optional("verified_on"): Checked(parse_date, "verified_on: 2026-11-22", optional=True),
})  # fmt: skip
FILE = sy.Map({"regions": sy.Seq(sy.Any()), "helplines": sy.Seq(sy.Any())})


def load_directory(path):
    """Read and check the data file; raise HelplineDataError listing every problem."""
    text = read_data_file(
        path,
        "the helpline data",
        "create the file, or point CRISIS_HELP_DATA at it (relative to PATH)",
        HelplineDataError,
    )
    return parse_directory(text, relative(path))


# A pure function of the file's text, whose result is immutable: a live
# preview rebuilding in the same process reads an unchanged file only once,
# and a build reads what an earlier build made of the same text
# (guidelib.kept), skipping strictyaml.
@functools.lru_cache(maxsize=8)
@on_disk
def parse_directory(text, path):
    """Check the YAML ``text`` of the data file at ``path``; return a Directory."""
    try:
        document = sy.dirty_load(text, FILE, label=path, allow_flow_style=True)
    except sy.YAMLValidationError as error:
        hint = "the file holds two lists, 'regions:' and 'helplines:'"
        raise HelplineDataError([_problem(path, "", error, hint)]) from None
    except sy.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        message = f"not valid YAML: {getattr(error, 'problem', error)}"
        hint = "correct the YAML at or just before this line"
        raise HelplineDataError(
            [Problem(path, message, line=mark and mark.line + 1, hint=hint)]
        ) from None
    problems = []
    regions = [
        Region(data["code"], data["name"], tuple(map(Number, data["emergency"])), line)
        for data, _, line, _ in _valid(document["regions"], REGION, path, problems)
    ]
    # Every region's code, even of a region with other problems, so that its
    # helplines are not also reported as being in an unknown region. A code
    # that is refused above (missing, malformed, not a code) may be the one
    # some helplines name: they are then not reported as well, one root
    # cause giving one error, and are checked again once every code reads.
    codes = [
        entry.data["code"]
        for entry in document["regions"]
        if isinstance(entry.data, dict)
        and isinstance(entry.data.get("code"), str)
        and re.fullmatch(CODE_PATTERN, entry.data["code"])
    ]
    every_code_reads = len(codes) == len(document["regions"])
    helplines = []
    for data, marked, line, name in _valid(document["helplines"], HELPLINE, path, problems):

        def problem(line, message, hint, name=name):
            problems.append(Problem(path, f"{name}: {message}", line=line, hint=hint))

        if data["region"] not in codes and every_code_reads:
            known = ", ".join(dict.fromkeys(codes))
            hint = f"use one of {known}, or add the region under 'regions:'"
            problem(marked.lc.key("region")[0] + 1, f"unknown region {data['region']!r}", hint)
        numbers = {kind: tuple(Number(**item) for item in data[kind]) for kind in ("phone", "text")}
        for kind, found in numbers.items():
            for index, number in enumerate(found):
                wrong = phone_problem(number.local, number.international)
                if wrong:
                    where = marked[kind].lc.item(index)[0] + 1
                    hint = "copy the number from the service's own page"
                    problem(where, f"{kind} number {number.local!r}: {wrong}", hint)
        by, on = data.get("verified_by"), data.get("verified_on")
        if (by is None) != (on is None):
            given, empty = ("verified_by", "verified_on") if by else ("verified_on", "verified_by")
            hint = "set both once a named person has confirmed the entry, else leave both empty"
            problem(marked.lc.key(given)[0] + 1, f"{given} is set but {empty} is empty", hint)
        extra = {"languages": tuple(data.get("languages", ())), "line": line}
        if by is not None:
            extra["verified_line"] = marked.lc.key("verified_by")[0] + 1
        helplines.append(Helpline(**{**data, **numbers, **extra}))
    problems += _duplicates(path, [(r, r.code, f"region {r.code}") for r in regions])
    problems += _duplicates(path, [
        (h, (h.region, h.service.casefold()), f"helpline {h.service!r} ({h.region})")
        for h in helplines
    ])  # fmt: skip
    if problems:
        raise HelplineDataError(sorted(problems, key=lambda problem: problem.line or 0))
    return Directory(path, tuple(regions), tuple(helplines))


def _valid(entries, schema, path, problems):
    """(data, marked-up node, line, name) of each entry that fits ``schema``; else a problem."""
    valid = []
    for index, entry in enumerate(entries, start=1):
        raw = entry.data if isinstance(entry.data, dict) else {}
        if schema is REGION:
            code = raw.get("code")
            name = f"region {code if isinstance(code, str) else index}"
        else:
            name = f"helpline {raw.get('service', index)!r} ({raw.get('region')})"
        try:
            entry.revalidate(schema)
        except sy.YAMLValidationError as error:
            problems.append(_problem(path, name, error))
        else:
            marked = entry.as_marked_up()
            valid.append((entry.data, marked, marked.lc.line + 1, name))
    return valid


def _problem(path, name, error, hint=""):
    """A Problem for strictyaml's ``error`` in the entry called ``name``."""
    # strictyaml's own line numbers (error marks, start_line) count the lines of
    # a re-dumped copy of the file, which drift from it; the parser's positions,
    # reached through the failing chunk's place in the document, do not.
    chunk = error._chunk
    document, pointer = chunk.whole_document, chunk.pointer
    line, field = 1, ""
    with contextlib.suppress(IndexError):  # the document itself has no place in a parent
        parent = pointer.parent().get(document)
        if pointer.is_index():
            line = parent.lc.item(pointer.last_index)[0] + 1
        else:
            line, field = parent.lc.key(pointer.last_regularkey)[0] + 1, pointer.last_regularkey
    message, found = error.context, error.problem
    if found.startswith("write it as"):  # from Checked
        hint = found
    else:  # strictyaml's own words, about the shape of the entry
        message = ", ".join(filter(None, (message, found))).removeprefix("when ")
        message = message.replace("while parsing a mapping, required key(s)", "missing field(s)")
        message = message.replace(
            "while parsing a mapping, unexpected key not in schema", "unknown field"
        )
        message = message.removesuffix(" not found")
        if field and not message.startswith("unknown"):
            message = f"{field}: {message}"
        hint = (
            hint
            or ("remove it, or correct its name; " if "unknown" in message else "") + SEE_HEADER
        )
    return Problem(path, f"{name}: {message}" if name else message, line=line, hint=hint)


def _duplicates(path, items):
    """A problem for each of the (item, key, name) ``items`` whose key came before."""
    first, problems = {}, []
    for item, key, name in items:
        if key in first:
            message = f"{name} is listed twice (first at line {first[key]})"
            problems.append(Problem(path, message, line=item.line, hint="keep one entry"))
        first.setdefault(key, item.line)
    return problems
