"""`python -m site_audit` (what `invoke check` runs) on a built site with planted breakage."""

import re
import subprocess
import sys

from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "broken_site"
LINE = re.compile(r"^  (?P<path>[^:]+?)(?::(?P<line>\d+))?: (?P<message>.*)$")

# Every breakage planted in the fixture, as (page, start of the message).
PLANTED = {
    ("index.html", "link to missing page guide/missing/ (no file guide/missing/index.html)"),
    ("guide/first/index.html", "link to missing anchor #nowhere"),
    ("guide/first/index.html", "link to missing anchor ../second/#absent"),
    ("guide/first/index.html", "script loaded from another origin: https://cdn.example.com/"),
    ("guide/second/index.html", "chapter loads image ../../images/chart.svg"),
    ("about/index.html", "missing image ../images/team.png"),
    ("about/index.html", 'duplicate id "team"'),
    ("about/index.html", "leftover Pelican placeholder {filename}"),
    ("about/index.html", "style= attribute on <p>"),
    ("about/index.html", "inline event handler onclick= on <button>"),
    ("about/index.html", "outbound link to https://helpline.example.net/ without rel"),
    ("about/index.html", "inline <script>"),
    ("privacy/index.html", "the <html> element has no lang attribute"),
    ("privacy/index.html", "has 2 <h1> elements"),
    ("privacy/index.html", 'has no <meta name="description">'),
    ("privacy/index.html", 'has no element with id "disclaimer"'),
    ("privacy/index.html", 'the element with id "crisis-help" is empty'),
    ("privacy/index.html", "stylesheet loaded from another origin: https://fonts.example.com/"),
}
CLEAN_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Home</title>'
    '<meta name="description" content="Home."></head><body><h1>Home</h1>'
    '<div id="disclaimer">General information only.</div>'
    '<section id="crisis-help">Call your local emergency number.</section></body></html>'
)


# The fixture is a hand-made output, not built, so it has no build record:
# the blocks every page must carry are named on the command line.
UNRECORDED = ("--no-record", "--require-block", "disclaimer", "--require-block", "crisis-help")


def run_check(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "plugins.site_audit", *map(str, args), *UNRECORDED],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def reported(stdout, group="errors"):
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{group} ("))
    found = []
    for line in lines[start + 1 :]:
        match = LINE.match(line)
        if not match:
            break
        found.append((match["path"], match["message"]))
    return found


def test_every_planted_problem_is_reported_and_nothing_else():
    result = run_check(FIXTURE)
    assert result.returncode == 1, result.stderr
    found = reported(result.stdout)
    for path, start in PLANTED:
        hits = [m for p, m in found if p == path and m.startswith(start)]
        assert len(hits) == 1, f"{path}: {start!r} not reported once in:\n{result.stdout}"
    assert len(found) == len(PLANTED), result.stdout
    assert result.stdout.splitlines()[-1].startswith(
        f"{len(PLANTED)} errors, 0 warnings in 8 pages"
    )


def test_each_problem_names_the_line_of_the_page():
    stdout = run_check(FIXTURE).stdout
    assert "  guide/first/index.html:18: link to missing anchor #nowhere\n" in stdout
    assert "  index.html:21: link to missing page guide/missing/" in stdout


def test_warnings_fail_only_with_strict(tmp_path):
    (tmp_path / "warn_source.py").write_text(
        "from guidelib import WARNING, Problem\n\n\n"
        "def stale(record):\n"
        "    return [Problem('content/data/helplines.yaml', 'helpline x not verified', WARNING)]\n"
    )
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(CLEAN_PAGE, encoding="utf-8")
    args = (site, "--warning-source", "warn_source:stale")

    relaxed = run_check(*args, cwd=tmp_path)
    assert "  content/data/helplines.yaml: helpline x not verified" in relaxed.stdout
    assert relaxed.stdout.splitlines()[-1].startswith("0 errors, 1 warning in 1 page")
    assert relaxed.returncode == 0, relaxed.stdout

    assert run_check(*args, "--strict", cwd=tmp_path).returncode == 1


def test_a_missing_output_directory_is_a_usage_error(tmp_path):
    result = run_check(tmp_path / "output")
    assert result.returncode == 2
    assert "is not a directory; build the site first" in result.stderr


def test_parsing_in_several_processes_finds_the_same_problems(monkeypatch):
    import importlib

    from plugins.site_audit import Block

    audit_module = importlib.import_module("plugins.site_audit.audit")
    blocks = (Block("disclaimer", "the disclaimer", ""), Block("crisis-help", "the help", ""))
    config = audit_module.AuditConfig(blocks=blocks)
    serial = [str(p) for p in audit_module.audit(FIXTURE, config).problems]
    monkeypatch.setattr(audit_module, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(audit_module.os, "cpu_count", lambda: 2)
    parallel = [str(p) for p in audit_module.audit(FIXTURE, config).problems]
    assert parallel == serial
    assert len(serial) >= 18
