"""The helpline data file: reading it, checking it, and finding stale entries.

Phone numbers are checked by a simple rule of our own:

- ``international`` is E.164 as people write it: ``+``, then 3 to 15 digits,
  the first not 0, in groups separated by single spaces.
- ``local`` is 3 to 15 digits in groups separated by single spaces or hyphens.
- A number without an international form must be a national short code
  (3 to 6 digits, such as 988 or 116 123): those cannot be dialled from
  abroad, so ``tel:`` links use the local digits.
- When both forms are given they must be the same number: the local digits,
  less a leading trunk 0, end the international digits (in North America the
  local form may include the country code: 1-800-273-8255).
- Emergency numbers are 2 to 4 digits.

A library such as ``phonenumbers`` would know every country's numbering plan,
but it is one more dependency whose metadata must be kept current, and it
would still need the short-code rule above. The file holds a handful of
entries that people check by hand against each service's site; the rule
catches what typing gets wrong (a lost digit, a letter, a stray symbol, a
short code mistaken for a full number), and ``last_verified`` catches what
the world changes.
"""

import datetime
import re
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

import yaml

DEFAULT_MAX_AGE_DAYS = 365

REGION_FIELDS = ("code", "name", "emergency")
HELPLINE_FIELDS = (
    "region", "service", "website", "phone", "text", "chat",
    "hours", "languages", "source", "last_verified",
)
OPTIONAL_HELPLINE_FIELDS = ("notes",)

REGION_CODE = re.compile(r"[A-Z]{2}|INT")
INTERNATIONAL = re.compile(r"\+[1-9]\d*(?: \d+)*")
LOCAL = re.compile(r"\d+(?:[ -]\d+)*")
EMERGENCY = re.compile(r"\d{2,4}")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)

# How each field is written, for the fix in an error message.
EXAMPLES = {
    "code": "code: GB",
    "name": "name: United Kingdom",
    "emergency": 'emergency: ["999"]',
    "region": "region: GB",
    "service": "service: Samaritans",
    "website": "website: https://www.samaritans.org/",
    "phone": 'phone: [{local: "116 123", international: null}]  (or phone: [])',
    "text": 'text: [{local: "0477 13 11 14", international: "+61 477 131 114"}]  (or text: [])',
    "chat": "chat: https://988lifeline.org/chat/  (or chat: null)",
    "hours": "hours: 24 hours a day, every day",
    "languages": "languages: [English, French]",
    "source": "source: https://www.samaritans.org/",
    "last_verified": "last_verified: 2026-11-22",
    "notes": "notes: Free to call.",
}


def _timestamp_as_text(loader, node):
    return loader.construct_scalar(node)


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a date like 2026-13-01 is
    reported by the checks with its entry and line instead of crashing YAML."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


class HelplineDataError(ValueError):
    """The helpline data file cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Number:
    local: str
    international: str | None = None

    @property
    def dial(self):
        """The digits a phone dials: E.164 when there is one, else the short code."""
        if self.international:
            return "+" + re.sub(r"\D", "", self.international)
        return re.sub(r"\D", "", self.local)

    @property
    def tel_href(self):
        return f"tel:{self.dial}"

    @property
    def sms_href(self):
        return f"sms:{self.dial}"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    emergency: tuple
    line: int = 0


@dataclass(frozen=True)
class Helpline:
    region: str
    service: str
    website: str
    phone: tuple
    text: tuple
    chat: str | None
    hours: str
    languages: tuple
    source: str
    last_verified: datetime.date
    notes: str | None = None
    line: int = 0

    @property
    def verified_text(self):
        day = self.last_verified
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"

    @property
    def source_host(self):
        return _host(self.source)

    @property
    def website_host(self):
        return _host(self.website)


@dataclass(frozen=True)
class Directory:
    path: str
    regions: tuple
    helplines: tuple

    @property
    def codes(self):
        return [region.code for region in self.regions]

    def region(self, code):
        return next(region for region in self.regions if region.code == code)

    def helplines_in(self, code):
        return [line for line in self.helplines if line.region == code]

    def grouped(self, codes=None):
        """(region, helplines) pairs, in the order of ``codes`` or of the file."""
        return [(self.region(code), self.helplines_in(code)) for code in (codes or self.codes)]


def load_directory(path):
    """Read and check the data file; raise HelplineDataError listing every problem."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        raise HelplineDataError([
            f"{path}: cannot read the helpline data ({error.strerror}). Create it, or "
            "point CRISIS_HELP_DATA at it (relative to PATH)."
        ]) from None
    return parse_directory(text, str(path))


def parse_directory(text, path):
    """Check the YAML ``text`` of the data file at ``path``; return a Directory."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
        lines = _key_lines(yaml.compose(text, Loader=_Loader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        raise HelplineDataError([f"{where}: not valid YAML ({error}). Fix the syntax."]) from None

    if not isinstance(data, dict) or not {"regions", "helplines"} <= set(data):
        raise HelplineDataError([
            f"{path}:1: the file must have two lists, 'regions:' and 'helplines:'. "
            "See the comment at the top of content/data/helplines.yaml."
        ])
    problems = [
        f"{path}:1: unknown top-level key {key!r}. Only 'regions' and 'helplines' are allowed."
        for key in data if key not in ("regions", "helplines")
    ]
    regions = _check_list(data["regions"], lines.get("regions", []), path, "regions",
                          _check_region, problems)
    seen = {}
    for region in regions:
        if region.code in seen:
            problems.append(
                f"{path}:{region.line}: region {region.code} is listed twice (first at line "
                f"{seen[region.code]}). Keep one entry per region."
            )
        seen.setdefault(region.code, region.line)

    # Every declared code, even of a region with other problems, so that its
    # helplines are not also reported as being in an unknown region.
    codes = list(dict.fromkeys(
        entry["code"] for entry in data["regions"] or []
        if isinstance(entry, dict) and isinstance(entry.get("code"), str)
    )) if isinstance(data["regions"], list) else []
    helplines = _check_list(data["helplines"], lines.get("helplines", []), path, "helplines",
                            partial(_check_helpline, codes=codes), problems)
    seen = {}
    for line in helplines:
        key = (line.region, line.service.casefold())
        if key in seen:
            problems.append(
                f"{path}:{line.line}: helpline {line.service!r} ({line.region}) is a duplicate of "
                f"the entry at line {seen[key]}. Merge the two entries into one."
            )
        seen.setdefault(key, line.line)
    if problems:
        raise HelplineDataError(problems)
    return Directory(path, tuple(regions), tuple(helplines))


def stale_entries(path, today, max_age_days=DEFAULT_MAX_AGE_DAYS):
    """Return (path, message) warnings for entries not verified in the ``max_age_days``
    before ``today`` (or dated after it)."""
    return stale_warnings(load_directory(path), today, max_age_days)


def stale_warnings(directory, today, max_age_days=DEFAULT_MAX_AGE_DAYS):
    warnings = []
    for line in directory.helplines:
        age = (today - line.last_verified).days
        name = f"line {line.line}: {line.service} ({line.region})"
        if age > max_age_days:
            warnings.append((directory.path, (
                f"{name} was last verified on {line.last_verified.isoformat()}, {age} days ago "
                f"(the limit is {max_age_days}). Check every number against {line.source}, "
                "then update last_verified."
            )))
        elif age < 0:
            warnings.append((directory.path, (
                f"{name} has last_verified {line.last_verified.isoformat()}, which is in the "
                "future. Write the date the details were actually checked."
            )))
    return warnings


# --- checks -----------------------------------------------------------------


def _key_lines(root):
    """Map 'regions'/'helplines' to a list, per entry, of {key: line, '': entry line}."""
    found = {}
    if not isinstance(root, yaml.MappingNode):
        return found
    for key, value in root.value:
        if isinstance(value, yaml.SequenceNode):
            entries = []
            for item in value.value:
                lines = {"": item.start_mark.line + 1}
                if isinstance(item, yaml.MappingNode):
                    lines.update({k.value: k.start_mark.line + 1 for k, _ in item.value})
                entries.append(lines)
            found[key.value] = entries
    return found


def _check_list(entries, lines, path, kind, check, problems):
    if not isinstance(entries, list):
        problems.append(
            f"{path}:1: '{kind}:' must be a list of entries, one per line starting '- '.")
        return []
    checked = []
    for index, entry in enumerate(entries):
        entry_lines = lines[index] if index < len(lines) else {"": 1}
        name = _entry_name(kind, index, entry)
        if not isinstance(entry, dict):
            problems.append(
                f"{path}:{entry_lines['']}: {name} must be a mapping of 'key: value' lines.")
            continue
        found = check(entry)
        for key, message in found:
            line = entry_lines.get(key, entry_lines[""])
            problems.append(f"{path}:{line}: {name}: {message}")
        if not found:
            checked.append(_build(kind, entry, entry_lines[""]))
    return checked


def _entry_name(kind, index, entry):
    if kind == "regions":
        code = entry.get("code") if isinstance(entry, dict) else None
        return f"region {code}" if isinstance(code, str) else f"region {index + 1}"
    if isinstance(entry, dict) and isinstance(entry.get("service"), str):
        return f"helpline {entry['service']!r} ({entry.get('region')})"
    return f"helpline {index + 1}"


def _fields(entry, required, optional=()):
    problems = [
        (None, f"missing field {name!r}. Add a line such as '{EXAMPLES[name]}'.")
        for name in required if name not in entry
    ]
    allowed = set(required) | set(optional)
    problems += [
        (key, f"unknown field {key!r}. The fields are: {', '.join(required + optional)}.")
        for key in entry if key not in allowed
    ]
    return problems


def _check_region(entry):
    problems = _fields(entry, REGION_FIELDS)
    code = entry.get("code")
    if "code" in entry and not (isinstance(code, str) and REGION_CODE.fullmatch(code)):
        problems.append(("code", f"code {code!r} is not a two-letter ISO 3166 code or INT. "
                                 f"Write it as '{EXAMPLES['code']}'."))
    if "name" in entry:
        problems += _check_text(entry, "name")
    emergency = entry.get("emergency")
    if "emergency" in entry:
        if not isinstance(emergency, list):
            problems.append(("emergency", f"emergency must be a list. Write it as "
                                          f"'{EXAMPLES['emergency']}'."))
        else:
            for number in emergency:
                if not (isinstance(number, str) and EMERGENCY.fullmatch(number)):
                    problems.append(("emergency", f"emergency number {number!r} is not 2 to 4 "
                                                  "digits in quotes, such as \"999\"."))
    return problems


def _check_helpline(entry, codes):
    problems = _fields(entry, HELPLINE_FIELDS, OPTIONAL_HELPLINE_FIELDS)
    if "region" in entry and entry["region"] not in codes:
        problems.append(("region", f"unknown region {entry['region']!r}. Use one of "
                                   f"{', '.join(codes)}, or add the region under 'regions:'."))
    for key in ("service", "hours"):
        if key in entry:
            problems += _check_text(entry, key)
    if "notes" in entry:
        problems += _check_text(entry, "notes")
    for key in ("website", "source", "chat"):
        if key in entry and not (key == "chat" and entry[key] is None):
            problems += _check_url(entry, key)
    for key in ("phone", "text"):
        if key in entry:
            problems += _check_numbers(entry, key)
    if "languages" in entry:
        languages = entry["languages"]
        if not (isinstance(languages, list) and languages
                and all(isinstance(item, str) and item.strip() for item in languages)):
            problems.append(("languages", "languages must be a non-empty list of names. Write it "
                                          f"as '{EXAMPLES['languages']}'."))
    if "last_verified" in entry and _as_date(entry["last_verified"]) is None:
        problems.append(("last_verified", f"last_verified {entry['last_verified']!r} is not a "
                                          f"date. Write it as '{EXAMPLES['last_verified']}'."))
    return problems


def _check_text(entry, key):
    value = entry[key]
    if isinstance(value, str) and value.strip():
        return []
    return [(key, f"{key} must be non-empty text. Write it as '{EXAMPLES[key]}'.")]


def _check_url(entry, key):
    value = entry[key]
    parts = urlsplit(value) if isinstance(value, str) else None
    if (parts and parts.scheme == "https" and "." in parts.netloc
            and not any(c.isspace() or c in "<>\"'" for c in value)):
        return []
    return [(key, f"{key} {value!r} is not a valid https URL. Write it as '{EXAMPLES[key]}'.")]


def _check_numbers(entry, key):
    numbers = entry[key]
    if not isinstance(numbers, list):
        return [(key, f"{key} must be a list of numbers. Write it as '{EXAMPLES[key]}'.")]
    problems = []
    for number in numbers:
        if not (isinstance(number, dict) and set(number) == {"local", "international"}):
            problems.append((key, f"each {key} number needs exactly 'local' and 'international'. "
                                  f"Write it as '{EXAMPLES[key]}'."))
            continue
        message = phone_problem(number["local"], number["international"])
        if message:
            problems.append((key, f"{key} number {number['local']!r}: {message}"))
    return problems


def phone_problem(local, international):
    """Return what is wrong with a number written as ``local``/``international``, or None."""
    if not isinstance(local, str):
        return "the local form must be text in quotes, such as local: \"116 123\"."
    if not (LOCAL.fullmatch(local) and 3 <= _count_digits(local) <= 15):
        return ("the local form must be 3 to 15 digits in groups separated by single spaces "
                "or hyphens, such as \"0477 13 11 14\".")
    if international is None:
        if _count_digits(local) > 6:
            return ("a full number needs its international form, such as "
                    "international: \"+61 477 131 114\"; only short codes of up to 6 digits "
                    "may leave it null.")
        return None
    if not (isinstance(international, str) and INTERNATIONAL.fullmatch(international)
            and 3 <= _count_digits(international) <= 15):
        return (f"international form {international!r} is not E.164: write '+', the country "
                "code and the number, 3 to 15 digits in all, such as \"+61 477 131 114\".")
    national = re.sub(r"\D", "", local).removeprefix("0")
    full = re.sub(r"\D", "", international)
    if not full.endswith(national):
        return (f"local and international forms ({international}) are not the same number. "
                "Copy both from the service's own site.")
    return None


def _host(url):
    """A URL as readers would type it: no scheme, no www., no trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc.removeprefix("www.") + parts.path).rstrip("/")


def _count_digits(text):
    return sum(character.isdigit() for character in text)


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _build(kind, entry, line):
    if kind == "regions":
        return Region(entry["code"], entry["name"].strip(),
                      tuple(Number(number) for number in entry["emergency"]), line)
    return Helpline(
        region=entry["region"],
        service=entry["service"].strip(),
        website=entry["website"],
        phone=tuple(Number(n["local"], n["international"]) for n in entry["phone"]),
        text=tuple(Number(n["local"], n["international"]) for n in entry["text"]),
        chat=entry["chat"],
        hours=entry["hours"].strip(),
        languages=tuple(item.strip() for item in entry["languages"]),
        source=entry["source"],
        last_verified=_as_date(entry["last_verified"]),
        notes=(entry.get("notes") or "").strip() or None,
        line=line,
    )
