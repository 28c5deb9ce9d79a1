"""The benchmark's budgets at their limits, their names, and the exact Markdown tables.

Made-up measurements, as in test_bench_report.py: each budget is met exactly
at its limit, a budget missing one of its rows keeps its name and is not
measured, and the tables are compared line by line.
"""

import pytest

from sitebuild.bench.report import (
    Budget,
    Measurement,
    at_most,
    budget_table,
    budgets,
    by_id,
    command_list,
    faster_at_least,
    linear,
    measurement_table,
    slower_at_most,
    sum_faster,
)

NAMES = [
    "cloned corpus: invoke build at most 1.3 x bare Pelican",
    "cloned corpus: invoke check at least 10 x faster than LinkChecker",
    "synthetic corpus: invoke check at least 10 x faster than LinkChecker",
    "edit-to-preview of one chapter's text at most 0.5 s",
    "save-to-browser of one chapter's text at most 0.5 s (watcher included)",
    "synthetic corpus: build plus check faster than bare Pelican plus LinkChecker",
    "linear growth: time per article at the largest N / smallest at most 1.2",
]


def row(key, *values, unit="s", command=""):
    return Measurement(key, f"label of {key}", values, unit, command)


def rows(*measurements):
    return by_id(measurements)


def test_every_budget_has_its_name_even_when_not_measured():
    assert [b.name for b in budgets({})] == NAMES


@pytest.mark.parametrize(
    "budget",
    [
        lambda r: slower_at_most(r, "b", "ours", "theirs", 1.3),
        lambda r: faster_at_least(r, "b", "ours", "theirs", 10),
        lambda r: sum_faster(r, "b", ("ours",), ("theirs",)),
    ],
    ids=["slower", "faster", "sum"],
)
@pytest.mark.parametrize("present", ["ours", "theirs"])
def test_a_comparison_with_one_side_missing_is_not_measured(budget, present):
    assert budget(rows(row(present, 1.0))) == Budget("b", "not measured", None)


def test_a_single_value_budget_without_its_row_is_not_measured():
    assert at_most({}, "b", "preview.edit", 0.5) == Budget("b", "not measured", None)


@pytest.mark.parametrize("sizes", [(), (250,)])
def test_linear_growth_needs_two_sizes(sizes):
    found = linear(rows(*(row(f"scale.build.{n}", 1.0) for n in sizes)), "b", "scale.build.", 1.2)
    assert found == Budget("b", "not measured", None)


def test_a_build_exactly_at_its_limit_is_met():
    found = slower_at_most(rows(row("ours", 13.0), row("theirs", 10.0)), "b", "ours", "theirs", 1.3)
    assert found == Budget("b", "1.30 x (13.00 s vs 10.00 s)", True)


def test_a_check_exactly_the_factor_faster_is_met():
    found = faster_at_least(rows(row("ours", 2.0), row("theirs", 20.0)), "b", "ours", "theirs", 10)
    assert found == Budget("b", "10.0 x faster (2.00 s vs 20.00 s)", True)


def test_a_time_exactly_at_its_limit_is_met():
    assert at_most(rows(row("preview.edit", 0.5)), "b", "preview.edit", 0.5) == Budget(
        "b", "0.50 s", True
    )


def test_equal_sums_are_not_faster():
    found = sum_faster(rows(row("a", 1.0), row("b", 2.0), row("c", 3.0)), "n", ("a", "b"), ("c",))
    assert found == Budget("n", "3.00 s vs 3.00 s", False)


def test_linear_growth_exactly_at_its_limit_is_met_and_shows_milliseconds():
    found = linear(
        rows(row("scale.build.1", 1.0), row("scale.build.5", 6.0)), "b", "scale.build.", 1.2
    )
    assert found == Budget("b", "1.20 x (1200.0 ms an article at N = 5, 1000.0 ms at N = 1)", True)


def test_linear_growth_with_two_sizes_is_measured():
    found = linear(
        rows(row("scale.build.10", 1.0), row("scale.build.20", 3.0)), "b", "scale.build.", 1.2
    )
    assert found == Budget("b", "1.50 x (150.0 ms an article at N = 20, 100.0 ms at N = 10)", False)


def test_the_synthetic_check_budget_asks_for_ten_times_faster():
    found = budgets(
        rows(row("check.synthetic.ours", 2.0), row("check.synthetic.linkchecker", 20.0))
    )[2]
    assert (found.measured, found.met) == ("10.0 x faster (2.00 s vs 20.00 s)", True)


def test_the_budget_table_in_full():
    found = [Budget("a", "1 s", True), Budget("b", "2 s", False), Budget("c", "-", None)]
    assert budget_table(found) == (
        "| budget | measured | met |\n"
        "| --- | --- | --- |\n"
        "| a | 1 s | yes |\n"
        "| b | 2 s | **no** |\n"
        "| c | - | not measured |"
    )


def test_the_measurement_table_in_full():
    assert measurement_table([row("x", 1.0, 3.0)]) == (
        "| id | measurement | median | spread (+/-) | runs |\n"
        "| --- | --- | ---: | ---: | ---: |\n"
        "| `x` | label of x | 2.00 s | 1.00 | 2 |"
    )


def test_the_command_list_has_one_line_per_command():
    measured = [row("a", 1.0, command="run a"), row("b", 1.0), row("c", 1.0, command="run c")]
    assert command_list(measured) == "- `a`: `run a`\n- `c`: `run c`"
