"""The build record's JSON: byte for byte what json.dumps with an indent writes."""

import datetime
import json

import pytest

from plugins.build_record.build_record import dumps

RECORDS = [
    {},
    {"pages": [], "problems": [], "sections": {}, "version": 1},
    {
        "version": 1,
        "pages": [
            {"source": "content/chapters/01-a.md", "output": "guide/a/index.html", "cited": []},
            {"source": "b.md", "prose": {"hardest": [{"line": 3, "text": 'A "q"\nb'}]}},
        ],
        "problems": [{"path": "a.md", "line": None, "message": "\u00e9", "hint": ""}],
        "sections": {"helplines": {"as_of": datetime.date(2026, 11, 22)}, "empty": {}},
    },
    {"a": [[1, [2, {}]], "x"], "b": [{}], "c": 2.5, "d": None},
]


@pytest.mark.parametrize("record", RECORDS)
def test_the_same_text_as_json_dumps(record):
    expected = json.dumps(record, indent=1, sort_keys=True, default=str)
    assert dumps(record) == expected
    assert dumps(record) == expected  # the second time from what the first kept


def test_an_item_that_changed_since_the_last_build_is_written_as_it_is_now():
    before = {"pages": [{"source": "a.md", "grade": 5.0}, {"source": "b.md", "grade": 6.0}]}
    dumps(before)
    after = {"pages": [{"source": "a.md", "grade": 5.0}, {"source": "b.md", "grade": 6}]}
    assert dumps(after) == json.dumps(after, indent=1, sort_keys=True, default=str)
    assert '"grade": 6,' in dumps(after)
