"""The bench's report: measurements keyed by id, the budgets read off them, and the Markdown.

Everything here is arithmetic on numbers already measured, so it is tested
on made-up ones (tests/unit/test_bench_report.py). A budget whose
measurements are missing is reported as not measured, never as met.
"""

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    """Times (or another quantity) of one thing measured, ``runs`` times."""

    id: str
    label: str
    values: tuple
    unit: str = "s"
    command: str = ""  # how to run it, without machine paths

    @property
    def median(self):
        return statistics.median(self.values)

    @property
    def spread(self):
        """Half the range of the values."""
        return (max(self.values) - min(self.values)) / 2


def by_id(measurements):
    """id -> Measurement; an id measured twice is a mistake in the bench."""
    found = {}
    for measurement in measurements:
        if measurement.id in found:
            raise ValueError(f"measurement id {measurement.id!r} is used twice")
        found[measurement.id] = measurement
    return found


def paired_ratio(numerator, denominator):
    """Median of the rounds' own ratios: the commands took turns, so each round's pace cancels."""
    return statistics.median(
        a / b for a, b in zip(numerator.values, denominator.values, strict=True)
    )


@dataclass(frozen=True)
class Budget:
    name: str
    measured: str
    met: bool | None  # None: not measured


def _unmeasured(name):
    return Budget(name, "not measured", None)


def slower_at_most(rows, name, ours, theirs, limit):
    if ours not in rows or theirs not in rows:
        return _unmeasured(name)
    ratio = paired_ratio(rows[ours], rows[theirs])
    detail = f"{ratio:.2f} x ({rows[ours].median:.2f} s vs {rows[theirs].median:.2f} s)"
    return Budget(name, detail, ratio <= limit)


def faster_at_least(rows, name, ours, theirs, factor):
    if ours not in rows or theirs not in rows:
        return _unmeasured(name)
    ratio = paired_ratio(rows[theirs], rows[ours])
    detail = f"{ratio:.1f} x faster ({rows[ours].median:.2f} s vs {rows[theirs].median:.2f} s)"
    return Budget(name, detail, ratio >= factor)


def at_most(rows, name, key, limit):
    if key not in rows:
        return _unmeasured(name)
    return Budget(name, f"{rows[key].median:.2f} s", rows[key].median <= limit)


def sum_faster(rows, name, ours, theirs):
    if not all(key in rows for key in (*ours, *theirs)):
        return _unmeasured(name)
    mine = sum(rows[key].median for key in ours)
    other = sum(rows[key].median for key in theirs)
    return Budget(name, f"{mine:.2f} s vs {other:.2f} s", mine < other)


def linear(rows, name, prefix, limit):
    """Time per article at the largest N over that at the smallest, from ``prefix``N ids."""
    sizes = {
        int(key[len(prefix) :]): row.median for key, row in rows.items() if key.startswith(prefix)
    }
    if len(sizes) < 2:
        return _unmeasured(name)
    small, large = min(sizes), max(sizes)
    per_small, per_large = sizes[small] / small, sizes[large] / large
    detail = (
        f"{per_large / per_small:.2f} x ({per_large * 1000:.1f} ms an article at N = {large}, "
        f"{per_small * 1000:.1f} ms at N = {small})"
    )
    return Budget(name, detail, per_large / per_small <= limit)


def budgets(rows):
    """The speed budgets of issue 13, each met or not, from ``rows`` (id -> Measurement)."""
    return [
        slower_at_most(
            rows,
            "cloned corpus: invoke build at most 1.3 x bare Pelican",
            "build.cloned.ours",
            "build.cloned.bare",
            1.3,
        ),
        *(
            faster_at_least(
                rows,
                f"{corpus} corpus: invoke check at least 10 x faster than LinkChecker",
                f"check.{corpus}.ours",
                f"check.{corpus}.linkchecker",
                10,
            )
            for corpus in ("cloned", "synthetic")
        ),
        at_most(rows, "edit-to-preview of one chapter's text at most 0.5 s", "preview.edit", 0.5),
        at_most(
            rows,
            "save-to-browser of one chapter's text at most 0.5 s (watcher included)",
            "preview.save",
            0.5,
        ),
        sum_faster(
            rows,
            "synthetic corpus: build plus check faster than bare Pelican plus LinkChecker",
            ("build.synthetic.ours", "check.synthetic.ours"),
            ("build.synthetic.bare", "check.synthetic.linkchecker-bare"),
        ),
        linear(
            rows,
            "linear growth: time per article at the largest N / smallest at most 1.2",
            "scale.build.",
            1.2,
        ),
    ]


def budget_table(found):
    lines = ["| budget | measured | met |", "| --- | --- | --- |"]
    verdict = {True: "yes", False: "**no**", None: "not measured"}
    lines += [f"| {b.name} | {b.measured} | {verdict[b.met]} |" for b in found]
    return "\n".join(lines)


def measurement_table(measurements):
    lines = [
        "| id | measurement | median | spread (+/-) | runs |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for m in measurements:
        lines.append(
            f"| `{m.id}` | {m.label} | {m.median:.2f} {m.unit} | {m.spread:.2f} | {len(m.values)} |"
        )
    return "\n".join(lines)


def command_list(measurements):
    return "\n".join(f"- `{m.id}`: `{m.command}`" for m in measurements if m.command)
