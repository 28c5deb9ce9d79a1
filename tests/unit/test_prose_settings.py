"""PROSE_* settings: the defaults, and each bad value named with its settings line."""

import pytest

from guidelib import SettingsError
from plugins.prose import Config, read_config


def problems(tmp_path, **settings):
    path = tmp_path / "pelicanconf.py"
    path.write_text("".join(f"{name} = {value!r}\n" for name, value in settings.items()))
    with pytest.raises(SettingsError) as caught:
        read_config({"SETTINGS_FILE": str(path), **settings})
    return [str(problem).replace(str(path), "pelicanconf.py") for problem in caught.value.problems]


def test_the_defaults():
    assert read_config({}) == Config(
        grade_error=9, grade_warning=7, rules_file="data/prose-rules.yaml", graded=("articles",)
    )


def test_settings_are_read_and_lists_become_tuples():
    config = read_config({"PROSE_GRADE_ERROR": 8.5, "PROSE_GRADED": ["articles", "pages"]})
    assert (config.grade_error, config.graded) == (8.5, ("articles", "pages"))


def test_a_grade_that_is_not_a_number(tmp_path):
    assert problems(tmp_path, PROSE_GRADE_ERROR="nine") == [
        "pelicanconf.py:1: PROSE_GRADE_ERROR must be a number, not 'nine'. "
        "For example: PROSE_GRADE_ERROR = 9."
    ]


def test_a_grade_out_of_range(tmp_path):
    assert problems(tmp_path, PROSE_GRADE_WARNING=0) == [
        "pelicanconf.py:1: PROSE_GRADE_WARNING must be a grade between 0 and 20. "
        "For example: PROSE_GRADE_WARNING = 7."
    ]


def test_a_warning_limit_above_the_error_limit(tmp_path):
    assert problems(tmp_path, PROSE_GRADE_ERROR=8, PROSE_GRADE_WARNING=10) == [
        "pelicanconf.py:2: PROSE_GRADE_WARNING (10) is above PROSE_GRADE_ERROR (8). "
        "Set PROSE_GRADE_WARNING to PROSE_GRADE_ERROR or lower."
    ]


def test_unknown_content_to_grade(tmp_path):
    assert problems(tmp_path, PROSE_GRADED=["chapters"]) == [
        "pelicanconf.py:1: PROSE_GRADED has unknown content 'chapters': use 'articles' "
        "and/or 'pages'. For example: PROSE_GRADED = [\"articles\"]."
    ]


def test_a_misspelt_setting(tmp_path):
    (message,) = problems(tmp_path, PROSE_RULES=["x"])
    assert message.startswith("pelicanconf.py:1: unknown setting PROSE_RULES. Did you mean")
    assert "PROSE_RULES_FILE" in message


def test_the_worker_is_on_by_default_and_can_be_switched_off():
    from plugins.prose import read_config

    assert read_config({}).worker is True
    assert read_config({"PROSE_WORKER": False}).worker is False
