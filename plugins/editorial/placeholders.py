"""Placeholders left in the content and its data: TODO, lorem ipsum, example addresses.

A placeholder is a promise that somebody will come back, and a reader must
never meet it. The build looks for the patterns in EDITORIAL_PLACEHOLDERS
(regular expressions; TODO, TBD and XXX in capitals only, so that "a to-do
list" is prose, the rest in any case; defaults below) in every text file
under the content folder and records each one it finds as a warning with
its file and line: `invoke check` lists them, and `invoke publish` refuses
to publish while any is left. SITEURL is a setting, not content, so it is
never looked at.

Each line is searched as it is: a placeholder inside a code span still is one.

A live preview rebuilds in the same process on every save, so the findings
of each file are kept with the text and patterns they came from, and only a
file whose text changed is searched again.
"""

import os
import re

from guidelib import WARNING, Problem

DEFAULT_PATTERNS = (
    r"\bTODO\b",
    r"\bTBD\b",
    r"\bXXX\b",
    r"(?i)\blorem ipsum\b",
    r"(?i)\bexample\.(?:com|org|net)\b",
)
TEXT_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown", ".yaml", ".yml", ".bib", ".html", ".txt")


def compile_patterns(patterns):
    return [re.compile(pattern) for pattern in patterns]


def text_files(folder):
    """The content folder's text files, sorted."""
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(TEXT_SUFFIXES):
                yield os.path.join(root, name)


def placeholders_in(path, text, patterns):
    """A warning for each line of ``text`` (from ``path``) that holds a placeholder."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern in patterns:
            match = pattern.search(line)
            if match:
                found.append(
                    Problem(
                        path,
                        f"placeholder {match.group(0)!r} left in the content",
                        WARNING,
                        number,
                        hint="write what belongs here; `invoke publish` refuses placeholders",
                    )
                )
                break
    return found


# path -> (text, patterns, findings) of the last scan in this process.
_last_scan = {}


def scan(folder, patterns):
    """Every placeholder in the text files under ``folder``."""
    found, kept, patterns = [], {}, tuple(patterns)
    for path in text_files(folder):
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError):
            continue  # the plugin that reads the file reports it
        before = _last_scan.get(path)
        if before is not None and before[0] == text and before[1] == patterns:
            findings = before[2]
        else:
            findings = placeholders_in(path, text, patterns)
        kept[path] = (text, patterns, findings)
        found.extend(findings)
    _last_scan.clear()
    _last_scan.update(kept)
    return found
