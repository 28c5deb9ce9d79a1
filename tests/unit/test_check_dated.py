"""`invoke check` (sitebuild.check): the warnings that depend on the day, and --report.

The record is written as the build writes it (plugins.build_record); the
site is two hand-written pages, so no build is needed.
"""

import datetime
import time
from types import SimpleNamespace

import pytest

from plugins import build_record
from sitebuild import check

PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title>'
    '<meta name="description" content="About it."></head><body><h1>T</h1>'
    "<p>Hello.</p></body></html>"
)
REVIEWED = {
    "status": "reviewed",
    "reviewed": "2026-01-01",
    "next_review": "2027-01-01",
    "reviewers": ["reviewer-one"],
    "authors": ["writers"],
}
HELPLINE = {
    "path": "content/data/helplines.yaml",
    "line": 9,
    "region": "GB",
    "service": "Samaritans",
    "source": "https://www.samaritans.org/",
    "as_of": "2026-11-01",
    "verified_by": "editor-one",
    "verified_on": "2026-11-22",
}
PROSE = {
    "words": 120,
    "sentences": 10,
    "grade": 5.25,
    "ease": 80.0,
    "hardest": [{"line": 7, "grade": 9.5, "text": "A long sentence."}],
}


def record(**sections):
    return {"pages": sections.pop("pages", []), "sections": sections, "problems": []}


def warnings_on(day, data):
    found = []
    for source in check.dated_warnings(day):
        found += source(data)
    return [(p.path, p.line, p.message) for p in found]


def test_a_review_falls_due_after_its_next_review_date():
    data = record(pages=[{"source": "content/chapters/01-a.md", "review": REVIEWED,
                          "lines": {"next_review": 8}}])  # fmt: skip
    assert warnings_on(datetime.date(2027, 1, 1), data) == []
    assert warnings_on(datetime.date(2027, 1, 2), data) == [
        ("content/chapters/01-a.md", 8, "review was due on 2027-01-01 and is overdue")
    ]


def test_a_helpline_goes_stale_after_the_recorded_limit():
    data = record(helplines={"max_age_days": 30, "entries": [HELPLINE]})
    assert warnings_on(datetime.date(2026, 12, 22), data) == []
    [(path, line, message)] = warnings_on(datetime.date(2026, 12, 23), data)
    assert (path, line) == ("content/data/helplines.yaml", 9)
    assert message.startswith("Samaritans (GB) dates from verified_on 2026-11-22, 31 days ago")


def test_a_record_without_helplines_has_no_helpline_warnings():
    assert warnings_on(datetime.date(2030, 1, 1), record(helplines={})) == []


def test_a_missing_corrections_contact_is_a_warning():
    data = record(editorial={"contact_email": ""})
    assert warnings_on(datetime.date(2027, 1, 1), data) == [
        ("pelicanconf.py", None, "no corrections contact (CONTACT_EMAIL) is set")
    ]


@pytest.fixture
def site(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text(PAGE, "utf-8")
    return output


def write_record(output, pages=(), sections=()):
    build_record.reset()
    for source, facts in pages:
        build_record.note_page(source, **facts)
    for name, value in sections:
        build_record.note(name, value)
    time.sleep(0.01)
    build_record.build_record.write_record(SimpleNamespace(output_path=str(output)))


def test_main_checks_with_the_warnings_of_the_day_given(site, capsys):
    write_record(
        site,
        pages=[("content/chapters/01-a.md", {"review": REVIEWED, "lines": {"next_review": 8}})],
    )
    assert check.main([str(site)], today=datetime.date(2027, 1, 1)) == 0
    assert check.main([str(site), "--strict"], today=datetime.date(2027, 2, 1)) == 1
    out = capsys.readouterr().out
    assert "content/chapters/01-a.md:8: review was due on 2027-01-01 and is overdue" in out


def test_main_uses_todays_date_by_default(site, capsys):
    write_record(
        site,
        pages=[("content/chapters/01-a.md", {"review": REVIEWED, "lines": {"next_review": 8}})],
    )
    check.main([str(site)])
    overdue = datetime.date.today() > datetime.date(2027, 1, 1)
    assert ("is overdue" in capsys.readouterr().out) is overdue


def test_report_prints_the_reading_figures_after_the_check(site, capsys):
    write_record(
        site,
        pages=[("content/chapters/01-a.md", {"prose": PROSE})],
        sections=[("prose", {"grade_warning": 7, "grade_error": 9})],
    )
    assert check.main([str(site), "--report"], today=datetime.date(2027, 1, 1)) == 0
    out = capsys.readouterr().out
    summary, _, report = out.partition("\n")
    assert summary.startswith("0 errors, 0 warnings in 1 page (")
    assert report.startswith(
        "Reading grade (Flesch-Kincaid, on the prose only): warning above 7, error above 9"
    )
    assert "  content/chapters/01-a.md:7: grade 9.5: A long sentence." in report


def test_report_is_left_out_when_there_is_no_record(site, capsys):
    assert check.main([str(site), "--report"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no build record for" in captured.err
