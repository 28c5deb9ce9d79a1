"""Shared test set-up: the repository root and plugins/ are importable."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "plugins"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


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


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The real site, built once for the whole session."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = run_build(ROOT / "pelicanconf.py", output)
    assert result.returncode == 0, result.stderr
    return output
