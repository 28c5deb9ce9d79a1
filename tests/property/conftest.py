"""Hypothesis settings for the property tests: a bounded "ci" profile and a longer "fuzz" one.

"ci" is the default: a fixed number of examples, drawn the same way on every
run (derandomize) and with no example database, so that two runs test the
same inputs. "fuzz" (``invoke fuzz``) draws new inputs on every run, many
more of them, and keeps the failures it finds in .hypothesis/ to replay them.
Choose one with ``--hypothesis-profile NAME`` or HYPOTHESIS_PROFILE.
"""

import os

from hypothesis import HealthCheck, settings

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
