"""The external link check's per-host throttle, on a fake clock."""

import types

from plugins.site_audit import external


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.slept = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def fake_time(monkeypatch):
    clock = FakeClock()
    fake = types.SimpleNamespace(monotonic=clock.monotonic, sleep=clock.sleep)
    monkeypatch.setattr(external, "time", fake)
    return clock


def test_requests_to_one_host_wait_for_their_slot(monkeypatch):
    clock = fake_time(monkeypatch)
    throttle = external.HostThrottle(0.5)
    starts = []
    for _ in range(4):
        throttle.wait("example.org")
        starts.append(clock.now)
    assert starts == [100.0, 100.5, 101.0, 101.5]


def test_other_hosts_do_not_wait(monkeypatch):
    clock = fake_time(monkeypatch)
    throttle = external.HostThrottle(0.5)
    throttle.wait("a.example")
    throttle.wait("b.example")
    assert clock.slept == []


def test_a_hold_delays_the_next_request(monkeypatch):
    clock = fake_time(monkeypatch)
    throttle = external.HostThrottle(0.5)
    throttle.hold("a.example", 3)
    throttle.wait("a.example")
    assert clock.now == 103.0
