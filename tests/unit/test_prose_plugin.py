"""The Pelican side of the prose checks: settings, the worker hand-off and each generator's report.

The handlers are called as Pelican calls them, with the few attributes of
Pelican's objects that they read; the whole build is in the integration tests.
"""

import logging
from types import SimpleNamespace

import pytest
from conftest import receivers
from pelican import signals
from pelican.contents import Article

import plugins.prose
from guidelib import SettingsError
from plugins import build_record
from plugins.build_record.build_record import _record
from plugins.prose import RulesError, parse_rules, plugin

RULES = """\
rules:
  - id: pressure-just
    pattern: '\\bjust\\s+(?:exercise|work\\s+out)\\b'
    level: warning
    reason: it makes a hard thing sound easy
    suggestion: say what may help
  - id: cure-claim
    pattern: '\\bcures?\\s+depression\\b'
    level: error
    reason: no source says exercise cures depression
    suggestion: say it may ease symptoms
"""
CHAPTER = """\
Title: A chapter

Running cures depression. You should just exercise.

We walk. We sit. We rest.
"""
PLAIN = "Title: A page\n\nWe walk. We sit. We rest.\n"


class FakeWorker:
    """Stands in for the worker process: records what it is given, has no results."""

    def __init__(self):
        self.added, self.closed = [], 0

    def add(self, key, function, *args):
        self.added.append((key, function, args))

    def report(self, key):
        return None

    def close(self):
        self.closed += 1


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    for name in ("_state", "_reports", "_texts"):
        monkeypatch.setattr(plugin, name, {})
    monkeypatch.setattr(plugin, "_worker", FakeWorker())
    build_record.reset()
    yield
    build_record.reset()


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "content"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "prose-rules.yaml").write_text(RULES, encoding="utf-8")
    (folder / "chapter.md").write_text(CHAPTER, encoding="utf-8")
    (folder / "page.md").write_text(PLAIN, encoding="utf-8")
    (folder / "notes.html").write_text("<p>cures depression</p>", encoding="utf-8")
    return folder


def start(folder, **extra):
    plugin.initialized(SimpleNamespace(settings={"PATH": str(folder), **extra}))


def article(path):
    # An Article as Pelican made it, with only the attributes the handlers read.
    content = Article.__new__(Article)
    content.source_path = str(path)
    return content


def page(path):
    return SimpleNamespace(source_path=str(path) if path else path)


def generator(*contents, group="articles"):
    return SimpleNamespace(**{group: list(contents)})


def test_check_source_of_a_chapter_grades_it_and_sorts_its_problems():
    report = plugin.check_source(
        "c.md", CHAPTER, parse_rules(RULES, "rules.yaml"), plugin.Limits(99, 99)
    )
    messages = [(p.line, p.severity, p.message.split(" (prose rule ")[-1]) for p in report.problems]
    assert messages == [(3, "error", "cure-claim)"), (3, "warning", "pressure-just)")]
    assert report.reading is not None and report.reading.words == 13


def test_check_source_without_limits_applies_only_the_rules():
    report = plugin.check_source("p.md", PLAIN, parse_rules(RULES, "rules.yaml"))
    assert report == plugin.SourceReport(problems=(), reading=None)


def test_a_grade_above_the_limits_is_reported_at_the_title_line():
    report = plugin.check_source(
        "c.md", "Slug: a\n" + PLAIN, parse_rules(RULES, "rules.yaml"), plugin.Limits(-50, -60)
    )
    [problem] = report.problems
    assert (problem.line, problem.severity) == (2, "error")


def test_without_a_title_line_the_grade_is_reported_at_line_1():
    report = plugin.check_source(
        "c.md", "We walk. We sit.\n", parse_rules(RULES, "rules.yaml"), plugin.Limits(-50, -60)
    )
    [problem] = report.problems
    assert problem.line == 1


def test_problems_are_sorted_by_line_then_message_and_name_the_file():
    source = "Title: A chapter\n\nA study found it.\n\nIt cures depression.\n"
    report = plugin.check_source(
        "c.md", source, parse_rules(RULES, "rules.yaml"), plugin.Limits(-50, -60)
    )
    lines = [(p.path, p.line, p.message.split()[0]) for p in report.problems]
    assert lines == [
        ("c.md", 1, "reading"),
        ("c.md", 3, "research"),
        ("c.md", 5, '"cures'),
    ]


def test_initialized_reads_the_settings_and_the_rules_relative_to_path(site):
    plugin._texts["stale.md"] = "from an earlier build"
    start(site, PROSE_GRADE_ERROR=8, PROSE_GRADE_WARNING=6)
    assert (plugin._state["config"].grade_error, plugin._state["config"].grade_warning) == (8, 6)
    assert [rule.id for rule in plugin._state["rules"]] == ["pressure-just", "cure-claim"]
    assert plugin._texts == {}
    assert plugin._worker.closed == 1


def test_initialized_reads_another_rules_file(site):
    (site / "data" / "prose-rules.yaml").rename(site / "rules.yaml")
    start(site, PROSE_RULES_FILE="rules.yaml")
    assert len(plugin._state["rules"]) == 2


def test_a_missing_rules_file_stops_the_build(site):
    (site / "data" / "prose-rules.yaml").unlink()
    with pytest.raises(RulesError):
        start(site)
    assert plugin._state == {}


def test_a_bad_setting_stops_the_build(site):
    with pytest.raises(SettingsError, match="PROSE_GRADE_WARNING"):
        start(site, PROSE_GRADE_ERROR=6, PROSE_GRADE_WARNING=8)


def test_articles_are_graded_and_pages_are_not_by_default(site):
    start(site)
    rules = plugin._state["rules"]
    assert plugin._made_from("text", "articles") == ("text", rules, plugin.Limits(9.0, 7.0))
    assert plugin._made_from("text", "pages") == ("text", rules, None)
    start(site, PROSE_GRADED=["pages"])
    assert plugin._made_from("text", "articles")[2] is None


def test_a_read_source_is_kept_and_given_to_the_worker(site):
    start(site)
    plugin.hand_to_worker(article(site / "chapter.md"))
    assert plugin._texts == {str(site / "chapter.md"): CHAPTER}
    [(key, function, args)] = plugin._worker.added
    assert function is plugin.check_source
    assert key == (str(site / "chapter.md"), plugin._made_from(CHAPTER, "articles"))
    assert args[0].endswith("chapter.md") and args[1:] == key[1]


def test_a_page_is_given_to_the_worker_ungraded(site):
    start(site)
    plugin.hand_to_worker(page(site / "page.md"))
    [(key, _, _)] = plugin._worker.added
    assert key[1][2] is None


def test_pages_are_graded_when_the_settings_say_so(site):
    start(site, PROSE_GRADED=["pages"])
    plugin.hand_to_worker(page(site / "page.md"))
    [(key, _, _)] = plugin._worker.added
    assert key[1][2] == plugin.Limits(9.0, 7.0)
    plugin.page_generator_finalized(generator(page(site / "page.md"), group="pages"))
    [facts] = _record["pages"].values()
    assert facts["prose"]["words"] == 6


def test_a_byte_order_mark_is_not_part_of_the_text(site):
    (site / "chapter.md").write_bytes(b"\xef\xbb\xbf" + CHAPTER.encode())
    start(site)
    plugin.hand_to_worker(article(site / "chapter.md"))
    assert plugin._texts[str(site / "chapter.md")] == CHAPTER


@pytest.mark.parametrize("path", [None, "", "notes.html"])
def test_only_markdown_sources_are_given_to_the_worker(site, path):
    start(site)
    plugin.hand_to_worker(page(site / path if path else path))
    assert (plugin._worker.added, plugin._texts) == ([], {})


def test_nothing_is_given_to_the_worker_before_the_build_starts(site):
    plugin.hand_to_worker(article(site / "chapter.md"))
    assert (plugin._worker.added, plugin._texts) == ([], {})


def test_a_switched_off_worker_is_given_nothing(site):
    start(site, PROSE_WORKER=False)
    plugin.hand_to_worker(article(site / "chapter.md"))
    assert plugin._worker.added == []
    assert str(site / "chapter.md") in plugin._texts


def test_an_unreadable_source_is_left_to_the_generators_handler(site):
    start(site)
    plugin.hand_to_worker(article(site / "gone.md"))
    assert (plugin._worker.added, plugin._texts) == ([], {})


def test_a_source_whose_report_is_known_is_not_checked_again(site):
    start(site)
    plugin.article_generator_finalized(generator(article(site / "chapter.md")))
    plugin.hand_to_worker(article(site / "chapter.md"))
    assert plugin._worker.added == []
    (site / "chapter.md").write_text(CHAPTER + "\nMore.\n", encoding="utf-8")
    plugin.hand_to_worker(article(site / "chapter.md"))
    assert len(plugin._worker.added) == 1


def test_errors_are_logged_and_warnings_recorded(site, caplog):
    start(site)
    with caplog.at_level(logging.WARNING, logger="plugins.prose"):
        plugin.article_generator_finalized(generator(article(site / "chapter.md")))
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "cure-claim" in errors[0]
    assert [r for r in caplog.records if r.levelno == logging.WARNING] == []
    [warning] = _record["problems"]
    assert "pressure-just" in warning["message"] and warning["line"] == 3
    assert warning["path"].endswith("chapter.md")


def test_a_chapters_reading_and_the_limits_go_to_the_record(site):
    start(site)
    plugin.article_generator_finalized(generator(article(site / "chapter.md")))
    assert _record["sections"]["prose"] == {"grade_error": 9.0, "grade_warning": 7.0}
    [facts] = _record["pages"].values()
    assert facts["source"].endswith("chapter.md")
    assert facts["prose"]["words"] == 13


def test_a_page_is_checked_against_the_rules_but_not_graded(site):
    (site / "page.md").write_text(PLAIN + "\nJust work out.\n", encoding="utf-8")
    start(site)
    plugin.page_generator_finalized(generator(page(site / "page.md"), group="pages"))
    assert _record["pages"] == {}
    assert ["pressure-just" in p["message"] for p in _record["problems"]] == [True]


def test_the_text_read_for_the_worker_is_the_text_checked(site):
    start(site)
    plugin.hand_to_worker(article(site / "chapter.md"))
    (site / "chapter.md").write_text(PLAIN, encoding="utf-8")
    plugin.article_generator_finalized(generator(article(site / "chapter.md")))
    assert plugin._texts == {}
    assert any("pressure-just" in p["message"] for p in _record["problems"])


def test_a_report_is_made_once_while_the_text_stays_the_same(site, monkeypatch):
    start(site)
    calls = []
    real = plugin.check_source

    def counting(*args):
        calls.append(args[0])
        return real(*args)

    monkeypatch.setattr(plugin, "check_source", counting)
    for _ in range(2):
        build_record.reset()
        plugin.article_generator_finalized(generator(article(site / "chapter.md")))
        assert len(_record["problems"]) == 1  # reported on every build
    assert len(calls) == 1 and calls[0].endswith("chapter.md")
    (site / "chapter.md").write_text(PLAIN, encoding="utf-8")
    plugin.article_generator_finalized(generator(article(site / "chapter.md")))
    assert len(calls) == 2


def test_the_workers_report_is_used_when_it_has_one(site, monkeypatch):
    start(site)
    made = plugin.SourceReport(problems=())
    key = (str(site / "chapter.md"), plugin._made_from(CHAPTER, "articles"))
    monkeypatch.setattr(plugin._worker, "report", {key: made}.get)
    monkeypatch.setattr(plugin, "check_source", None)  # never called
    plugin.article_generator_finalized(generator(article(site / "chapter.md")))
    assert _record["problems"] == []
    assert plugin._reports[str(site / "chapter.md")][1] is made


def test_content_without_a_markdown_source_is_skipped(site):
    start(site)
    plugin.page_generator_finalized(generator(page(None), page(site / "notes.html"), group="pages"))
    assert (_record["problems"], plugin._reports) == ([], {})


def test_the_worker_is_closed_when_the_generators_are_done():
    plugin.all_generators_finalized([])
    assert plugin._worker.closed == 1


def test_register_connects_each_handler_to_its_signal():
    plugins.prose.register()
    assert plugin.initialized in receivers(signals.initialized)
    assert plugin.hand_to_worker in receivers(signals.content_object_init)
    assert plugin.article_generator_finalized in receivers(signals.article_generator_finalized)
    assert plugin.page_generator_finalized in receivers(signals.page_generator_finalized)
    assert plugin.all_generators_finalized in receivers(signals.all_generators_finalized)
