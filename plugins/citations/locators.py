"""Pandoc's locators: "p. 33", "chaps. 2-3", "§ 4", told apart from the rest of a suffix.

Pandoc reads the text after a citation key as an optional comma, a locator
and a suffix (the manual's "Citation syntax" section). The locator is a CSL
locator term, long, short or symbol form, singular or plural, in any case,
followed by locator words that hold a digit or are a Roman numeral ("p. 33",
"chapter IV", "pp. 33-35, 38-39"); with no term, "page" is assumed and every
word must hold a digit ("33"). "{...}" forces what it holds to be the
locator ("{pp. iv, vi-xi}"), and "{}" says there is none.

The terms are read from the CSL locale file that citeproc-py bundles, as
Pandoc reads them from its locale; the list of terms is Pandoc's own
(Text.Pandoc.Citeproc.Locator). Hand-written because no Python library
parses Pandoc's citation syntax.
"""

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CSL = "{http://purl.org/net/xbiblio/csl}"

LOCATOR_TERMS = frozenset(
    {
        "book",
        "chapter",
        "column",
        "figure",
        "folio",
        "issue",
        "line",
        "note",
        "opus",
        "page",
        "paragraph",
        "part",
        "section",
        "sub-verbo",
        "verse",
        "volume",
    }
)
# Pandoc's manual lists "number"/"no." for issue: the en-US word for the
# term in the locale files it was written against. Newer files say "issue".
OLDER_FORMS = {"en-US": {"number": "issue", "numbers": "issue"}}

# One locator word: letters, digits, "-", en dash or ":" (a range, a
# volume:page), bracketed parts as in "34(1)", and single inner full stops
# as in "3.2". A comma or a space separates words. "*" is emphasis, which
# Pandoc drops from a locator ("p. **32**" is page 32).
CHUNK = r"(?:[^\W_]|[\-\u2013:*])+|\([^()\s]*\)"
WORD_RE = re.compile(rf"(?:{CHUNK})+(?:\.(?:{CHUNK})+)*")
NEXT_WORD_RE = re.compile(rf"(?:\s*,\s*|\s+)({WORD_RE.pattern})")
ROMAN_RE = re.compile(r"(?=[mdclxvi])m*(?:c[md]|d?c{0,3})(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})")
PLURAL_RE = re.compile(r"[-\u2013,&]|\sand\s")


@dataclass(frozen=True)
class Locator:
    """A locator as it is shown ("pp. 33-35") and the CSL term it names ("page")."""

    text: str
    term: str


@cache
def locale_terms(locale="en-US"):
    """(regex matching a written term at the start, {folded form: term}, page short forms)."""
    # Here, not at the top: the citation syntax is needed without citeproc
    # (by `invoke check`, for leftover marks), the locale files only when read.
    from citeproc import LOCALES_PATH

    path = Path(LOCALES_PATH) / f"locales-{locale}.xml"
    if not path.is_file():
        raise ValueError(f"{locale!r} is not a CSL locale bundled with citeproc-py")
    root = ElementTree.parse(path).getroot()
    forms = dict(OLDER_FORMS.get(locale, {}))
    page = ["p.", "pp."]
    for term in root.iter(f"{CSL}term"):
        name = term.get("name")
        if name not in LOCATOR_TERMS:
            continue
        written = [term.text or ""] + [child.text or "" for child in term]
        for text in (text.strip() for text in written):
            if text:
                forms[text.casefold()] = name
        if name == "page" and term.get("form") == "short":
            # <single> and <multiple>, or one text for both (bg-BG, uk-UA, zh-CN).
            shown = [(child.text or "").strip() for child in term]
            shown = shown or [(term.text or "").strip()] * 2
            page = shown if all(shown) else page
    # Longest first, so "pp." is tried before "p." and "paragraph" before "para.".
    # A term ending in a letter needs a space after it; "p.3" and "§3" do not.
    alternatives = "|".join(
        re.escape(form) + (r"\s+" if form[-1].isalpha() else r"\s*")
        for form in sorted(forms, key=len, reverse=True)
    )
    return re.compile(rf"(?:{alternatives})", re.IGNORECASE), forms, tuple(page)


def _counts(word, explicit):
    if any(char.isdigit() for char in word):
        return True
    return (
        explicit and (word.isupper() or word.islower()) and bool(ROMAN_RE.fullmatch(word.lower()))
    )


def _words(text, explicit):
    """End of the locator words at the start of text, or 0 if there are none."""
    match = WORD_RE.match(text)
    if not match or not _counts(match.group(0), explicit):
        return 0
    end = match.end()
    while (more := NEXT_WORD_RE.match(text, end)) and _counts(more.group(1), explicit):
        end = more.end()
    return end


def _locator(term_text, value, locale):
    pattern, forms, page = locale_terms(locale)
    value = " ".join(value.replace("*", "").split())
    if term_text is None:
        shown = page[1] if PLURAL_RE.search(value) and len(page) > 1 else page[0]
        return Locator(f"{shown} {value}", "page")
    term_text = " ".join(term_text.split())
    return Locator(f"{term_text} {value}", forms[term_text.casefold()])


def _braced(text):
    """Index of the "}" closing the "{" at text[0], or -1."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return index
    return -1


def split_locator(text, locale="en-US"):
    """(Locator or None, suffix) for the text that follows a citation key.

    >>> split_locator(", pp. 33-35 and passim")
    (Locator(text='pp. 33-35', term='page'), ' and passim')
    """
    pattern, _, _ = locale_terms(locale)
    start = re.match(r",?\s*", text).end()
    if text[start : start + 1] == "{":
        close = _braced(text[start:])
        if close > 0:
            inner = text[start + 1 : start + close].strip()
            rest = text[start + close + 1 :]
            if not inner:
                return None, rest
            term = pattern.match(inner)
            if term and inner[term.end() :].strip():
                return _locator(term.group(0), inner[term.end() :], locale), rest
            return _locator(None, inner, locale), rest
    term = pattern.match(text, start)
    if term:
        end = _words(text[term.end() :], explicit=True)
        if end:
            value = text[term.end() : term.end() + end]
            return _locator(term.group(0), value, locale), text[term.end() + end :]
    end = _words(text[start:], explicit=False)
    if end:
        return _locator(None, text[start : start + end], locale), text[start + end :]
    return None, text
