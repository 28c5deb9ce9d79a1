"""What the mutation runs found untested in crisis_help, feed_safety and whole_guide.

Each test pins down behaviour a caller or an editor sees and that the other
tests leave open: the words of an error about an entry without a name, the
schema's scalar checks when they are built, and so on (docs/mutation.md).
"""

import datetime
import os
from types import SimpleNamespace

import pytest
import strictyaml as sy
from conftest import ROOT
from markupsafe import Markup
from test_crisis_help_data import PATH, SEE_HEADER_AFTER_STOP, broken, problems_of

from guidelib import Problem, SettingsError, make_environment, relative
from plugins import build_record
from plugins.crisis_help.data import TEXT, Checked, matching
from plugins.crisis_help.model import Helpline
from plugins.crisis_help.regions import render_script, zone_table
from plugins.disclaimer import DisclaimerError
from plugins.feed_safety import feed_problems, feed_safety, preface, starts_safely
from plugins.feed_safety.safety import HINT
from plugins.whole_guide import plugin


def checked_problem(schema, text):
    """The (context, problem) of strictyaml's error for ``text`` under ``schema``."""
    with pytest.raises(sy.YAMLValidationError) as caught:
        sy.load(text, schema)
    return caught.value.context, caught.value.problem


def test_a_checked_field_refuses_an_empty_value_unless_it_is_optional():
    schema = sy.Map({"name": Checked(TEXT, "name: United Kingdom")})
    assert checked_problem(schema, "name: ''\n") == (
        "name '' is not non-empty text",
        "write it as 'name: United Kingdom'",
    )
    optional = sy.Map({"name": Checked(TEXT, "name: United Kingdom", optional=True)})
    assert sy.load("name: ''\n", optional).data == {"name": None}


def test_a_matching_field_says_what_it_wanted():
    schema = sy.Map({"code": Checked(matching(r"\d+", "digits"), "code: 12")})
    assert sy.load("code: '12'\n", schema).data == {"code": "12"}
    assert checked_problem(schema, "code: a\n") == (
        "code 'a' is not digits",
        "write it as 'code: 12'",
    )


def test_an_entry_without_its_name_is_called_by_its_place_in_the_list():
    # The region's helpline moves to GB, so that no helpline is in a region without a code.
    text = broken("  - code: AU\n    name:", "  - name:").replace(
        "  - region: AU", "  - region: GB"
    )
    assert problems_of(text) == [
        f"{PATH}:5: region 2: missing field(s) 'code'. {SEE_HEADER_AFTER_STOP}"
    ]
    assert problems_of(broken("    service: Lifeline\n", "")) == [
        f"{PATH}:24: helpline 2 (AU): missing field(s) 'service'. {SEE_HEADER_AFTER_STOP}"
    ]


def test_an_entry_that_is_not_a_mapping_is_called_by_its_place_in_the_list():
    region = '  - code: AU\n    name: Australia\n    emergency: ["000"]\n'
    text = broken(region, "  - AU\n").replace("  - region: AU", "  - region: GB")
    assert problems_of(text) == [
        f"{PATH}:5: region 2: expecting a mapping, found arbitrary text. {SEE_HEADER_AFTER_STOP}"
    ]
    text = broken("  - region: AU\n", "  - AU\n  - region: AU\n")
    assert problems_of(text) == [
        f"{PATH}:24: helpline 2 (None): expecting a mapping, found arbitrary text. "
        f"{SEE_HEADER_AFTER_STOP}"
    ]


def zones_in(script):
    """The text of the script's ``zones`` object."""
    return script.split("var zones=", 1)[1].split(";", 1)[0]


def test_the_script_holds_the_zones_as_compact_json_and_ends_with_a_newline():
    env = make_environment([ROOT / "theme" / "templates"])
    table = {"GB": ["Europe/London"], "NZ": ["Pacific/Auckland", "Pacific/Chatham"]}
    script = render_script(env, ["NZ", "GB", "INT"], table)
    assert (
        zones_in(script)
        == '{"NZ":{"Pacific":"Auckland Chatham"},"GB":{"Europe":"London"},"INT":{}}'
    )
    assert script.endswith("}());\n")


def test_no_code_or_zone_can_close_the_script_it_is_written_into():
    env = make_environment([ROOT / "theme" / "templates"])
    script = render_script(env, ["</script>"], {"</script>": ["<b>/<i>"]})
    assert zones_in(script) == '{"\\u003c/script>":{"\\u003cb>":"\\u003ci>"}}'


def test_the_zone_table_lists_each_countrys_zones_in_the_databases_order():
    table = zone_table()
    assert table["GB"] == ["Europe/London"]
    assert table["NZ"] == ["Pacific/Auckland", "Pacific/Chatham"]
    assert table["US"][:2] == ["America/New_York", "America/Detroit"]
    assert all(len(code) == 2 and code.isupper() for code in table)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.samaritans.org/", "samaritans.org"),
        ("https://www.samaritans.org/ireland/", "samaritans.org/ireland"),
        ("https://988lifeline.org/", "988lifeline.org"),
        ("https://example.org/HELPBOX/", "example.org/HELPBOX"),
    ],
)
def test_a_helplines_hosts_are_written_as_readers_would_type_them(url, host):
    line = Helpline("GB", "Samaritans", url, (), (), None, url, datetime.date(2026, 11, 1))
    assert (line.website_host, line.source_host) == (host, host)


FEED_TEXT = "This guide is not medical advice."
HELP = "https://guide.example.org/get-help/"
FEED_START = str(preface(FEED_TEXT, "https://guide.example.org/disclaimer/", HELP))
UNSAFE = (
    "does not start with the disclaimer and the "
    "'Get help now: https://guide.example.org/get-help/' link"
)


def escaped(markup):
    return str(markup).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_an_unsafe_entry_is_named_with_its_own_line_and_the_hint():
    data = (
        '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f'<entry>\n<title>One</title>\n<content type="html">{escaped(FEED_START)}</content>\n'
        '</entry>\n<entry>\n<title>Two</title>\n<content type="html">Body</content>\n'
        "</entry>\n</feed>\n"
    ).encode()
    assert feed_problems(data, "feeds/all.atom.xml", [FEED_TEXT], HELP) == [
        Problem("feeds/all.atom.xml", f"the feed entry 'Two' {UNSAFE}", line=7, hint=HINT)
    ]


def test_an_atom_entry_needs_the_preface_in_its_summary_too():
    safe = f'<content type="html">{escaped(FEED_START)}</content>'
    data = (
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<entry><title>One</title>{safe}"
        f'<summary type="html">{escaped(FEED_START)}Short</summary></entry>'
        f'<entry><title>Two</title>{safe}<summary type="html">Short</summary></entry>'
        f'<entry><title>Three</title><summary type="html">{escaped(FEED_START)}</summary></entry>'
        "<entry><title>Four</title></entry></feed>"
    ).encode()
    problems = feed_problems(data, "feeds/all.atom.xml", [FEED_TEXT], HELP)
    assert [problem.message for problem in problems] == [
        f"the feed entry 'Two' {UNSAFE}",
        f"the feed entry 'Four' {UNSAFE}",
    ]


def test_an_rss_item_is_read_by_its_description_and_title():
    data = (
        "<rss><channel><title>Guide</title>"
        f"<item><title>One</title><description>{escaped(FEED_START)}</description></item>"
        "<item><title>Two</title><description></description></item>"
        "<item><title>Three</title></item>"
        "</channel></rss>"
    ).encode()
    problems = feed_problems(data, "feeds/all.rss.xml", [FEED_TEXT], HELP)
    assert [(problem.message, problem.line, problem.hint) for problem in problems] == [
        (f"the feed entry 'Two' {UNSAFE}", 1, HINT),
        (f"the feed entry 'Three' {UNSAFE}", 1, HINT),
    ]


def test_a_feed_that_is_not_xml_is_one_problem_with_the_parsers_reason():
    assert feed_problems(b"<feed>", "feeds/all.atom.xml", [FEED_TEXT], HELP) == [
        Problem(
            "feeds/all.atom.xml",
            "the feed is not well-formed XML: Premature end of data in tag feed line 1, "
            "line 1, column 7 (<string>, line 1)",
            hint=HINT,
        )
    ]


@pytest.mark.parametrize(
    ("body", "safe"),
    [
        (None, False),
        (FEED_START.replace(FEED_TEXT, "This  guide is\nnot medical advice."), True),
        (FEED_START.replace("Get help now:", "Get help now, please:"), True),
        (FEED_START.replace("Get help now:", "Please get help now:"), False),
        ("<!-- a comment first -->" + FEED_START, False),
        ("<!DOCTYPE html>", False),  # lxml finds no document in it
        (FEED_START.replace("<a href", "<span href", 2).replace("</a>", "</span>"), False),
    ],
)
def test_what_counts_as_starting_safely(body, safe):
    assert starts_safely(body, [FEED_TEXT], HELP) is safe


def test_a_disclaimer_text_is_matched_with_its_own_spacing():
    body = str(preface("Sizes X Large and up.", "https://guide.example.org/disclaimer/", HELP))
    assert starts_safely(body, ["X Large and up."], HELP) is True
    assert starts_safely(body, ["XLarge and up."], HELP) is False


SHORT = "Information only, not medical advice."
STRONG = "This page talks about severe depression. Contact a crisis line now."


def feed_ready(tmp_path, monkeypatch, site_url="https://guide.test"):
    """feed_safety loaded for a site at ``site_url``, with its two pages found."""
    monkeypatch.setattr(feed_safety, "_state", {})
    pages = tmp_path / "content" / "pages"
    pages.mkdir(parents=True)
    (pages / "disclaimer.md").write_text(
        f"Title: Disclaimer\nShort: {SHORT}\nStrong: {STRONG}\n\nText.\n", encoding="utf-8"
    )
    settings = {
        "PATH": str(tmp_path / "content"),
        "SITEURL": site_url,
        "FEED_ALL_ATOM": "feeds/all.atom.xml",
    }
    feed_safety.load(SimpleNamespace(settings=settings))
    found = [
        SimpleNamespace(source_path=str(pages / "disclaimer.md"), url="disclaimer/"),
        SimpleNamespace(source_path=str(pages / "get-help.md"), url="get-help/"),
    ]
    feed_safety.find_pages(SimpleNamespace(pages=found, hidden_pages=[], draft_pages=[]))


def test_an_article_without_translations_gets_its_own_banner(tmp_path, monkeypatch):
    feed_ready(tmp_path, monkeypatch)
    # Pelican's articles always have translations; another generator's need not.
    strong = SimpleNamespace(url="guide/b/", metadata={"disclaimer": "strong"})
    feed = SimpleNamespace(items=[{"link": "https://guide.test/guide/b/", "content": "Body"}])
    feed_safety.add_prefaces({"articles": [strong]}, feed)
    start = preface(STRONG, "https://guide.test/disclaimer/", "https://guide.test/get-help/")
    assert feed.items[0]["content"] == f"{start}Body"


def test_a_disclaimer_without_a_banner_text_is_named_by_its_path(tmp_path, monkeypatch):
    monkeypatch.setattr(feed_safety, "_state", {})
    (tmp_path / "pages").mkdir()
    source = tmp_path / "pages" / "disclaimer.md"
    source.write_text(f"Title: Disclaimer\nShort: {SHORT}\n\nText.\n", encoding="utf-8")
    settings = {"PATH": str(tmp_path), "SITEURL": "https://guide.test", "FEED_ALL_RSS": "x"}
    with pytest.raises(DisclaimerError) as raised:
        feed_safety.load(SimpleNamespace(settings=settings))
    assert [(problem.path, problem.message) for problem in raised.value.problems] == [
        (relative(os.path.abspath(source)), "the strong banner text is missing")
    ]


@pytest.mark.parametrize(
    ("site_url", "root"),
    [
        ("https://guide.test/mood/", "https://guide.test/mood/"),
        ("https://guide.test/BOX", "https://guide.test/BOX/"),
        ("https://guide.test/BOX/", "https://guide.test/BOX/"),
    ],
)
def test_the_links_of_the_preface_are_under_the_site_url(tmp_path, monkeypatch, site_url, root):
    feed_ready(tmp_path, monkeypatch, site_url)
    feed = SimpleNamespace(items=[{"link": f"{root}guide/a/", "content": "Body"}])
    feed_safety.add_prefaces({}, feed)
    start = preface(SHORT, f"{root}disclaimer/", f"{root}get-help/")
    assert feed.items[0]["content"] == f"{start}Body"


def test_a_whole_guide_page_that_is_no_output_path_is_one_error_with_an_example(monkeypatch):
    monkeypatch.setattr(plugin, "_state", {})
    with pytest.raises(SettingsError) as raised:
        plugin.load_settings(SimpleNamespace(settings={"WHOLE_GUIDE_SAVE_AS": "/all.html"}))
    assert [str(problem) for problem in raised.value.problems] == [
        "pelicanconf.py: WHOLE_GUIDE_SAVE_AS must be an output path ending in .html, such as "
        "'guide/all/index.html'. For example: WHOLE_GUIDE_SAVE_AS = \"guide/all/index.html\"."
    ]


@pytest.fixture
def fresh_guide(monkeypatch):
    monkeypatch.setattr(plugin, "_state", {})
    monkeypatch.setattr(plugin, "_prepared", {"links": None, "chapters": {}})
    build_record.reset()
    plugin.load_settings(SimpleNamespace(settings={}))
    yield
    build_record.reset()


def linking_chapter(where):
    """A chapter without citations whose link Pelican writes to the page at ``where[0]``."""
    return SimpleNamespace(
        source_path="content/chapters/01-one.md",
        slug="one",
        url="guide/one/",
        order=1,
        metadata={},
        key_points=[],
        _content='<p><a href="{filename}/pages/a.md">A</a></p>',
        get_content=lambda siteurl: f'<p><a href="{siteurl}/{where[0]}">A</a></p>',
    )


def guide_generators(chapter, page_url, **settings):
    context = {
        "chapters": [chapter],
        "generated_content": {"pages/a.md": SimpleNamespace(url=page_url)},
    }
    settings = {"PLUGINS": ["plugins.site_audit"], "SITEURL": "https://guide.test", **settings}
    return [SimpleNamespace(context=context, settings=settings)]


def test_a_chapter_is_fitted_again_when_a_page_it_links_to_moves(fresh_guide):
    where = ["a/"]
    chapter = linking_chapter(where)
    plugin.render_guide(guide_generators(chapter, "a/", MARKDOWN={}))
    assert 'href="https://guide.test/a/"' in plugin._state["guide"].chapters[0].html
    where[0] = "b/"
    plugin.render_guide(guide_generators(chapter, "b/", MARKDOWN={}))
    assert 'href="https://guide.test/b/"' in plugin._state["guide"].chapters[0].html


def test_settings_without_markdown_number_no_citations(fresh_guide):
    plugin.render_guide(guide_generators(linking_chapter(["a/"]), "a/"))
    guide = plugin._state["guide"]
    assert [part.slug for part in guide.chapters] == ["one"]
    assert guide.references == ""


def test_a_chapters_key_points_come_to_the_page_as_markup(fresh_guide):
    chapter = linking_chapter(["a/"])
    chapter.key_points = ["Sleep <em>helps</em>."]
    plugin.render_guide(guide_generators(chapter, "a/", MARKDOWN={}))
    [points] = [part.key_points for part in plugin._state["guide"].chapters]
    assert points == ["Sleep <em>helps</em>."]
    assert all(isinstance(point, Markup) for point in points)
