"""The hosting plugin's settings check and start-up, its files' exact text, and the
security headers rendered from a policy or headers other than the site's own.

Called with plain dicts of settings and SimpleNamespace stand-ins for Pelican's
objects; the built site's files are in the integration tests.
"""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from guidelib import Problem, SettingsError
from guidelib.settings import SETTINGS_FILE
from sitebuild import headers, hosting

SITE = "https://guide.example.org"

NO_SITEURL = (
    "SITEURL is '': robots.txt and sitemap.xml need the site's absolute address",
    "set SITEURL (publishconf.py does) or turn HOSTING_ROBOTS and HOSTING_SITEMAP off",
)


@pytest.mark.parametrize(
    ("settings", "path"),
    [
        ({}, "publishconf.py"),
        ({SETTINGS_FILE: ""}, "publishconf.py"),
        ({SETTINGS_FILE: "site/publishconf.py", "SITEURL": ""}, "site/publishconf.py"),
    ],
)
def test_without_siteurl_the_problem_names_the_settings_file_and_the_fix(settings, path):
    with pytest.raises(SettingsError) as raised:
        hosting.check_settings(settings)
    message, hint = NO_SITEURL
    assert raised.value.problems == [Problem(path, message, hint=hint)]


@pytest.mark.parametrize(
    "switches",
    [
        {"HOSTING_SITEMAP": False},
        {"HOSTING_ROBOTS": False},
    ],
)
def test_robots_or_the_sitemap_alone_needs_siteurl(switches):
    with pytest.raises(SettingsError, match="SITEURL is ''"):
        hosting.check_settings(switches)


def test_with_robots_and_sitemap_off_no_siteurl_is_needed():
    settings = {"HOSTING_ROBOTS": False, "HOSTING_SITEMAP": False}
    assert hosting.check_settings(settings) == hosting.Settings(robots=False, sitemap=False)


@pytest.mark.parametrize("siteurl", ["https://guide.example.org", "http://localhost:8000"])
def test_an_absolute_http_or_https_siteurl_is_accepted(siteurl):
    assert hosting.check_settings({"SITEURL": siteurl}) == hosting.Settings()


@pytest.mark.parametrize("siteurl", ["guide.example.org", "/guide", "ftp://guide.example.org"])
def test_a_siteurl_that_is_not_an_http_address_is_refused(siteurl):
    with pytest.raises(SettingsError, match=f"SITEURL is '{siteurl}'"):
        hosting.check_settings({"SITEURL": siteurl})


def test_at_start_up_the_templates_get_the_meta_policy():
    pelican = SimpleNamespace(settings={"SITEURL": SITE})
    hosting.add_meta_policy(pelican)
    assert pelican.settings["HOSTING_CSP_META"] == headers.meta_policy()


def test_bad_settings_stop_the_start_up():
    pelican = SimpleNamespace(settings={"SITEURL": "guide.example.org"})
    with pytest.raises(SettingsError, match="SITEURL is 'guide.example.org'"):
        hosting.add_meta_policy(pelican)
    assert "HOSTING_CSP_META" not in pelican.settings


def test_a_date_field_that_is_not_a_date_is_left_out():
    page = SimpleNamespace(date=datetime(2026, 3, 1, tzinfo=UTC), modified="", reviewed="soon")
    assert hosting.last_changed(page) == date(2026, 3, 1)


def test_the_sitemap_text_gives_a_day_only_where_one_is_known():
    entries = [(f"{SITE}/", date(2026, 11, 2)), (f"{SITE}/about/", None)]
    assert hosting.sitemap_xml(entries) == (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "<url><loc>https://guide.example.org/</loc><lastmod>2026-11-02</lastmod></url>\n"
        "<url><loc>https://guide.example.org/about/</loc></url>\n"
        "</urlset>\n"
    )


def test_robots_txt_names_the_sites_sitemap():
    files = hosting.host_files({"SITEURL": SITE}, [], [])
    assert files["robots.txt"] == (
        "User-agent: *\nAllow: /\n\nSitemap: https://guide.example.org/sitemap.xml\n"
    )


# The security headers, for a policy or headers given.

POLICY = {"default-src": ("'self'",), "frame-ancestors": ("'none'",), "img-src": ("data:",)}


def test_the_meta_policy_of_a_given_policy_leaves_out_what_meta_tags_cannot_carry():
    assert headers.meta_policy(POLICY) == "default-src 'self'; img-src data:"


def test_the_security_headers_carry_a_given_policy_whole():
    assert headers.security_headers(POLICY) == {
        "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; img-src data:",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    }


def test_a_headers_file_sets_the_given_headers_on_the_given_path():
    text = headers.headers_file({"Cache-Control": "max-age=60", "A": "1"}, path="/theme/*")
    assert text == "/theme/*\n  Cache-Control: max-age=60\n  A: 1\n"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("  A: 1\n", 1),
        ("# rules\n/*\n  A: 1\n  no colon here\n", 4),
    ],
)
def test_a_bad_headers_line_is_named_by_its_number(text, number):
    with pytest.raises(ValueError) as raised:
        headers.parse_headers_file(text)
    bad = text.splitlines()[number - 1].strip()
    assert str(raised.value) == f"_headers:{number}: {bad!r} is not 'Name: value' under a path line"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A comment may be indented like the headers.
        ("/*\n  # why: the site's own\n  A: 1\n", {"/*": {"A": "1"}}),
        # One space is indent enough, and a path may be one character.
        ("/\n A: 1\n", {"/": {"A": "1"}}),
    ],
)
def test_parse_headers_file_reads_indented_comments_and_short_lines(text, expected):
    assert headers.parse_headers_file(text) == expected
