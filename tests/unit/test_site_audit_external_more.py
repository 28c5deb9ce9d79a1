"""`--external` on a fake network: each answer's outcome, the retries, the cache file.

``_request`` (or the opener under it) is replaced by a fake that answers each
URL from a script and records what was asked; ``check_url`` is given a fake
throttle that records the waits and holds instead of sleeping. The same
checks against a real local server are in test_site_audit_external.py.
"""

import errno
import io
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from email.message import Message
from types import SimpleNamespace

import pytest

from guidelib import WARNING, Problem
from plugins.site_audit import external
from plugins.site_audit.external import ExternalConfig, Outcome, check_url

URL = "https://doi.org/10.1000/182"


class Network:
    """Answers each URL from its script: a status, or an error to raise. The last answer repeats."""

    def __init__(self, **script):
        self.script = {url: list(answers) for url, answers in script.items()}
        self.requests = []

    def __call__(self, url, method, timeout):
        self.requests.append((url, method, timeout))
        answers = self.script[url]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, BaseException):
            raise answer
        return answer, {}


class Throttle:
    def __init__(self):
        self.waits, self.holds = [], []

    def wait(self, host):
        self.waits.append(host)

    def hold(self, host, seconds):
        self.holds.append((host, seconds))


def config(**overrides):
    settings = {"timeout": 2.5, "retries": 2, "backoff": 1.0, "max_retry_after": 30.0}
    return ExternalConfig(**{**settings, **overrides})


def http_error(code, **headers):
    return urllib.error.HTTPError(URL, code, "status text", headers, None)


def check(monkeypatch, *answers, **overrides):
    """check_url(URL) on the scripted answers; return the outcome, the network and the throttle."""
    network, throttle = Network(**{URL: answers}), Throttle()
    monkeypatch.setattr(external, "_request", network)
    return check_url(URL, config(**overrides), throttle), network, throttle


def test_a_working_link_is_one_head_request(monkeypatch):
    outcome, network, throttle = check(monkeypatch, 200)
    assert outcome == Outcome(URL, True, 200)
    assert network.requests == [(URL, "HEAD", 2.5)]
    assert throttle.holds == []


def test_a_gone_link_is_asked_with_head_then_get_and_not_retried(monkeypatch):
    outcome, network, throttle = check(monkeypatch, http_error(404))
    assert outcome == Outcome(URL, False, 404, "HTTP 404")
    assert [method for _, method, _ in network.requests] == ["HEAD", "GET"]
    assert throttle.holds == []


def test_a_busy_server_is_retried_after_a_doubling_backoff(monkeypatch):
    outcome, network, throttle = check(monkeypatch, http_error(503))
    assert outcome == Outcome(URL, False, 503, "HTTP 503", transient=True)
    assert [method for _, method, _ in network.requests] == ["HEAD", "HEAD", "HEAD"]
    assert throttle.holds == [("doi.org", 1.0), ("doi.org", 2.0)]


@pytest.mark.parametrize("seconds", ["7", "30"])
def test_a_retry_after_up_to_the_limit_is_waited_for(monkeypatch, seconds):
    outcome, _, throttle = check(monkeypatch, http_error(429, **{"Retry-After": seconds}), 200)
    assert outcome == Outcome(URL, True, 200)
    assert throttle.holds == [("doi.org", float(seconds))]


def test_a_longer_retry_after_is_reported_instead_of_waited_for(monkeypatch):
    outcome, network, throttle = check(monkeypatch, http_error(429, **{"Retry-After": "120"}))
    assert outcome == Outcome(
        URL, False, 429, "HTTP 429; server asks to wait 120 s", transient=True
    )
    assert len(network.requests) == 1
    assert throttle.holds == []


@pytest.mark.parametrize(
    "error",
    [urllib.error.URLError(TimeoutError("timed out")), TimeoutError("timed out")],
    ids=["while-connecting", "while-reading"],
)
def test_a_link_that_does_not_answer_in_time_is_retried_then_unchecked(monkeypatch, error):
    outcome, network, throttle = check(monkeypatch, error)
    assert outcome == Outcome(URL, False, None, "no answer within 2.5 s", transient=True)
    assert [method for _, method, _ in network.requests] == ["HEAD", "HEAD", "HEAD"]
    assert throttle.holds == [("doi.org", 1.0), ("doi.org", 2.0)]


def test_a_refused_connection_is_unchecked_at_once(monkeypatch):
    refused = ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
    outcome, network, _ = check(monkeypatch, urllib.error.URLError(refused))
    assert outcome == Outcome(
        URL,
        False,
        None,
        f"cannot connect ([Errno {errno.ECONNREFUSED}] Connection refused)",
        transient=True,
        offline=False,
    )
    assert len(network.requests) == 1


def test_requests_are_spaced_by_host_whatever_its_case(monkeypatch):
    url = "https://DOI.org/10.1000/182"
    monkeypatch.setattr(external, "_request", Network(**{url: [200]}))
    throttle = Throttle()
    check_url(url, config(), throttle)
    assert throttle.waits == ["doi.org"]


@pytest.mark.parametrize(
    ("error", "offline"),
    [
        (urllib.error.URLError(socket.gaierror(-2, "Name or service not known")), True),
        (socket.gaierror(-3, "Temporary failure in name resolution"), True),
        (urllib.error.URLError(OSError(errno.ENETUNREACH, "Network is unreachable")), True),
        (OSError(errno.EHOSTUNREACH, "No route to host"), True),
        (urllib.error.URLError(ConnectionRefusedError(errno.ECONNREFUSED, "refused")), False),
        (ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"), False),
        (urllib.error.URLError("unknown url type: doi"), False),
    ],
)
def test_only_an_unknown_name_or_no_route_means_no_network(error, offline):
    assert external._is_offline(error) is offline


def test_an_error_without_headers_waits_the_default():
    assert external.retry_after(None, 2.0) == 2.0


def test_a_request_names_the_checker_and_passes_the_timeout_on(monkeypatch):
    seen = []
    headers = Message()

    class Response:
        status = 204

        def __init__(self):
            self.headers = headers

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    class Opener:
        def open(self, request, timeout):
            seen.append((request, timeout))
            return Response()

    monkeypatch.setattr(external, "_OPENER", Opener())
    assert external._request(URL, "HEAD", 2.5) == (204, headers)
    [(request, timeout)] = seen
    assert (request.full_url, request.get_method(), timeout) == (URL, "HEAD", 2.5)
    assert request.get_header("User-agent") == external.USER_AGENT


def test_a_redirect_that_may_not_be_followed_is_refused_with_the_servers_answer():
    request = urllib.request.Request("https://a.test/form", data=b"x", method="POST")
    headers, body = Message(), io.BytesIO(b"")
    headers["Location"] = "https://a.test/elsewhere"
    with pytest.raises(urllib.error.HTTPError) as raised:
        external._KeepMethodRedirect().redirect_request(
            request, body, 307, "Temporary Redirect", headers, "https://a.test/elsewhere"
        )
    error = raised.value
    assert (error.code, error.msg, error.hdrs, error.fp) == (
        307,
        "Temporary Redirect",
        headers,
        body,
    )


class Clock:
    def __init__(self, now):
        self.now = now

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def fake_clock(monkeypatch, now):
    clock = Clock(now)
    fake = SimpleNamespace(monotonic=clock.monotonic, sleep=clock.sleep)
    monkeypatch.setattr(external, "time", fake)
    return clock


@pytest.mark.parametrize(
    ("interval", "hold", "resumes"),
    [
        (10.0, 1.0, 110.0),  # a short hold keeps the slot already handed out
        (0.5, 3.0, 103.0),
    ],
)
def test_a_hold_is_the_later_of_the_next_slot_and_the_wait_asked(
    monkeypatch, interval, hold, resumes
):
    clock = fake_clock(monkeypatch, 100.0)
    throttle = external.HostThrottle(interval)
    throttle.wait("doi.org")
    throttle.hold("doi.org", hold)
    throttle.wait("doi.org")
    assert clock.now == resumes


def test_a_hold_on_a_host_not_yet_asked_lasts_the_seconds_asked(monkeypatch):
    clock = fake_clock(monkeypatch, 0.0)
    throttle = external.HostThrottle(0.0)
    throttle.hold("doi.org", 0.5)
    throttle.wait("doi.org")
    assert clock.now == 0.5


NOW = 1_800_000_000.0


@pytest.fixture
def frozen_time(monkeypatch):
    """Wall-clock time stands still at NOW; the throttle's clock runs."""
    fake = SimpleNamespace(time=lambda: NOW, monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(external, "time", fake)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{}", {}),
        (f'{{"ok": {{"a": {NOW - 30}, "b": "yesterday"}}}}', {"a": NOW - 30}),
        (f'{{"ok": {{"old": {NOW - 60}, "new": {NOW - 59.5}}}}}', {"new": NOW - 59.5}),
        ("not json", {}),
    ],
    ids=["empty", "not-a-time", "age-limit", "not-json"],
)
def test_the_cache_keeps_working_links_younger_than_its_age(tmp_path, frozen_time, text, expected):
    path = tmp_path / "links.json"
    path.write_text(text, encoding="utf-8")
    assert external.load_cache(path, 60) == expected


def test_the_cache_file_is_written_sorted_one_link_a_line(tmp_path):
    path = tmp_path / "a" / "b" / "links.json"
    external.save_cache(path, {"https://b.test/": 2.0, "https://a.test/": 1.0})
    assert path.read_text(encoding="utf-8") == (
        '{\n "ok": {\n  "https://a.test/": 1.0,\n  "https://b.test/": 2.0\n }\n}'
    )
    assert [p.name for p in path.parent.iterdir()] == ["links.json"]


@pytest.mark.parametrize(("age", "asked"), [(86_400.5, True), (86_399.5, False)])
def test_a_cached_link_is_asked_again_after_cache_days(
    tmp_path, frozen_time, monkeypatch, age, asked
):
    cache = tmp_path / "links.json"
    cache.write_text(json.dumps({"ok": {URL: NOW - age}}), encoding="utf-8")
    network = Network(**{URL: [200]})
    monkeypatch.setattr(external, "_request", network)
    settings = config(cache_path=cache, cache_days=1.0, host_interval=0.0)
    assert external.check_external({URL: {"a.html"}}, settings) == []
    assert len(network.requests) == int(asked)


@pytest.mark.parametrize("workers", [1, 0])
def test_one_worker_checks_one_link_at_a_time(tmp_path, monkeypatch, workers):
    lock, busy, most = threading.Lock(), [0], [0]

    def request(url, method, timeout):
        with lock:
            busy[0] += 1
            most[0] = max(most[0], busy[0])
        time.sleep(0.05)
        with lock:
            busy[0] -= 1
        return 200, {}

    monkeypatch.setattr(external, "_request", request)
    targets = {f"https://host{n}.test/": {"a.html"} for n in range(4)}
    settings = config(cache_path=tmp_path / "links.json", workers=workers, host_interval=0.0)
    assert external.check_external(targets, settings) == []
    assert most[0] == 1


def test_no_network_is_one_warning_about_the_external_links(tmp_path, monkeypatch):
    error = urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))
    targets = {URL: {"a.html"}, "https://pubmed.test/1": {"b.html"}}
    monkeypatch.setattr(external, "_request", Network(**{url: [error] for url in targets}))
    settings = config(cache_path=tmp_path / "links.json", host_interval=0.0)
    assert external.check_external(targets, settings) == [
        Problem(
            "(external links)",
            "no network: 2 outbound links not checked; run again when online",
            WARNING,
        )
    ]
