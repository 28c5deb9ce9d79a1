"""Every page of the real site passes the W3C Nu HTML Checker with no errors.

The checker (vnu.jar, from the vnu-jar npm package in package.json) runs once
over the whole output: one JVM start, not one per page. A page known to be
invalid is checked in the same run, so a checker that silently checks nothing
fails the test.
"""

import json
import shutil
import subprocess

from conftest import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CANARY = "canary-invalid-page"
CANARY_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Invalid on purpose</title></head>
<body><p><div>A block inside a paragraph, and an unknown element: <blink>x</blink></div></body>
</html>
"""


def check_html(directory):
    """Run the Nu HTML Checker over every HTML file under `directory`; return its messages."""
    java = shutil.which("java")
    assert java, "java is not installed: run `./bootstrap --test`"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `npm ci` (or `./bootstrap --test`)"
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(directory),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    # The checker writes its JSON report to stderr, and exits 1 when it found errors.
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stderr)["messages"]


def describe(message, root):
    where = message.get("url", "").removeprefix("file:")
    where = where.removeprefix(str(root) + "/") if where.startswith(str(root)) else where
    line = message.get("lastLine", "?")
    extract = " ".join(message.get("extract", "").split())
    return f"{where}:{line}: {message['message']} [{extract}]"


def test_every_page_passes_the_nu_html_checker(real_site, tmp_path):
    checked = tmp_path / "site"
    shutil.copytree(real_site, checked)
    (checked / CANARY).mkdir()
    (checked / CANARY / "index.html").write_text(CANARY_HTML, encoding="utf-8")

    messages = check_html(checked)

    canary = [m for m in messages if f"/{CANARY}/" in m.get("url", "")]
    assert canary, "the checker found nothing wrong with a page that is invalid on purpose"
    site_errors = [describe(m, checked) for m in messages if m not in canary]
    assert not site_errors, "HTML errors:\n" + "\n".join(site_errors)
