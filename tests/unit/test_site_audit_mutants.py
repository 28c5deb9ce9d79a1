"""site_audit's smaller parts, pinned down where the other tests leave room.

Stylesheets (assets.py): their references, budgets and what a chapter's
stylesheet needs; page checks (page_checks.py); the checks of one written
page (written.py); the check's command line (cli.py); and one page's scan
(pages.py). Each test was written against a change to the code that the
other tests let through.
"""

import argparse
import functools
import io
import locale
import os
import re
from types import SimpleNamespace

import pytest
from lxml import etree

from guidelib import ERROR, WARNING, Problem
from plugins import build_record
from plugins.build_record import RecordError, record_path
from plugins.citations import leftover_citations
from plugins.site_audit import AuditConfig, AuditResult, Block, PageCheckError, add_page_check, cli
from plugins.site_audit.assets import Stylesheets, budget_problems, css_references, kilobytes
from plugins.site_audit.audit import list_tree
from plugins.site_audit.page_checks import check_name, load_page_checks, run_page_checks
from plugins.site_audit.pages import text_of
from plugins.site_audit.urls import Site
from plugins.site_audit.written import WrittenPage, check_written


def write(folder, files):
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
    return folder


def stylesheets(tmp_path, files):
    files, dirs = list_tree(write(tmp_path, files))
    site = Site(files, dirs)
    return Stylesheets(tmp_path, site, sorted(path for path in files if path.endswith(".css")))


# assets.py


@pytest.mark.parametrize(
    ("size", "shown"),
    [(0, "0.0 KB"), (1024, "1.0 KB"), (102400, "100.0 KB"), (1536, "1.5 KB")],
)
def test_kilobytes_are_of_1024_bytes(size, shown):
    assert kilobytes(size) == shown


def test_a_comment_between_import_and_its_url_is_no_space_left_out():
    css = '@import /* the fonts */ "fonts.css";\np { background: url(/**/"a.png") }'
    assert css_references(css) == ["fonts.css", "a.png"]


def test_fragments_and_empty_urls_load_nothing():
    css = 'p { filter: url(#blur) } q { background: url("") } r { mask: url(#m) }'
    assert css_references(css) == []


def test_an_over_budget_message_lists_each_file_and_its_weight():
    sizes = {"b.css": 3072, "a.css": 2048, "x.js": 99999}
    [problem] = budget_problems(sizes, (".css",), 4096, "CSS")
    assert (problem.path, problem.message) == (
        "*.css",
        "the site ships 5.0 KB of CSS, over the 4.0 KB budget "
        "(a.css 2.0 KB, b.css 3.0 KB); make it smaller",
    )


def test_a_stylesheet_that_is_not_utf_8_is_still_read(tmp_path):
    sheets = stylesheets(
        tmp_path, {"site.css": b"/* \xff\xfe */ p { background: url(missing.png) }"}
    )
    assert [(p.path, p.message) for p in sheets.problems()] == [
        ("site.css", "refers to missing file missing.png (no file missing.png)")
    ]


def test_a_stylesheet_is_read_as_utf_8_whatever_the_locale(tmp_path):
    previous = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        sheets = stylesheets(tmp_path, {"site.css": "p { background: url(café.png) }"})
    finally:
        locale.setlocale(locale.LC_CTYPE, previous)
    assert sheets.references == {"site.css": ["café.png"]}


def test_a_stylesheet_without_font_face_needs_only_what_it_loads(tmp_path):
    sheets = stylesheets(
        tmp_path,
        {
            "main.css": "@import 'fonts.css'; p { background: url(paper.png) }",
            "fonts.css": "@font-face { font-family: X; src: url(x.woff2) }",
            "paper.png": "png",
            "x.woff2": "font",
        },
    )
    assert sheets.render_assets("main.css") == ["@font-face", "x.woff2", "paper.png"]
    assert sheets.render_assets("fonts.css") == ["@font-face", "x.woff2"]


def test_a_stylesheet_imported_twice_or_in_a_cycle_is_counted_once(tmp_path):
    sheets = stylesheets(
        tmp_path,
        {
            "main.css": "@import 'a.css'; @import 'b.css';",
            "a.css": "@import 'shared.css'; @import 'main.css';",
            "b.css": "@import 'shared.css';",
            "shared.css": "p { background: url(paper.png) }",
            "paper.png": "png",
        },
    )
    assert sheets.render_assets("main.css") == ["paper.png"]


def test_a_file_that_is_not_a_stylesheet_needs_nothing(tmp_path):
    sheets = stylesheets(tmp_path, {"theme": "p { background: url(paper.png) }"})
    assert sheets.render_assets("theme") == []


def test_a_font_face_rule_followed_by_a_comment_is_found(tmp_path):
    sheets = stylesheets(tmp_path, {"fonts.css": "@font-face/* body */{ font-family: X }"})
    assert sheets.render_assets("fonts.css") == ["@font-face"]


def test_a_stylesheets_invalid_urls_are_errors_with_the_reason(tmp_path):
    sheets = stylesheets(
        tmp_path,
        {
            "css/site.css": (
                "p { background: url(data:image/png;base64,AAAA) } q { x: url(../../up.png) }"
            )
        },
    )
    assert [(p.path, p.message, p.severity) for p in sheets.problems()] == [
        (
            "css/site.css",
            "data: URL, whose content no check and no reader can see before opening it; "
            "put the file in the site and link to it: data:image/png;base64,AAAA",
            "error",
        ),
        ("css/site.css", "URL pointing outside the output directory: ../../up.png", "error"),
    ]


# page_checks.py


class Checks:
    """Page checks kept on a class: named by a dotted attribute."""

    @staticmethod
    def nothing_wrong(page_path, root):
        return []


def replaced(page_path, root):
    return []


first_replaced = replaced


def replaced(page_path, root):  # noqa: F811 (the name now imports this one)
    return []


def test_a_check_on_a_class_is_named_and_loaded_by_its_dotted_name():
    name = check_name(Checks.nothing_wrong)
    assert name == f"{__name__}:Checks.nothing_wrong"
    assert load_page_checks([name]) == (Checks.nothing_wrong,)


def test_a_check_its_package_does_not_export_is_named_by_its_module():
    assert check_name(text_of) == "plugins.site_audit.pages:text_of"


def test_a_name_with_a_second_colon_names_no_attribute():
    with pytest.raises(AttributeError):
        load_page_checks(["plugins.citations:leftover_citations:x"])


def made_by_exec():
    namespace = {}
    exec("def made(page_path, root):\n    return []", namespace)  # noqa: S102
    return namespace["made"]


@pytest.mark.parametrize(
    "check",
    [
        "plugins.citations:leftover_citations",
        functools.partial(text_of),
        made_by_exec(),
    ],
    ids=["a name", "a partial", "made by exec"],
)
def test_what_has_no_module_or_qualified_name_is_refused(check):
    with pytest.raises(PageCheckError) as raised:
        add_page_check({}, check)
    assert str(raised.value) == (
        f"page check {check!r} is not a module-level function; `invoke check` imports "
        "each page check by its name"
    )


def test_a_check_its_own_name_no_longer_imports_is_refused():
    with pytest.raises(PageCheckError) as raised:
        check_name(first_replaced)
    assert str(raised.value) == f"page check {__name__}:replaced cannot be imported by that name"


def broken(page_path, root):
    raise RuntimeError("cannot read it")


def test_a_failing_check_is_an_error_on_its_page():
    root = etree.fromstring(b"<html><body><p>x</p></body></html>", etree.HTMLParser())
    [problem] = run_page_checks("guide/a/index.html", root, (broken,))
    assert (problem.path, problem.message, problem.severity) == (
        "guide/a/index.html",
        "page check broken failed: RuntimeError('cannot read it')",
        ERROR,
    )


# written.py

DISCLAIMER = Block("disclaimer", "the disclaimer banner", "Keep it.")
WRITTEN = (
    b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A page</title>'
    b'<meta name="description" content="About it."></head><body><h1>A page</h1>'
    b"<p>Text.</p></body></html>"
)


def leftover(page_path, root):
    """A page check for the tests below: one error naming the page."""
    return [Problem(page_path, f"checked {page_path}")]


def test_a_written_page_scanned_for_the_audit():
    result = check_written(WRITTEN, "guide/a/index.html", (DISCLAIMER,), True, None, (leftover,))
    assert result.missing == ((DISCLAIMER, "is missing", None),)
    assert result.size == len(WRITTEN)
    assert result.facts.path == "guide/a/index.html"
    assert result.facts.markup_bytes is None
    assert [(p.path, p.message) for p in result.facts.problems] == [
        ("guide/a/index.html", "checked guide/a/index.html")
    ]


def test_a_written_chapter_has_its_markup_weighed():
    result = check_written(WRITTEN, "guide/a/index.html", (), True, ("#references",), ())
    assert result.missing == ()
    assert result.facts.problems == []
    assert result.facts.markup_bytes > 0


def test_a_written_page_not_scanned_has_only_its_blocks_and_size():
    result = check_written(WRITTEN, "index.html", (DISCLAIMER,), False, None, (leftover,))
    assert result == WrittenPage(((DISCLAIMER, "is missing", None),), None, len(WRITTEN))


def test_an_empty_written_page_lacks_every_block_and_is_left_to_the_audit():
    result = check_written(b"", "index.html", (DISCLAIMER,), True, None, (leftover,))
    assert result == WrittenPage(((DISCLAIMER, "is missing", None),), None, 0)


def test_a_written_page_is_held_only_to_the_blocks_of_its_pages():
    chapters_only = Block("sources", "the sources", "Keep it.", pages="guide/*")
    assert check_written(WRITTEN, "index.html", (chapters_only,), False, None, ()).missing == ()
    assert check_written(
        WRITTEN, "guide/a/index.html", (chapters_only,), False, None, ()
    ).missing == ((chapters_only, "is missing", None),)


# cli.py

HOME = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Home</title>'
    '<meta name="description" content="About it."></head><body><h1>Home</h1>'
    "<p>Hello.</p></body></html>"
)


def recorded_site(tmp_path, sections=None, problems=()):
    """A one-page site with its record, written as the build writes it."""
    output = write(tmp_path / "output", {"index.html": HOME})
    os.utime(output / "index.html", (1000, 1000))
    build_record.reset()
    for section, value in (sections or {}).items():
        build_record.note(section, value)
    for problem in problems:
        build_record.add_problem(problem)
    build_record.build_record.write_record(SimpleNamespace(output_path=str(output)))
    return output


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("plugins.chapters", "'plugins.chapters' is not MODULE:FUNCTION"),
        (":review_warnings", "':review_warnings' is not MODULE:FUNCTION"),
        ("plugins.chapters:", "'plugins.chapters:' is not MODULE:FUNCTION"),
        (
            "plugins.nothing:f",
            "cannot load warning source 'plugins.nothing:f': No module named 'plugins.nothing'",
        ),
        (
            "plugins.site_audit.cli:Path:cwd",
            "cannot load warning source 'plugins.site_audit.cli:Path:cwd': "
            "module 'plugins.site_audit.cli' has no attribute 'Path:cwd'",
        ),
        (
            "plugins.site_audit.cli:Path.nothing",
            "cannot load warning source 'plugins.site_audit.cli:Path.nothing': "
            "type object 'Path' has no attribute 'nothing'",
        ),
    ],
)
def test_a_warning_source_that_cannot_be_loaded_says_why(spec, message):
    with pytest.raises(argparse.ArgumentTypeError) as raised:
        cli.load_source(spec)
    assert str(raised.value) == message


def audited(monkeypatch):
    """Replace the audit the check runs; return the list of its calls."""
    calls = []

    def fake_audit(output, config, sources):
        calls.append((output, config, [source() for source in sources]))
        return AuditResult()

    monkeypatch.setattr(cli, "audit", fake_audit)
    return calls


def test_the_check_audits_with_what_the_build_recorded(tmp_path, monkeypatch):
    warning = Problem("content/a.md", "placeholder", WARNING, 4)
    output = recorded_site(
        tmp_path,
        {
            "audit": {
                "site_url": "https://guide.test",
                "chapters": "book/*.html",
                "chapter_exclude": [".citation"],
                "collections": ["all/index.html"],
            },
            "required_blocks": [{"id": "disclaimer", "name": "the disclaimer", "fix": "Keep it."}],
            "page_checks": ["plugins.citations:leftover_citations"],
        },
        [warning],
    )
    calls = audited(monkeypatch)

    def source(data):
        return [Problem("x", f"{len(data['problems'])} recorded")]

    cli.check_built_site(output, [source], blocks=["crisis-help"], base_path="/mood/")
    [(audited_output, config, found)] = calls
    assert audited_output == output
    assert config == AuditConfig(
        site_url="https://guide.test",
        base_path="/mood/",
        chapters="book/*.html",
        chapter_exclude=(".citation",),
        collections=("all/index.html",),
        blocks=(
            Block("disclaimer", "the disclaimer", "Keep it."),
            Block("crisis-help", 'the block "crisis-help"', ""),
        ),
        page_checks=(leftover_citations,),
    )
    assert found == [[warning], [Problem("x", "1 recorded")]]


def test_the_arguments_override_the_record(tmp_path, monkeypatch):
    output = recorded_site(tmp_path, {"audit": {"site_url": "https://guide.test", "chapters": "a"}})
    calls = audited(monkeypatch)
    cli.check_built_site(output, site_url="", chapters="b/*.html")
    [(_, config, _)] = calls
    assert (config.site_url, config.chapters) == ("", "b/*.html")


def test_a_record_without_an_audit_section_gets_the_audits_defaults(tmp_path, monkeypatch):
    output = recorded_site(tmp_path)
    calls = audited(monkeypatch)
    cli.check_built_site(output)
    assert calls == [(output, AuditConfig(), [[]])]


def test_without_a_record_nothing_recorded_is_read(tmp_path, monkeypatch):
    output = write(tmp_path / "output", {"index.html": HOME})
    calls = audited(monkeypatch)
    cli.check_built_site(output, record=False, blocks=["disclaimer"])
    blocks = (Block("disclaimer", 'the block "disclaimer"', ""),)
    assert calls == [(output, AuditConfig(blocks=blocks), [[]])]


def test_a_page_check_that_cannot_be_imported_is_a_record_error(tmp_path):
    output = recorded_site(tmp_path, {"page_checks": ["plugins.citations:no_such_check"]})
    with pytest.raises(RecordError) as raised:
        cli.check_built_site(output)
    [problem] = raised.value.problems
    assert (problem.path, problem.message, problem.hint) == (
        str(record_path(output)),
        "the build record names a page check that cannot be imported "
        "(module 'plugins.citations' has no attribute 'no_such_check')",
        "build the site again with this version of the plugins",
    )


def test_a_check_that_cannot_run_prints_each_reason(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "output", {"index.html": HOME})
    out = io.StringIO()
    assert cli.main(["output"], out=out) == 2
    assert out.getvalue() == ""
    assert capsys.readouterr().err == (
        "site_audit: output.record.json: no build record for output. Build the site again "
        "with `invoke build` (or `invoke preview`), then check.\n"
    )


def test_the_report_goes_to_standard_output_by_default(tmp_path, capsys):
    output = recorded_site(tmp_path)
    assert cli.main([str(output)]) == 0
    assert re.fullmatch(
        r"0 errors, 0 warnings in 1 page \(\d+\.\d\d s\)\n", capsys.readouterr().out
    )


def test_a_recorded_warning_fails_only_a_strict_check(tmp_path):
    output = recorded_site(tmp_path, problems=[Problem("content/a.md", "old", WARNING, 2)])
    for argv, code in (([], 0), (["--strict"], 1)):
        out = io.StringIO()
        assert cli.main([str(output), *argv], out=out) == code
        assert out.getvalue().splitlines()[:2] == ["warnings (1)", "  content/a.md:2: old"]


def test_warning_sources_from_the_caller_and_the_command_line_both_run(tmp_path):
    output = recorded_site(tmp_path)
    out = io.StringIO()
    spec = f"{__name__}:second_source"
    assert cli.main([str(output), "--warning-source", spec], [first_source], out) == 0
    assert out.getvalue().splitlines()[:3] == [
        "warnings (2)",
        "  first: from the caller",
        "  second: from the command line",
    ]


def first_source(data):
    return [Problem("first", "from the caller", WARNING)]


def second_source(data):
    return [Problem("second", "from the command line", WARNING)]
