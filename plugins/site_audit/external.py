"""Check outbound links (DOI, PubMed, helpline sites) over the network.

Standard library only: urllib in a small pool of threads. Each URL is tried
with HEAD, then GET when HEAD is refused (many servers answer HEAD wrongly).
429, 5xx answers and timeouts are retried with backoff, honouring
Retry-After; requests to one host are spaced by a minimum interval; and
working links are remembered in a JSON cache file until it expires, so a
second run asks the network only about what changed or failed.
"""

import errno
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import partial
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from guidelib import ERROR, WARNING, Problem, write_whole

USER_AGENT = "site-audit link checker (+static site build)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class ExternalConfig:
    cache_path: Path = Path(".cache/external-links.json")
    cache_days: float = 7.0
    workers: int = 4
    host_interval: float = 1.0
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0
    # A Retry-After longer than this is not waited for: the link is reported
    # as unchecked instead of stalling the run.
    max_retry_after: float = 30.0


@dataclass(frozen=True)
class Outcome:
    url: str
    ok: bool
    status: int | None = None
    detail: str = ""
    # True when the failure says nothing about the link (no network, too busy).
    transient: bool = False
    offline: bool = False


class HostThrottle:
    """Keeps requests to one host at least ``interval`` seconds apart."""

    def __init__(self, interval):
        self.interval = interval
        self.lock = threading.Lock()
        self.next_time = {}

    def wait(self, host):
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_time.get(host, now))
            self.next_time[host] = slot + self.interval
        if slot > now:
            time.sleep(slot - now)

    def hold(self, host, seconds):
        with self.lock:
            self.next_time[host] = max(self.next_time.get(host, 0.0), time.monotonic() + seconds)


class _KeepMethodRedirect(urllib.request.HTTPRedirectHandler):
    # urllib turns a redirected HEAD into a GET; stay with HEAD so a redirect
    # chain costs no response bodies.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


_OPENER = urllib.request.build_opener(_KeepMethodRedirect())


def retry_after(headers, default):
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    value = headers.get("Retry-After") if headers is not None else None
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return default


def _request(url, method, timeout):
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with _OPENER.open(request, timeout=timeout) as response:
        return response.status, response.headers


def _is_offline(error):
    reason = getattr(error, "reason", error)
    # A name that cannot be resolved, or no route to any network.
    return isinstance(reason, socket.gaierror) or (
        isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH)
    )


def check_url(url, config, throttle):
    """Return the Outcome of one URL, trying HEAD, then GET, with retries."""
    host = urlsplit(url).netloc.lower()
    last = None
    for attempt in range(config.retries + 1):
        delay = config.backoff * (2**attempt)
        for method in ("HEAD", "GET"):
            throttle.wait(host)
            try:
                status, _ = _request(url, method, config.timeout)
                return Outcome(url, True, status)
            except urllib.error.HTTPError as error:
                last = Outcome(
                    url,
                    False,
                    error.code,
                    f"HTTP {error.code}",
                    transient=error.code in RETRY_STATUSES,
                )
                if error.code in RETRY_STATUSES:
                    delay = retry_after(error.headers, delay)
                    break
            except (urllib.error.URLError, OSError) as error:
                reason = getattr(error, "reason", error)
                if isinstance(reason, TimeoutError):
                    last = Outcome(
                        url, False, None, f"no answer within {config.timeout:g} s", transient=True
                    )
                    break
                return Outcome(
                    url,
                    False,
                    None,
                    f"cannot connect ({reason})",
                    transient=True,
                    offline=_is_offline(error),
                )
        if not last.transient or attempt == config.retries:
            break
        if delay > config.max_retry_after:
            return Outcome(
                url,
                False,
                last.status,
                f"{last.detail}; server asks to wait {delay:.0f} s",
                transient=True,
            )
        throttle.hold(host, delay)
    return last


def load_cache(path, max_age):
    """Return {url: checked-at} for the cached working links younger than ``max_age``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    now = time.time()
    return {
        url: entry
        for url, entry in data.get("ok", {}).items()
        if isinstance(entry, (int, float)) and now - entry < max_age
    }


def save_cache(path, entries):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, json.dumps({"ok": entries}, indent=1, sort_keys=True))


def check_external(links, config=None):
    """Check outbound links; ``links`` maps each URL to the pages that use it.

    Returns a list of Problems: a link that is gone (404, 410 ...) is an
    error on every page that uses it; one that could not be checked is a
    warning. Without network, one warning says so.
    """
    config = config or ExternalConfig()
    by_url = {}
    for url, pages in links.items():
        by_url.setdefault(urldefrag(url)[0], set()).update(pages)
    cache = load_cache(config.cache_path, config.cache_days * 86400)
    todo = sorted(url for url in by_url if url not in cache)
    throttle = HostThrottle(config.host_interval)
    with ThreadPoolExecutor(max_workers=max(1, config.workers)) as pool:
        outcomes = list(pool.map(partial(check_url, config=config, throttle=throttle), todo))

    if outcomes and all(outcome.offline for outcome in outcomes):
        return [
            Problem(
                "(external links)",
                f"no network: {len(outcomes)} outbound links not checked; run again when online",
                WARNING,
            )
        ]
    now = time.time()
    problems = []
    for outcome in outcomes:
        if outcome.ok:
            cache[outcome.url] = now
            continue
        severity = WARNING if outcome.transient else ERROR
        what = "could not check" if outcome.transient else "broken outbound link"
        for page in sorted(by_url[outcome.url]):
            problems.append(Problem(page, f"{what} {outcome.url} ({outcome.detail})", severity))
    save_cache(config.cache_path, cache)
    return problems
