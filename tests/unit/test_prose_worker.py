"""The prose checks' worker process: the same reports as the main process, or none."""

import math
import os
from pathlib import Path

import pytest

from plugins.prose import Limits, check_source, load_rules
from plugins.prose.worker import MIN_SOURCES, Worker

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "prose_site" / "content"


def test_below_min_sources_no_process_is_started_and_nothing_is_reported():
    worker = Worker()
    for number in range(MIN_SOURCES - 1):
        worker.add(number, os.getpid)
    assert worker.process is None
    assert worker.report(0) is None  # checked in the main process instead
    worker.close()


def test_from_min_sources_on_the_calls_run_in_another_process(monkeypatch):
    monkeypatch.setattr("plugins.prose.worker.core_to_spare", lambda: True)
    worker = Worker()
    for number in range(MIN_SOURCES + 4):
        worker.add(number, os.getpid)
    pids = {worker.report(number) for number in range(MIN_SOURCES + 4)}
    worker.close()
    assert len(pids) == 1
    assert pids != {os.getpid()}
    assert worker.process is None


def test_a_call_that_fails_or_was_never_made_is_reported_as_none(monkeypatch):
    monkeypatch.setattr("plugins.prose.worker.core_to_spare", lambda: True)
    worker = Worker()
    for number in range(MIN_SOURCES):
        worker.add(number, math.sqrt, number)
    worker.add("bad", math.sqrt, -1)
    assert worker.report("bad") is None
    assert worker.report("never") is None
    assert worker.report(4) == 2.0
    worker.close()


def test_the_worker_reports_exactly_what_check_source_finds(monkeypatch):
    monkeypatch.setattr("plugins.prose.worker.core_to_spare", lambda: True)
    rules = load_rules(FIXTURE / "data" / "prose-rules.yaml")
    sources = sorted((FIXTURE / "chapters").glob("*.md")) * MIN_SOURCES
    limits = Limits(9.0, 7.0)
    worker = Worker()
    for number, path in enumerate(sources):
        worker.add(number, check_source, path.name, path.read_text("utf-8"), rules, limits)
    reports = [worker.report(number) for number in range(len(sources))]
    worker.close()
    expected = [check_source(p.name, p.read_text("utf-8"), rules, limits) for p in sources]
    assert reports == expected
    assert any(report.problems for report in reports)


def test_no_worker_is_started_when_no_core_is_spare(monkeypatch):
    monkeypatch.setattr("plugins.prose.worker.core_to_spare", lambda: False)
    worker = Worker()
    for number in range(MIN_SOURCES + 4):
        worker.add(number, os.getpid)
    assert worker.process is None
    assert worker.report(MIN_SOURCES + 1) is None  # checked in the main process instead
    worker.close()


@pytest.mark.parametrize(
    ("cores", "load", "spare"),
    [(2, 0.2, True), (2, 1.05, True), (2, 1.99, True), (2, 2.0, False), (1, 0.0, False)],
)
def test_a_core_is_spare_while_the_load_is_below_the_number_of_cores(
    monkeypatch, cores, load, spare
):
    from plugins.prose import worker

    monkeypatch.setattr(worker.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(worker.os, "getloadavg", lambda: (load, 0.0, 0.0))
    assert worker.core_to_spare() is spare
