"""The build's worker processes (guidelib.worker): the same results as the main process, or none."""

import math
import os
from pathlib import Path

import pytest

from guidelib.worker import MIN_CALLS, PROFILE_ENV, Worker, reap
from plugins.prose import Limits, check_source, load_rules

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "prose_site" / "content"


def test_below_min_calls_no_process_is_started_and_nothing_is_reported():
    worker = Worker("test")
    for number in range(MIN_CALLS - 1):
        worker.add(number, os.getpid)
    assert worker.process is None
    assert worker.report(0) is None  # checked in the main process instead
    worker.close()


def test_from_min_calls_on_the_calls_run_in_another_process(monkeypatch):
    monkeypatch.setattr("guidelib.worker.core_to_spare", lambda: True)
    worker = Worker("test")
    for number in range(MIN_CALLS + 4):
        worker.add(number, os.getpid)
    pids = {worker.report(number) for number in range(MIN_CALLS + 4)}
    worker.close()
    assert len(pids) == 1
    assert pids != {os.getpid()}
    assert worker.process is None


def test_a_call_that_fails_or_was_never_made_is_reported_as_none(monkeypatch):
    monkeypatch.setattr("guidelib.worker.core_to_spare", lambda: True)
    worker = Worker("test")
    for number in range(MIN_CALLS):
        worker.add(number, math.sqrt, number)
    worker.add("bad", math.sqrt, -1)
    assert worker.report("bad") is None
    assert worker.report("never") is None
    assert worker.report(4) == 2.0
    worker.close()


def test_the_worker_reports_exactly_what_check_source_finds(monkeypatch):
    monkeypatch.setattr("guidelib.worker.core_to_spare", lambda: True)
    rules = load_rules(FIXTURE / "data" / "prose-rules.yaml")
    sources = sorted((FIXTURE / "chapters").glob("*.md")) * MIN_CALLS
    limits = Limits(9.0, 7.0)
    worker = Worker("test")
    for number, path in enumerate(sources):
        worker.add(number, check_source, path.name, path.read_text("utf-8"), rules, limits)
    reports = [worker.report(number) for number in range(len(sources))]
    worker.close()
    expected = [check_source(p.name, p.read_text("utf-8"), rules, limits) for p in sources]
    assert reports == expected
    assert any(report.problems for report in reports)


def test_no_worker_is_started_when_no_core_is_spare(monkeypatch):
    monkeypatch.setattr("guidelib.worker.core_to_spare", lambda: False)
    worker = Worker("test")
    for number in range(MIN_CALLS + 4):
        worker.add(number, os.getpid)
    assert worker.process is None
    assert worker.report(MIN_CALLS + 1) is None  # checked in the main process instead
    worker.close()


@pytest.mark.parametrize(
    ("cores", "load", "idle", "spare"),
    [
        (2, 0.2, None, True),
        # Between cores - 1 and cores, the cores are watched.
        (2, 1.05, 0.45, True),
        (2, 1.99, 0.30, True),
        (2, 1.05, 0.10, False),
        (2, 1.5, None, True),  # no /proc/stat: the load alone, below the cores
        (2, 2.0, 0.9, False),
        (4, 3.5, 0.05, False),
        (1, 0.0, 1.0, False),
    ],
)
def test_a_core_is_spare_while_the_load_and_the_idle_time_leave_one(
    monkeypatch, cores, load, idle, spare
):
    from guidelib import worker

    monkeypatch.setattr(worker.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(worker.os, "getloadavg", lambda: (load, 0.0, 0.0))
    monkeypatch.setattr(worker, "idle_share", lambda: idle)
    assert worker.core_to_spare() is spare


def test_the_idle_share_is_a_share():
    from guidelib import worker

    share = worker.idle_share(0.05)
    assert share is None or 0.0 <= share <= 1.0


def test_a_worker_named_in_the_profile_prefix_profiles_itself(monkeypatch, tmp_path):
    import pstats

    monkeypatch.setattr("guidelib.worker.core_to_spare", lambda: True)
    monkeypatch.setenv(PROFILE_ENV, str(tmp_path / "build-"))
    worker = Worker("audit", min_calls=1)
    worker.add(1, math.sqrt, 9)
    assert worker.report(1) == 3.0
    worker.close()
    reap()  # the profile is written as the worker ends
    stats = pstats.Stats(str(tmp_path / "build-audit.prof"))
    assert any("sqrt" in name for _, _, name in stats.stats)


def test_a_call_that_cannot_be_pickled_is_left_to_the_main_process(monkeypatch):
    monkeypatch.setattr("guidelib.worker.core_to_spare", lambda: True)
    worker = Worker("test", min_calls=1)
    worker.add("lambda", lambda: 1)
    worker.add("fine", math.sqrt, 16)
    assert worker.report("lambda") is None
    assert worker.report("fine") == 4.0
    worker.close()


def test_closing_does_not_wait_for_the_worker_to_end_and_reap_does(monkeypatch):
    monkeypatch.setattr("guidelib.worker.core_to_spare", lambda: True)
    worker = Worker("test", min_calls=1)
    worker.add(1, os.getpid)
    process = worker.process
    assert worker.report(1) == process.pid
    worker.close()
    assert worker.process is None
    reap()
    assert process.returncode == 0
