"""The security policy: what it allows, and its two renderings (_headers and <meta>)."""

import pytest

from sitebuild import headers


def header_rules():
    return headers.parse_headers_file(headers.headers_file())


def test_headers_file_sets_the_security_headers_on_every_path():
    rules = header_rules()
    assert list(rules) == ["/*"]
    assert rules["/*"] == {
        "Content-Security-Policy": headers.render_policy(headers.CONTENT_SECURITY_POLICY),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": ("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    }


@pytest.mark.parametrize(
    ("directive", "sources"),
    [
        ("default-src", ("'none'",)),
        ("frame-ancestors", ("'none'",)),
        ("base-uri", ("'none'",)),
        ("form-action", ("'none'",)),
    ],
)
def test_the_header_policy_locks_down(directive, sources):
    policy = headers.parse_policy(header_rules()["/*"]["Content-Security-Policy"])
    assert policy[directive] == sources


def test_the_policy_allows_nothing_but_the_site_itself():
    policy = headers.parse_policy(headers.render_policy(headers.CONTENT_SECURITY_POLICY))
    for directive, sources in policy.items():
        assert set(sources) <= {"'self'", "'none'"}, directive
        assert sources in (("'self'",), ("'none'",)), directive


def test_the_meta_policy_is_the_header_policy_minus_what_meta_tags_cannot_carry():
    full = headers.parse_policy(header_rules()["/*"]["Content-Security-Policy"])
    meta = headers.parse_policy(headers.meta_policy())
    assert "frame-ancestors" not in meta
    assert meta == {
        name: sources
        for name, sources in full.items()
        if name not in headers.META_IGNORED_DIRECTIVES
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("default-src 'none'", {"default-src": ("'none'",)}),
        (
            "default-src 'none';  style-src 'self' ;",
            {"default-src": ("'none'",), "style-src": ("'self'",)},
        ),
        # The first of two copies of a directive is the one browsers use.
        ("img-src 'self'; IMG-SRC *", {"img-src": ("'self'",)}),
        ("upgrade-insecure-requests", {"upgrade-insecure-requests": ()}),
    ],
)
def test_parse_policy(value, expected):
    assert headers.parse_policy(value) == expected


def test_render_then_parse_gives_the_policy_back():
    policy = {"default-src": ("'none'",), "img-src": ("'self'", "data:")}
    assert headers.parse_policy(headers.render_policy(policy)) == policy


def test_parse_headers_file_reads_several_paths_and_skips_comments():
    text = "# site\n/*\n  A: 1\n\n/theme/*\n  Cache-Control: max-age=60\n  B: x: y\n"
    assert headers.parse_headers_file(text) == {
        "/*": {"A": "1"},
        "/theme/*": {"Cache-Control": "max-age=60", "B": "x: y"},
    }


@pytest.mark.parametrize("text", ["  A: 1\n", "/*\n  no colon here\n"])
def test_parse_headers_file_names_the_bad_line(text):
    with pytest.raises(ValueError, match=r"_headers:\d+: .* is not 'Name: value'"):
        headers.parse_headers_file(text)
