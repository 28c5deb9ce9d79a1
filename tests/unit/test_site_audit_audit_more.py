"""The whole-site audit's parts: URL shortening, anchors, link messages, chapters, scanning.

Pure functions are called with input/expected pairs; the rest runs ``audit``
on small hand-written sites in a temporary folder. The process pool that
parses a large site is replaced by one that runs in this process and
records how it was made.
"""

import functools
import importlib
import time
from types import SimpleNamespace

import pytest
from test_site_audit_audit import build, page

from guidelib import ERROR, WARNING, Problem
from plugins.site_audit import AuditConfig, audit
from plugins.site_audit.audit import (
    anchor_exists,
    chapter_messages,
    list_tree,
    scan_pages,
    shorten,
    source_problems,
)

# The module, which the package's ``audit`` (the function) hides.
audit_module = importlib.import_module("plugins.site_audit.audit")


def problems(tmp_path, files, config=None):
    return [(p.path, p.line, p.message) for p in audit(build(tmp_path, files), config).problems]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("a" * 80, "a" * 80),
        ("a" * 81, "a" * 77 + "..."),
        ("https://example.org/" + "x" * 100, "https://example.org/" + "x" * 57 + "..."),
    ],
)
def test_long_urls_are_shortened_to_80_characters(url, shown):
    assert shorten(url) == shown


def test_the_limit_can_be_chosen():
    assert (shorten("abcdefghij", 6), shorten("abcdef", 6)) == ("abc...", "abcdef")


def test_list_tree_gives_files_with_sizes_and_every_folder(tmp_path):
    build(tmp_path, {"index.html": "abc", "a/b/c.css": "12345"})
    assert list_tree(tmp_path) == ({"index.html": 3, "a/b/c.css": 5}, {"", "a", "a/b"})


@pytest.mark.parametrize(
    ("fragment", "ids", "exists"),
    [
        ("there", {"there"}, True),
        ("caf%C3%A9", {"caf\u00e9"}, True),
        ("x%20y", {"x%20y"}, True),
        ("nope", {"there"}, False),
        ("", set(), True),
        ("top", set(), True),
        ("Top", set(), True),
        ("TOP", set(), True),
        (":~:text=exercise", set(), True),
        ("text=:~:", set(), False),
        ("stop", set(), False),
    ],
)
def test_anchor_exists(fragment, ids, exists):
    assert anchor_exists(fragment, ids) is exists


def test_the_messages_of_forms_and_outbound_links_say_how_to_fix_them(tmp_path):
    files = {
        "index.html": page(
            '<form action="https://collect.example/save"></form><a href="https://b.example/">b</a>'
        )
    }
    assert [message for _, _, message in problems(tmp_path, files)] == [
        "form sends what readers type to another site: https://collect.example/save; "
        "a form may only post to the site itself",
        'outbound link to https://b.example/ without rel="noopener noreferrer"; add it, or '
        '<meta name="referrer" content="no-referrer"> to the page',
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # A link that is one character long, and an anchor of one character.
        ('<a href="x">x</a>', "link to missing page x (no file x)"),
        ('<a href="#a">a</a>', "link to missing anchor #a"),
        # Links after a good anchor or a placeholder are checked too.
        (
            '<a href="#s">s</a><a href="gone/">g</a>',
            "link to missing page gone/ (no file gone/index.html)",
        ),
    ],
)
def test_every_link_of_a_page_is_checked(tmp_path, body, message):
    files = {"index.html": page(f'<h2 id="s">S</h2>{body}')}
    assert problems(tmp_path, files) == [("index.html", 1, message)]


def test_links_after_a_placeholder_are_checked(tmp_path):
    files = {"index.html": page('<a href="{filename}a.md">a</a>\n<a href="gone/">g</a>')}
    assert [(line, message.split(" ")[0]) for _, line, message in problems(tmp_path, files)] == [
        (1, "leftover"),
        (2, "link"),
    ]


def test_a_chapters_problems_are_at_the_line_of_the_resource(tmp_path):
    files = {
        "guide/a/index.html": page('<p>Text.</p>\n\n<img src="../../i.png" alt="">'),
        "i.png": "x",
    }
    assert problems(tmp_path, files) == [
        (
            "guide/a/index.html",
            3,
            "chapter loads image ../../i.png; chapters must render without images or fonts",
        )
    ]


@pytest.mark.parametrize(("limit", "over"), [(2048, False), (1536, True)])
def test_a_chapter_at_its_markup_budget_passes(limit, over):
    facts = SimpleNamespace(path="guide/a/index.html", refs=[], markup_bytes=2048)
    expected = [
        (
            None,
            "chapter markup weighs 2.0 KB without its text and references, over the "
            "1.5 KB budget; simplify the templates",
        )
    ]
    assert list(chapter_messages(facts, None, None, limit)) == (expected if over else [])


def test_a_page_that_collects_the_chapters_is_weighed_wherever_it_is(tmp_path):
    heavy = '<div class="wrapper" data-x="y"></div>' * 500
    files = {"all.html": page(heavy), "guide/a/index.html": page("<p>light</p>")}
    config = AuditConfig(collections=("all.html",))
    assert [
        (path, message.split(" weighs ")[0])
        for path, _, message in problems(tmp_path, files, config)
    ] == [("all.html", "chapter markup")]


def test_only_chapters_and_collections_are_weighed(tmp_path):
    files = {"all.html": page(), "guide/a/index.html": page(), "about/index.html": page()}
    config = AuditConfig(collections=("all.html",))
    scanned = scan_pages(build(tmp_path, files), sorted(files), config)
    weighed = {path: facts.markup_bytes is not None for path, facts in scanned.items()}
    assert weighed == {"about/index.html": False, "all.html": True, "guide/a/index.html": True}


def test_module_javascript_counts_towards_the_budget(tmp_path):
    found = problems(tmp_path, {"index.html": page(), "a.mjs": "x" * 10241})
    assert [(path, message.split(",")[0]) for path, _, message in found] == [
        ("*.js", "the site ships 10.0 KB of JavaScript")
    ]


def test_the_audit_reports_the_time_it_took(tmp_path):
    build(tmp_path, {"index.html": page()})
    before = time.perf_counter()
    result = audit(tmp_path)
    assert 0 <= result.seconds <= time.perf_counter() - before


def test_a_failing_warning_source_is_named_by_its_qualified_name():
    def broken():
        raise KeyError("helplines")

    assert source_problems([broken]) == [
        Problem(
            "test_a_failing_warning_source_is_named_by_its_qualified_name.<locals>.broken",
            "warning source failed: KeyError('helplines')",
            ERROR,
        )
    ]


def test_a_failing_source_without_a_name_is_named_by_its_repr():
    def broken(reason):
        raise ValueError(reason)

    source = functools.partial(broken, "no dates")
    assert source_problems([source]) == [
        Problem(repr(source), "warning source failed: ValueError('no dates')")
    ]


def test_warnings_of_the_sources_are_kept_in_order():
    first = [Problem("a.md", "one", WARNING)]
    second = [Problem("b.md", "two", WARNING), Problem("c.md", "three", WARNING)]
    assert source_problems([lambda: first, lambda: second]) == first + second


class FakePool:
    """A process pool that maps in this process and records how it was made."""

    made = []

    def __init__(self, workers, mp_context=None):
        self.made.append((workers, mp_context.get_start_method() if mp_context else None))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def map(self, function, *iterables):
        return map(function, *iterables)


@pytest.fixture
def pool(monkeypatch):
    FakePool.made = []
    monkeypatch.setattr(audit_module, "ProcessPoolExecutor", FakePool)
    monkeypatch.setattr(audit_module, "PARALLEL_MIN_PAGES", 2)
    return FakePool


def pages_in(tmp_path, count):
    names = [f"p{number}.html" for number in range(count)]
    build(tmp_path, {name: page() for name in names})
    return names


@pytest.mark.parametrize(
    ("cores", "count", "made"),
    [
        (4, 5, [(2, "fork")]),
        (4, 9, [(4, "fork")]),
        (2, 9, [(2, "fork")]),
        (4, 3, []),
        (1, 9, []),
        (None, 9, []),
    ],
)
def test_a_large_site_is_parsed_by_one_process_per_core(
    tmp_path, monkeypatch, pool, cores, count, made
):
    monkeypatch.setattr(audit_module.os, "cpu_count", lambda: cores)
    names = pages_in(tmp_path, count)
    scanned = scan_pages(tmp_path, names, AuditConfig())
    assert pool.made == made
    assert list(scanned) == names
    assert [facts.path for facts in scanned.values()] == names


def test_pages_parsed_in_parallel_are_checked_like_the_others(tmp_path, monkeypatch, pool):
    monkeypatch.setattr(audit_module.os, "cpu_count", lambda: 2)
    files = {f"p{number}.html": page(f'<a href="gone{number}/">g</a>') for number in range(4)}
    assert [message for _, _, message in problems(tmp_path, files)] == [
        f"link to missing page gone{number}/ (no file gone{number}/index.html)"
        for number in range(4)
    ]
    assert pool.made == [(2, "fork")]
