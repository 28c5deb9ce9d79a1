"""Problems found in a built site, and the report that lists them."""

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the built site.

    ``path`` is relative to the output directory (or, for problems that come
    from a warning source, whatever file that source names). ``line`` is the
    line of the output file where the problem can be seen, when known.
    """

    path: str
    message: str
    severity: str = ERROR
    line: int | None = None

    @property
    def location(self):
        return self.path if self.line is None else f"{self.path}:{self.line}"

    def __str__(self):
        return f"{self.location}: {self.message}"


def _plural(count, word):
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def sort_key(problem):
    # Problems on one page stay together and in the order they appear.
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
