"""`invoke check` reads what the build recorded, never content/; a stale record stops it."""

import os
import shutil
import subprocess
import sys

from conftest import ROOT, run_build

MINI = ROOT / "tests" / "fixtures" / "mini_site"


def check(output):
    return subprocess.run(
        [sys.executable, "-c", "import sys; from sitebuild.check import main; "
         "sys.exit(main(sys.argv[1:]))", str(output)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_check_needs_the_record_and_not_the_content(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(MINI, site)
    output = tmp_path / "output"
    assert run_build(site / "settings.py", output).returncode == 0
    record = tmp_path / "output.record.json"
    assert record.is_file()

    # The content moved away: the check still works, from the record alone.
    (site / "content").rename(tmp_path / "moved")
    found = check(output)
    assert found.returncode == 0, found.stdout + found.stderr
    assert "not reviewed by a clinician yet" in found.stdout
    assert found.stdout.splitlines()[-1].startswith("0 errors,")

    # A page changed after the build: the record no longer describes the site.
    page = output / "index.html"
    os.utime(page, ns=(record.stat().st_mtime_ns + 10**9,) * 2)
    stale = check(output)
    assert stale.returncode == 2
    assert "output.record.json: the build record is older than" in stale.stderr
    assert "Build the site again with `invoke build`" in stale.stderr

    record.unlink()
    missing = check(output)
    assert missing.returncode == 2
    assert "output.record.json: no build record for" in missing.stderr
