"""`python -m plugins.site_audit` (`invoke check`) on small hand-written sites and records.

The record is written as the build writes it (plugins.build_record), so
these tests need no build; tests/integration/test_check_record.py checks
real builds.
"""

import io
import json
import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from guidelib import WARNING, Problem
from plugins import build_record
from plugins.site_audit import cli

PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
    '<meta name="description" content="About it."></head><body><h1>{title}</h1>'
    '<div id="disclaimer">Information only.</div>{body}</body></html>'
)


def page(title="Home", body="<p>Hello.</p>"):
    return PAGE.format(title=title, body=body)


@pytest.fixture
def site(tmp_path):
    output = tmp_path / "output"
    (output / "about").mkdir(parents=True)
    (output / "index.html").write_text(page(body='<a href="about/">About</a>'), "utf-8")
    (output / "about" / "index.html").write_text(page("About"), "utf-8")
    return output


def record(output, *, blocks=(), problems=(), audit=None):
    """Write the build record of ``output`` as the build would."""
    build_record.reset()
    if blocks:
        build_record.note("required_blocks", [dict(id=b, name=f"the {b}", fix="") for b in blocks])
    if audit is not None:
        build_record.note("audit", audit)
    for problem in problems:
        build_record.add_problem(problem)
    time.sleep(0.01)  # the record must be newer than every page
    build_record.build_record.write_record(SimpleNamespace(output_path=str(output)))


def check(*argv, sources=()):
    out = io.StringIO()
    code = cli.main([str(arg) for arg in argv], warning_sources=sources, out=out)
    return code, out.getvalue()


def test_a_clean_recorded_site_passes(site):
    record(site, blocks=["disclaimer"])
    code, text = check(site)
    assert code == 0
    assert text.startswith("0 errors, 0 warnings in 2 pages (")


def test_a_recorded_block_a_page_lacks_is_an_error(site):
    record(site, blocks=["disclaimer", "crisis-help"])
    code, text = check(site)
    assert code == 1
    assert text.splitlines()[0] == "errors (2)"
    assert "the crisis-help" in text


def test_the_records_warnings_fail_only_a_strict_check(site):
    warning = Problem("content/chapters/01-a.md", "placeholder 'TODO' left", WARNING, 4)
    record(site, problems=[warning])
    assert check(site)[0] == 0
    code, text = check(site, "--strict")
    assert code == 1
    assert "  content/chapters/01-a.md:4: placeholder 'TODO' left" in text.splitlines()


def test_warning_sources_get_the_record(site):
    record(site)
    seen = []

    def source(data):
        seen.append(sorted(data))
        return [Problem("content/data/helplines.yaml", "unchecked", WARNING, 3)]

    code, text = check(site, sources=[source])
    assert seen == [["pages", "problems", "sections", "version"]]
    assert "content/data/helplines.yaml:3: unchecked" in text
    assert code == 0


def recorded_pages(data):
    """A warning source for the test below: one warning naming the record's page count."""
    return [Problem("output.record.json", f"{len(data['pages'])} pages recorded", WARNING)]


def test_a_warning_source_is_loaded_from_the_command_line(site):
    record(site)
    code, text = check(site, "--warning-source", "test_site_audit_cli:recorded_pages")
    assert code == 0, text
    assert "  output.record.json: 0 pages recorded" in text.splitlines()


def test_a_warning_source_that_fails_is_an_error_not_a_crash(site):
    record(site)
    code, text = check(site, "--warning-source", "plugins.chapters:review_warnings")
    assert code == 1
    assert "warning source failed: TypeError(" in text


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("plugins.chapters", "is not MODULE:FUNCTION"),
        (":review_warnings", "is not MODULE:FUNCTION"),
        ("plugins.chapters:", "is not MODULE:FUNCTION"),
        ("plugins.nothing:f", "cannot load warning source 'plugins.nothing:f'"),
        ("plugins.chapters:nothing", "cannot load warning source 'plugins.chapters:nothing'"),
    ],
)
def test_a_bad_warning_source_is_refused_by_name(site, capsys, spec, message):
    with pytest.raises(SystemExit) as stopped:
        cli.main([str(site), "--warning-source", spec])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--retries", "-1"], "argument --retries: '-1' is too small: give 0 or more"),
        (["--workers", "0"], "argument --workers: '0' is too small: give 1 or more"),
        (["--timeout", "0"], "argument --timeout: '0' is too small: give more than 0"),
        (["--cache-days", "-2"], "argument --cache-days: '-2' is too small: give 0 or more"),
        (["--host-interval", "-0.5"], "'-0.5' is too small: give 0 or more"),
        (["--workers", "two"], "argument --workers: 'two' is not a number"),
    ],
)
def test_an_outbound_check_setting_out_of_range_is_refused_by_name(site, capsys, option, message):
    with pytest.raises(SystemExit) as stopped:
        cli.main([str(site), "--external", *option])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_a_dotted_attribute_is_followed():
    assert cli.load_source("plugins.site_audit.cli:Path.cwd") == Path.cwd


def test_a_missing_record_says_how_to_make_one(site, capsys):
    code, text = check(site)
    assert (code, text) == (2, "")
    err = capsys.readouterr().err
    assert err.startswith("site_audit: ")
    assert "no build record for" in err and "invoke build" in err


def test_a_stale_record_is_refused(site, capsys):
    record(site)
    later = time.time() + 5
    os.utime(site / "index.html", (later, later))
    assert check(site)[0] == 2
    assert "the build record is older than" in capsys.readouterr().err


def test_a_record_naming_a_page_check_that_is_gone_is_refused(site, capsys):
    record(site)
    path = build_record.record_path(site)
    data = json.loads(path.read_text("utf-8"))
    data["sections"]["page_checks"] = ["plugins.nothing:check"]
    path.write_text(json.dumps(data), "utf-8")
    assert check(site)[0] == 2
    err = capsys.readouterr().err
    assert "names a page check that cannot be imported" in err
    assert "Build the site again with this version of the plugins." in err


def test_without_a_record_any_folder_is_checked_with_the_blocks_asked_for(site):
    code, text = check(site, "--no-record")
    assert (code, text.splitlines()[0][:19]) == (0, "0 errors, 0 warning")
    code, text = check(site, "--no-record", "--require-block", "crisis-help")
    assert code == 1
    assert 'the block "crisis-help"' in text


def test_a_folder_that_is_not_there_cannot_be_checked(tmp_path, capsys):
    code, _ = check(tmp_path / "nothing")
    assert code == 2
    assert capsys.readouterr().err == (
        f"site_audit: {tmp_path / 'nothing'} is not a directory; build the site first\n"
    )


def test_the_recorded_site_url_makes_absolute_links_internal(site):
    (site / "index.html").write_text(
        page(body='<a rel="noopener noreferrer" href="https://guide.test/missing/">x</a>'), "utf-8"
    )
    record(site, audit={"site_url": "https://guide.test"})
    code, text = check(site)
    assert code == 1 and "missing/" in text
    code, text = check(site, "--site-url", "https://elsewhere.test")
    assert code == 0, text


def test_the_chapters_glob_is_read_from_the_record_or_given(site):
    (site / "about" / "pic.png").write_bytes(b"png")
    (site / "about" / "index.html").write_text(
        page("About", '<img src="pic.png" alt="A picture.">'), "utf-8"
    )
    record(site, audit={"chapters": "nothing/*.html"})
    assert check(site)[0] == 0  # an image is fine on a page that is no chapter
    code, text = check(site, "--chapters", "about/index.html")
    assert code == 1 and "chapter loads image pic.png" in text
    record(site, audit={"chapters": "about/*.html"})
    assert check(site)[0] == 1


def test_outbound_links_are_checked_only_when_asked(site, monkeypatch):
    (site / "index.html").write_text(page(body='<a href="https://other.test/">x</a>'), "utf-8")
    record(site)
    calls = []
    monkeypatch.setattr(
        cli, "check_external", lambda links, config: calls.append((list(links), config)) or []
    )
    check(site)
    assert calls == []
    check(
        site, "--external", "--cache", site.parent / "links.json", "--cache-days", "2",
        "--workers", "3", "--host-interval", "0.5", "--timeout", "4", "--retries", "1",
    )  # fmt: skip
    [(links, config)] = calls
    assert "https://other.test/" in [link if isinstance(link, str) else link[0] for link in links]
    assert (config.cache_path, config.cache_days, config.workers) == (
        site.parent / "links.json",
        2.0,
        3,
    )
    assert (config.host_interval, config.timeout, config.retries) == (0.5, 4.0, 1)


def test_the_defaults_are_the_audits_own():
    args = cli.parser().parse_args(["output"])
    defaults, external = cli.AuditConfig(), cli.ExternalConfig()
    assert (args.output, args.strict, args.no_record, args.blocks) == (
        Path("output"),
        False,
        False,
        [],
    )
    assert (args.site_url, args.chapters, args.base_path) == (None, None, defaults.base_path)
    assert (args.cache, args.cache_days, args.workers) == (
        external.cache_path,
        external.cache_days,
        external.workers,
    )
    assert (args.host_interval, args.timeout, args.retries, args.external) == (
        external.host_interval,
        external.timeout,
        external.retries,
        False,
    )


def test_the_report_gives_the_checks_own_time(site):
    import re

    record(site)
    _, text = check(site)
    seconds = float(re.search(r"\(([\d.]+) s\)", text).group(1))
    assert 0 <= seconds < 60


def test_a_base_path_makes_root_relative_links_resolve_under_it(site):
    (site / "index.html").write_text(page(body='<a href="/mood/about/">About</a>'), "utf-8")
    record(site)
    assert check(site)[0] == 1  # /mood/about/ is no page of the folder
    assert check(site, "--base-path", "/mood/")[0] == 0


def test_a_block_asked_for_on_the_command_line_is_named_in_its_error(site):
    code, text = check(site, "--no-record", "--require-block", "crisis-help")
    assert code == 1
    assert (
        '  about/index.html: has no element with id "crisis-help" (the block "crisis-help"); '
        "every page must carry it"
    ) in text.splitlines()


def test_the_command_lines_help_names_every_option():
    text = " ".join(cli.parser().format_help().split())
    assert text.startswith("usage: python -m plugins.site_audit")
    for words in (
        "output the built site (Pelican's output directory)",
        "--strict fail on warnings too",
        "--no-record check a folder the build did not record (no required blocks or content "
        "warnings)",
        "--require-block ID with --no-record: every page must hold one non-empty element with "
        "this id",
        "--site-url SITE_URL the site's absolute URL (default: SITEURL as the build recorded "
        "it); links to it count as internal",
        "--base-path BASE_PATH URL path the site is served under, for root-relative links",
        "--chapters CHAPTERS glob of chapter pages, relative to the output (default: as "
        "recorded, or guide/*/index.html)",
        "--warning-source MODULE:FUNCTION callable taking the build record and returning "
        "Problems; may be repeated",
        "outbound links (--external):",
        "--external also check outbound links",
        "--cache CACHE cache file of working links (default",
        "--cache-days CACHE_DAYS days a working link stays cached (default",
        "--workers WORKERS requests in flight at once (default",
        "--host-interval HOST_INTERVAL seconds between requests to one host (default",
        "--timeout TIMEOUT seconds to wait for an answer (default",
        "--retries RETRIES retries after 429, 5xx or a timeout (default",
    ):
        assert words in text, words
    assert "check a built site and report" in text
