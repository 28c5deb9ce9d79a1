"""The benchmark's report: medians, ratios and budgets, read off measurements by id."""

import pytest

from sitebuild.bench.report import (
    Measurement,
    budget_table,
    budgets,
    by_id,
    command_list,
    measurement_table,
    paired_ratio,
)


def row(key, *values, unit="s"):
    return Measurement(key, f"label of {key}", values, unit)


# Every budget met, with three rounds each.
MET = [
    row("build.cloned.ours", 12.0, 13.0, 12.5),
    row("build.cloned.bare", 10.0, 10.0, 10.0),
    row("check.cloned.ours", 2.0, 2.0, 2.0),
    row("check.cloned.linkchecker", 30.0, 20.0, 25.0),
    row("check.synthetic.ours", 1.5, 1.5, 1.5),
    row("check.synthetic.linkchecker", 22.5, 22.5, 22.5),
    row("preview.edit", 0.4, 0.5, 0.45),
    row("preview.save", 0.3, 0.35, 0.4),
    row("build.synthetic.ours", 9.0, 9.0, 9.0),
    row("build.synthetic.bare", 6.0, 6.0, 6.0),
    row("check.synthetic.linkchecker-bare", 18.0, 18.0, 18.0),
    row("scale.build.250", 2.5, 2.5, 2.5),
    row("scale.build.500", 5.0, 5.0, 5.0),
    row("scale.build.2000", 22.0, 22.0, 22.0),
]


def test_a_measurement_has_its_median_and_half_its_range():
    measured = row("x", 3.0, 1.0, 2.0, 10.0)
    assert measured.median == 2.5
    assert measured.spread == 4.5
    assert row("y", 7.0).spread == 0


def test_rows_are_looked_up_by_id_and_an_id_is_used_once():
    rows = by_id(MET)
    assert rows["preview.edit"].values == (0.4, 0.5, 0.45)
    with pytest.raises(ValueError, match="'preview.edit' is used twice"):
        by_id([*MET, row("preview.edit", 1.0)])


def test_a_ratio_is_the_median_of_each_rounds_own_ratio():
    # Round by round: 2.0, 1.0, 3.0; the ratio of the medians would be 1.5.
    ours, theirs = row("a", 4.0, 3.0, 3.0), row("b", 2.0, 3.0, 1.0)
    assert paired_ratio(ours, theirs) == 2.0
    with pytest.raises(ValueError):
        paired_ratio(ours, row("c", 1.0))


def test_every_budget_met():
    found = budgets(by_id(MET))
    assert [(b.measured, b.met) for b in found] == [
        ("1.25 x (12.50 s vs 10.00 s)", True),
        ("12.5 x faster (2.00 s vs 25.00 s)", True),
        ("15.0 x faster (1.50 s vs 22.50 s)", True),
        ("0.45 s", True),
        ("0.35 s", True),
        ("10.50 s vs 24.00 s", True),
        ("1.10 x (11.0 ms an article at N = 2000, 10.0 ms at N = 250)", True),
    ]


def test_budgets_not_met_are_reported_with_their_numbers():
    rows = by_id(MET)
    slower = {
        "build.cloned.ours": row("build.cloned.ours", 13.5, 13.5, 13.5),
        "check.cloned.linkchecker": row("check.cloned.linkchecker", 19.0, 19.0, 19.0),
        "preview.edit": row("preview.edit", 0.51, 0.6, 0.55),
        "preview.save": row("preview.save", 1.0, 1.1, 0.9),
        "check.synthetic.linkchecker-bare": row("check.synthetic.linkchecker-bare", 3, 3, 3),
        "scale.build.2000": row("scale.build.2000", 25.0, 25.0, 25.0),
    }
    found = budgets({**rows, **slower})
    assert [(b.measured, b.met) for b in found] == [
        ("1.35 x (13.50 s vs 10.00 s)", False),
        ("9.5 x faster (2.00 s vs 19.00 s)", False),
        ("15.0 x faster (1.50 s vs 22.50 s)", True),
        ("0.55 s", False),
        ("1.00 s", False),
        ("10.50 s vs 9.00 s", False),
        ("1.25 x (12.5 ms an article at N = 2000, 10.0 ms at N = 250)", False),
    ]


def test_a_budget_without_its_measurements_is_not_measured_never_met():
    rows = by_id([row("build.cloned.ours", 1.0), row("scale.build.250", 2.5)])
    found = budgets(rows)
    assert all(b.met is None and b.measured == "not measured" for b in found)
    assert budget_table(found).splitlines()[2].endswith("| not measured | not measured |")


def test_the_tables_show_ids_units_and_commands():
    table = budget_table(budgets(by_id(MET))).splitlines()
    assert table[2] == (
        "| cloned corpus: invoke build at most 1.3 x bare Pelican "
        "| 1.25 x (12.50 s vs 10.00 s) | yes |"
    )
    weight = Measurement("weight.synthetic.largest", "largest page", (150.0,), "KiB")
    measured = Measurement("preview.edit", "edit", (0.5, 0.4, 0.6), "s", "python -m x")
    lines = measurement_table([weight, measured]).splitlines()
    assert lines[2:] == [
        "| `weight.synthetic.largest` | largest page | 150.00 KiB | 0.00 | 1 |",
        "| `preview.edit` | edit | 0.50 s | 0.10 | 3 |",
    ]
    assert command_list([weight, measured]) == "- `preview.edit`: `python -m x`"
