"""The code is as ruff, pinned in requirements.txt, lints and formats it (pyproject.toml).

Outside tests/unit: `invoke mutate` runs the unit tests on mutated copies of
the code, which are neither linted nor formatted.
"""

import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_finds_nothing_to_change(command):
    done = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
