"""One problem type behind every message the build and the check print.

A ``Problem`` says where (one relative ``path`` and, when known, a ``line``),
what is wrong, how bad it is and how to fix it. Plugins log problems
(``problem.log(logger)``) or raise ``ProblemsError``; the build runner
(sitebuild.build) and ``invoke check`` print them the same way:
``path:line: message. Hint.``
"""

import functools
import logging
import os
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


# The folder of the site being built (its settings file's), set by the build
# runner: a site built from outside the working folder still gets short paths.
_site = {"folder": None}


def set_site_folder(folder):
    _site["folder"] = None if folder is None else os.path.abspath(folder)


def relative(path):
    """``path`` as messages show it: relative to the working folder, or else to the site's.

    A path outside both stays absolute rather than climbing with "../". For
    showing only: a path relative to the site's folder cannot be opened from
    the working folder, so files are opened by their full path.
    """
    path = str(path)
    if not os.path.isabs(path):
        return path
    return _relative(path, os.getcwd(), _site["folder"])


# A build shows the same few thousand paths many times over; relpath is slow.
@functools.lru_cache(maxsize=65536)
def _relative(path, *bases):
    for base in bases:
        if base:
            shown = os.path.relpath(path, base)
            if not shown.startswith(".."):
                return shown
    return path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, the settings or the built site.

    ``path`` is relative: to the working folder for sources and settings, to
    the output for built pages. ``line`` is where the problem can be seen in
    that file, when known.
    """

    path: str
    message: str
    severity: str = ERROR
    line: int | None = None
    hint: str = ""

    @property
    def location(self):
        path = relative(self.path)
        return path if self.line is None else f"{path}:{self.line}"

    def __str__(self):
        text = f"{self.location}: {self.message}" if self.path else self.message
        hint = self.hint.strip()
        if hint:
            text = text.rstrip(".") + ". " + hint[0].upper() + hint[1:]
            text += "" if hint.endswith((".", "?", "!")) else "."
        return text

    def log(self, logger):
        """Log it at its severity; the strict build fails on either."""
        level = logging.ERROR if self.severity == ERROR else logging.WARNING
        logger.log(level, "%s", self, extra={"problem": self})

    def as_dict(self):
        # Not dataclasses.asdict, which deep-copies: a build records thousands.
        return {
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
            "line": self.line,
            "hint": self.hint,
        }


class ProblemsError(Exception):
    """Raised with every problem found, when the work cannot go on."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(map(str, self.problems)))


def _plural(count, word):
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def sort_key(problem):
    # Problems in one file stay together and in the order they appear.
    return (problem.path, problem.line or 0, problem.message)


def format_report(problems, pages, seconds):
    """Return the report as text: errors, then warnings, then a summary line."""
    errors = sorted((p for p in problems if p.severity == ERROR), key=sort_key)
    warnings = sorted((p for p in problems if p.severity == WARNING), key=sort_key)
    lines = []
    for title, group in (("errors", errors), ("warnings", warnings)):
        if group:
            lines.append(f"{title} ({len(group)})")
            lines.extend(f"  {problem}" for problem in group)
    lines.append(
        f"{_plural(len(errors), 'error')}, {_plural(len(warnings), 'warning')} "
        f"in {_plural(pages, 'page')} ({seconds:.2f} s)"
    )
    return "\n".join(lines)


def exit_status(problems, strict=False):
    """Return 1 if the problems should fail the check, else 0."""
    failing = {ERROR, WARNING} if strict else {ERROR}
    return int(any(problem.severity in failing for problem in problems))
