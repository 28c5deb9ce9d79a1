"""The benchmark's report: budgets and the overhead of each plugin group, read off its rows."""

from sitebuild.bench import budgets, overhead_by_group

ROWS = [
    ("build, all plugins (1000 articles, plain pelican)", (9.0, 0.1), "s"),
    ("same corpus and theme, plugins off but chapters", (6.0, 0.1), "s"),
    ("plugins' overhead (citations, safety, audit)", (50.0, 2.0), "%"),
    ("same, plugins chapters, citations only", (7.5, 0.1), "s"),
    (
        "same, plugins chapters, citations, disclaimer, crisis_help, page_blocks only",
        (8.1, 0.1),
        "s",
    ),
    ("edit one article's text, live preview rebuild", (0.6, 0.0), "s"),
    ("LinkChecker time / invoke check time", (16.0, 0.0), "x"),
    ("full build, N = 250", (2.5, 0.0), "s"),
    ("full build, N = 2000", (20.0, 0.0), "s"),
]


def test_each_group_of_plugins_gets_its_share():
    lines = overhead_by_group(ROWS).splitlines()
    assert lines[2:] == [
        "| citations | 1.50 s | 25 % |",
        "| disclaimer, crisis_help and page_blocks | 0.60 s | 10 % |",
        "| site_audit during the build | 0.90 s | 15 % |",
    ]


def test_budgets_say_which_are_met():
    lines = budgets(ROWS).splitlines()
    assert lines[2:] == [
        "| plugins' overhead at most 10 % | 50.00 % | no |",
        "| edit-to-preview at most 1 s | 0.60 s | yes |",
        "| invoke check at least 10 times faster than LinkChecker | 16.00 x | yes |",
        "| build time linear in N (time per article at N = 2000 vs 250) | 1.00 x | yes |",
    ]
