"""Shared test set-up: where the repository is, and how a site is built for a test.

The project is installed (``pip install -e .``, done by ./bootstrap), so the
plugins and sitebuild are imported by name.
"""

import contextlib
import locale
import os
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def ascii_locale():
    """The C locale, whose default encoding is ASCII, as on a bare server."""
    previous = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, previous)


def receivers(signal):
    """The functions connected to a Pelican (blinker) signal, for tests of ``register()``."""
    return [r() if isinstance(r, weakref.ref) else r for r in signal.receivers.values()]


def run_build(settings, output, *extra):
    """Build a site with the strict runner in its own process; return the CompletedProcess."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sitebuild.build",
            "--settings",
            str(settings),
            "--output",
            str(output),
            *extra,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(autouse=True)
def fresh_pelican_log_filter():
    """Let each test see its own warnings, whatever ran before it in the process.

    Pelican's loggers drop a warning whose text was logged once already in the
    process (pelican.log.LimitFilter), so a test that logs a warning another
    test logged earlier would see nothing. Running the tests twice in one
    process (`invoke mutate` does) makes that happen.
    """
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    yield


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The real site, built once for the whole session."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = run_build(ROOT / "pelicanconf.py", output)
    assert result.returncode == 0, result.stderr
    return output


# Hypothesis settings for the property tests (tests/property): a bounded "ci"
# profile, the default, and a longer "fuzz" one. "ci" draws a fixed number of
# examples the same way on every run (derandomize) with no example database,
# so two runs test the same inputs; "fuzz" (`invoke fuzz`) draws new inputs on
# every run, many more, and keeps the failures it finds in .hypothesis/. Choose
# one with --hypothesis-profile NAME or HYPOTHESIS_PROFILE. (Here, not in a
# conftest.py of tests/property: a second module named conftest would hide
# this one from the tests that import its helpers.)
# A build takes most of a second: no deadline, and slow data is expected.
COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}
settings.register_profile("ci", derandomize=True, database=None, max_examples=400, **COMMON)
settings.register_profile("fuzz", max_examples=8000, **COMMON)


def profile_name(config):
    return config.getoption("hypothesis_profile") or os.environ.get("HYPOTHESIS_PROFILE") or "ci"


def pytest_configure(config):
    settings.load_profile(profile_name(config))
