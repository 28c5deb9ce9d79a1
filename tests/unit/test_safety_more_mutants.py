"""What the mutation runs found untested in the helplines' freshness warnings.

Each test pins down behaviour an editor sees and that the other tests leave
open (docs/mutation.md): an entry checked today is not "in the future".
"""

import datetime

from plugins.crisis_help import helpline_warnings


def verified_entry(day):
    return {
        "path": "content/data/helplines.yaml",
        "line": 12,
        "service": "Samaritans",
        "region": "GB",
        "source": "https://www.samaritans.org/",
        "as_of": "2026-01-01",
        "verified_by": "editor-one",
        "verified_on": day,
    }


def test_a_helpline_verified_today_is_neither_stale_nor_in_the_future():
    today = datetime.date(2026, 12, 2)
    assert helpline_warnings([verified_entry("2026-12-02")], today, 365) == []
    (future,) = helpline_warnings([verified_entry("2026-12-03")], today, 365)
    assert future.message == "Samaritans (GB) has verified_on 2026-12-03, which is in the future"
