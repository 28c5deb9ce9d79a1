"""The helplines as the plugin and the templates use them, once the data file is read.

Phone numbers follow a rule of our own: ``local`` is 3 to 15 digits in groups
separated by single spaces or hyphens; ``international`` is E.164 as people
write it (``+``, then 3 to 15 digits in groups, the first not 0), and the
local digits less a trunk 0 end it. A number without an international form
must be a national short code of up to 6 digits (988, 116 123), which
``tel:`` links dial as written. A library such as ``phonenumbers`` knows
every numbering plan, but its metadata must be kept current and it would
still need the short-code rule; for a handful of entries checked by hand,
the rule catches what typing gets wrong.
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

# The region for readers anywhere else (see the data file's header).
ANYWHERE = "INT"

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Number:
    local: str
    international: str | None = None
    message: str | None = None  # the word to text, when the service asks for one

    @property
    def dial(self):
        """The digits a phone dials: E.164 when there is one, else the short code."""
        return "+" + re.sub(r"\D", "", self.international) if self.international else (
            re.sub(r"\D", "", self.local))  # fmt: skip

    @property
    def tel_href(self):
        return f"tel:{self.dial}"

    @property
    def sms_href(self):
        return f"sms:{self.dial}" + (f"?body={quote(self.message)}" if self.message else "")


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
    source: str
    as_of: datetime.date
    hours: str | None = None
    languages: tuple = ()
    notes: str | None = None
    verified_by: str | None = None
    verified_on: datetime.date | None = None
    line: int = 0
    verified_line: int = 0  # the line of verified_by, when it is set

    @property
    def as_of_text(self):
        return f"{MONTHS[self.as_of.month - 1]} {self.as_of.year}"

    @property
    def verified_text(self):
        day = self.verified_on
        return day and f"{day.day} {MONTHS[day.month - 1]} {day.year}"

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

    def grouped(self, codes=None):
        """(region, helplines) pairs, in the order of ``codes`` or of the file."""
        regions = {region.code: region for region in self.regions}
        return [(regions[code], [line for line in self.helplines if line.region == code])
                for code in codes or self.codes]  # fmt: skip

    def emergency_numbers(self, codes):
        """(region name, emergency numbers) of the regions ``codes``, in order.

        A region with none of its own ("anywhere else") comes with an empty
        tuple: the card then tells the reader to call their local number.
        """
        return [(region.name, tuple(number.local for number in region.emergency))
                for region, _ in self.grouped(codes)]  # fmt: skip


def put_first(codes, first):
    """``codes`` with ``first`` moved to the front (added there if it is not among them)."""
    codes = list(codes)
    return codes if first is None else [first, *(code for code in codes if code != first)]


def phone_problem(local, international):
    """Return what is wrong with a number written as ``local``/``international``, or None."""
    digits = sum(c.isdigit() for c in local)
    if not (re.fullmatch(r"\d+(?:[ -]\d+)*", local) and 3 <= digits <= 15):
        return 'the local form must be 3 to 15 digits in groups, such as "0477 13 11 14"'
    if international is None:
        return (
            None
            if digits <= 6
            else (
                "a full number needs its international form, such as international: "
                '"+61 477 131 114"; only short codes of up to 6 digits may leave it null'
            )
        )
    full = re.sub(r"\D", "", international)
    if not (re.fullmatch(r"\+[1-9]\d*(?: \d+)*", international) and 3 <= len(full) <= 15):
        return (
            f"international form {international!r} is not E.164: '+', the country code "
            'and the number, 3 to 15 digits in all, such as "+61 477 131 114"'
        )
    if not full.endswith(re.sub(r"\D", "", local).removeprefix("0")):
        return f"local and international forms ({international}) are not the same number"
    return None


def _host(url):
    """A URL as readers would type it: no scheme, no www., no trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc.removeprefix("www.") + parts.path).rstrip("/")
