"""Page checks other plugins add: named so that `invoke check` imports them, run on every page."""

import json

import pytest
from test_site_audit_audit import build, page

from guidelib import ERROR, Problem
from plugins.build_record import RecordError, record_path
from plugins.citations import leftover_citations
from plugins.site_audit import (
    AuditConfig,
    PageCheckError,
    add_page_check,
    audit,
    check_built_site,
    page_checks,
)
from plugins.site_audit.page_checks import check_name, load_page_checks, run_page_checks


def no_title_word(page_path, root):
    """A check defined in a test module: named by that module."""
    return [Problem(page_path, "the word 'forbidden' is on the page")] * (
        "forbidden" in "".join(root.itertext())
    )


def broken(page_path, root):
    raise RuntimeError("cannot read it")


def test_a_check_is_named_by_the_plugin_package_that_exports_it():
    assert check_name(leftover_citations) == "plugins.citations:leftover_citations"
    assert check_name(no_title_word) == f"{__name__}:no_title_word"
    assert load_page_checks([check_name(leftover_citations)]) == (leftover_citations,)


def test_lambdas_and_closures_cannot_be_named():
    def inner(page_path, root):
        return []

    for check in (lambda page_path, root: [], inner):
        with pytest.raises(PageCheckError, match="not a module-level function"):
            check_name(check)


def test_checks_are_kept_per_build_in_its_settings():
    settings, other = {}, {}
    add_page_check(settings, leftover_citations)
    add_page_check(settings, no_title_word)
    add_page_check(settings, leftover_citations)  # once, however often it is added
    assert page_checks(settings) == {
        "plugins.citations:leftover_citations": leftover_citations,
        f"{__name__}:no_title_word": no_title_word,
    }
    assert page_checks(other) == {}


def test_a_failing_check_is_an_error_and_the_others_still_run():
    from lxml import etree

    root = etree.fromstring(b"<html><body><p>forbidden</p></body></html>", etree.HTMLParser())
    problems = run_page_checks("index.html", root, (broken, no_title_word))
    assert [(p.severity, p.message) for p in problems] == [
        (ERROR, "page check broken failed: RuntimeError('cannot read it')"),
        (ERROR, "the word 'forbidden' is on the page"),
    ]


def test_the_audit_runs_the_checks_on_every_page(tmp_path):
    files = {
        "index.html": page("<p>As @singh2023 showed.</p>"),
        "a/index.html": page("<p>Nothing left here.</p>"),
    }
    config = AuditConfig(page_checks=(leftover_citations,))
    result = audit(build(tmp_path, files), config)
    assert [(p.path, p.message) for p in result.problems] == [
        ("index.html", "citation @singh2023 is shown as text: it was not read as a citation")
    ]
    assert audit(tmp_path).problems == []


def record(output, names):
    data = {"version": 1, "pages": [], "problems": [], "sections": {"page_checks": names}}
    record_path(output).write_text(json.dumps(data), encoding="utf-8")


def test_the_check_runs_the_checks_the_build_recorded(tmp_path):
    output = build(tmp_path / "output", {"index.html": page("<p>See @bull2020.</p>")})
    record(output, ["plugins.citations:leftover_citations"])
    result = check_built_site(output)
    assert [p.message for p in result.errors] == [
        "citation @bull2020 is shown as text: it was not read as a citation"
    ]


def test_a_recorded_check_that_cannot_be_imported_stops_the_check(tmp_path):
    output = build(tmp_path / "output", {"index.html": page()})
    record(output, ["plugins.citations:no_such_check"])
    with pytest.raises(RecordError, match="names a page check that cannot be imported"):
        check_built_site(output)
