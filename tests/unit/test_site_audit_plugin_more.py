"""The Pelican side of site_audit, handler by handler, on pages written to a temporary folder.

Each test starts a build with a fake ``pelican`` (its settings and output
path), hands the plugin the pages it "wrote" with the context Pelican would
give, and asserts on what ``finish`` logs, raises and writes to the build
record. The worker process is replaced by a fake where the test is about
what is handed to it; elsewhere the builds are too small to start one.
"""

import json
import logging
from types import SimpleNamespace

import jinja2
import pytest
from test_site_audit_audit import page

from guidelib import WARNING, Problem, SettingsError
from plugins import build_record
from plugins.build_record import record_path
from plugins.build_record.build_record import write_record
from plugins.citations import leftover_citations
from plugins.site_audit import Block, add_collection, add_page_check, plugin, require_block
from plugins.site_audit.pages import scan_page
from plugins.site_audit.plugin import (
    SiteAuditError,
    check_written_page,
    finish,
    in_source,
    keep_environment,
    read_config,
    start,
    take_written_pages,
)
from plugins.site_audit.written import check_written

DISCLAIMER = Block("disclaimer", "the disclaimer banner", "Keep the banner in base.html")
CRISIS = Block("crisis-help", "the crisis help", "Keep the crisis help in base.html")


@pytest.fixture(autouse=True)
def fresh_record():
    build_record.reset()
    yield
    build_record.reset()


@pytest.fixture
def output(tmp_path):
    folder = tmp_path / "output"
    folder.mkdir()
    return folder


def fake_pelican(output, **settings):
    settings = {
        "SITEURL": "",
        "OUTPUT_PATH": str(output),
        "PLUGINS": ["plugins.site_audit"],
        **settings,
    }
    return SimpleNamespace(output_path=str(output), settings=settings)


def write(output, name, html, **context):
    """Write the page ``name`` and hand it to the plugin as Pelican's writer does."""
    path = output / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    check_written_page(str(path), {"OUTPUT_PATH": str(output), **context})
    return path


def logged(caplog, level=logging.ERROR):
    return [r.getMessage() for r in caplog.records if r.levelno == level]


def recorded(pelican):
    """The build record as `invoke check` reads it."""
    write_record(pelican)
    return json.loads(record_path(pelican.output_path).read_text(encoding="utf-8"))


def source_file(tmp_path, lines, name="a.md"):
    path = tmp_path / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"SITE_AUDIT_CHAPTERS": ""}, "SITE_AUDIT_CHAPTERS must be a glob of chapter pages"),
        (
            {"SITE_AUDIT_CHAPTER_EXCLUDE": ["#references", "aside"]},
            'SITE_AUDIT_CHAPTER_EXCLUDE must list "#id" or ".class" selectors',
        ),
    ],
)
def test_a_bad_setting_says_what_it_must_be(settings, message):
    with pytest.raises(SettingsError) as raised:
        read_config(settings)
    assert [problem.message for problem in raised.value.problems] == [message]


def test_the_chapter_settings_reach_the_audit():
    _, config = read_config(
        {
            "SITE_AUDIT_CHAPTERS": "docs/*.html",
            "SITE_AUDIT_CHAPTER_EXCLUDE": ["#references", ".aside"],
        }
    )
    assert (config.chapters, config.chapter_exclude) == ("docs/*.html", ("#references", ".aside"))


@pytest.mark.parametrize("settings", [{}, {"SITEURL": ""}, {"SITEURL": None}])
def test_no_site_url_is_an_empty_one(settings):
    _, config = read_config(settings)
    assert config.site_url == ""


@pytest.mark.parametrize(
    ("lines", "message", "line"),
    [
        # Words without a URL character are not looked for ("missing").
        (
            ["Title: A", "Nothing is missing here.", "See [the page](missing/)."],
            "link to missing page missing/ (no file missing/index.html)",
            3,
        ),
        # Quotes and punctuation around a quoted URL are not part of it.
        (
            ["Intro.", '<iframe src="https://video.example/embed"></iframe>'],
            "frame loaded from another origin: https://video.example/embed; serve it from the site",
            2,
        ),
        # Three characters are too few to find the right line ("a/b").
        (
            ["Use a/b here.", "[x](https://x.example/long)"],
            "see a/b at https://x.example/long",
            2,
        ),
        (["Intro.", "[x](a/bc)"], "link to missing page a/bc", 2),
        (["[a](#step-Y)", "[b](#step-X)"], "link to missing anchor #step-X", 2),
        (
            ["LaTeX is fine in prose.", "As \\cite{smith} showed."],
            "LaTeX shown as text: \\cite{smith}",
            2,
        ),
    ],
)
def test_a_problem_moves_to_the_source_line_that_quotes_it(
    tmp_path, monkeypatch, lines, message, line
):
    monkeypatch.chdir(tmp_path)
    source_file(tmp_path, lines)
    problem = Problem("index.html", message, WARNING, 1, hint="Fix it")
    assert in_source(problem, "content/a.md") == Problem(
        "content/a.md", f"{message} (in index.html:1)", WARNING, line, hint="Fix it"
    )


def test_a_problem_the_source_does_not_quote_names_the_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source_file(tmp_path, ["Title: A", "See [x](a/)."])
    problem = Problem("index.html", "has 2 <h1> elements; a page needs exactly one", line=4)
    assert in_source(problem, "content/a.md") == Problem(
        "index.html",
        "has 2 <h1> elements; a page needs exactly one (the page built from content/a.md)",
        line=4,
    )


@pytest.mark.parametrize("source", [None, "", "content/gone.md"])
def test_a_problem_without_a_readable_source_stays_as_it_is(tmp_path, monkeypatch, source):
    monkeypatch.chdir(tmp_path)
    problem = Problem("index.html", "link to missing page missing/", line=1)
    assert in_source(problem, source) is problem


def test_pages_written_outside_a_build_are_not_checked(output, caplog):
    pelican = fake_pelican(output)
    start(pelican)
    finish(pelican)
    write(output, "index.html", page('<a href="missing/">x</a>'))
    with caplog.at_level(logging.INFO, logger="plugins.site_audit"):
        take_written_pages()
        finish(pelican)
    assert caplog.records == []


def test_files_that_are_not_pages_are_not_checked(output):
    pelican = fake_pelican(output)
    start(pelican)
    require_block(pelican.settings, DISCLAIMER)
    write(output, "feeds/all.atom.xml", "<feed></feed>")
    write(output, "robots.txt", "User-agent: *")
    finish(pelican)  # neither lacks the disclaimer: neither is a page


@pytest.mark.parametrize(
    ("name", "shown"),
    [("index.html", "index.html"), ("guide/a/index.html", "guide/a/index.html")],
)
def test_a_missing_block_is_logged_with_the_page_and_its_template_file(
    tmp_path, output, monkeypatch, caplog, name, shown
):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "article.html").write_text("{{ content }}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    pelican = fake_pelican(output)
    start(pelican)
    require_block(pelican.settings, CRISIS)
    keep_environment(
        SimpleNamespace(env=jinja2.Environment(loader=jinja2.FileSystemLoader(templates)))
    )
    html = page().replace('<section id="crisis-help">Call for help now.</section>', "")
    write(output, name, html, article=SimpleNamespace(template="article"))
    with caplog.at_level(logging.ERROR, logger="plugins.site_audit"), pytest.raises(SiteAuditError):
        finish(pelican)
    assert logged(caplog) == [
        f'{shown}: the crisis help (id="crisis-help") is missing. The page was rendered by '
        "template article (templates/article.html). Keep the crisis help in base.html."
    ]


def test_a_page_is_named_relative_to_the_working_folder_without_an_output_path(
    output, monkeypatch, caplog
):
    monkeypatch.chdir(output)
    pelican = fake_pelican(output)
    start(pelican)
    require_block(pelican.settings, CRISIS)
    (output / "index.html").write_text(page().replace("crisis-help", "help"), encoding="utf-8")
    check_written_page(str(output / "index.html"), {})
    with caplog.at_level(logging.ERROR, logger="plugins.site_audit"), pytest.raises(SiteAuditError):
        finish(pelican)
    assert logged(caplog)[0].startswith(
        'index.html: the crisis help (id="crisis-help") is missing.'
    )


def test_a_repeated_block_is_logged_at_its_second_line(output, caplog):
    pelican = fake_pelican(output, SITE_AUDIT_ON_BUILD=False)  # blocks are checked all the same
    start(pelican)
    require_block(pelican.settings, DISCLAIMER)
    html = page().replace("<h1>", '\n\n<div id="disclaimer">Again.</div>\n<h1>')
    write(output, "index.html", html)
    with caplog.at_level(logging.ERROR, logger="plugins.site_audit"), pytest.raises(SiteAuditError):
        finish(pelican)
    assert logged(caplog) == [
        'index.html:3: the disclaimer banner (id="disclaimer") appears 2 times. The page was '
        "rendered by template unknown. Keep the banner in base.html."
    ]


def test_pages_that_lack_blocks_fail_the_build_naming_each_block_and_its_pages(output):
    pelican = fake_pelican(output)
    start(pelican)
    require_block(pelican.settings, DISCLAIMER)
    require_block(pelican.settings, CRISIS)
    bare = "<!DOCTYPE html><html><head><title>T</title></head><body><h1>T</h1></body></html>"
    write(output, "a.html", bare)
    write(output, "b.html", page().replace("crisis-help", "help"))
    write(output, "c.html", page())
    write(output, "d.html", bare.replace("<h1>", '<div id="crisis-help">Help.</div><h1>'))
    with pytest.raises(SiteAuditError) as raised:
        finish(pelican)
    assert str(raised.value) == (
        "2 page(s) lack the disclaimer banner: a.html, d.html; "
        "2 page(s) lack the crisis help: a.html, b.html. "
        "Each is logged above with the template that rendered it."
    )


@pytest.mark.parametrize("key", ["article", "page"])
def test_an_error_is_logged_at_the_source_line_that_caused_it(
    tmp_path, output, monkeypatch, caplog, key
):
    monkeypatch.chdir(tmp_path)
    source = source_file(tmp_path, ["Title: A", "", "See [the page](missing/)."])
    pelican = fake_pelican(output)
    start(pelican)
    content = SimpleNamespace(source_path=str(source))
    write(output, "a/index.html", page('<a href="missing/">x</a>'), **{key: content})
    with caplog.at_level(logging.ERROR, logger="plugins.site_audit"):
        finish(pelican)
    assert logged(caplog) == [
        "content/a.md:3: link to missing page missing/ (no file a/missing/index.html) "
        "(in a/index.html:1)"
    ]


def test_the_build_records_the_blocks_checks_and_audit_settings(output):
    pelican = fake_pelican(
        output,
        SITEURL="https://guide.example.org",
        SITE_AUDIT_CHAPTERS="docs/*.html",
        SITE_AUDIT_CHAPTER_EXCLUDE=[".aside"],
    )
    start(pelican)
    require_block(pelican.settings, DISCLAIMER)
    add_page_check(pelican.settings, leftover_citations)
    add_collection(pelican.settings, "all.html")
    finish(pelican)
    assert recorded(pelican)["sections"] == {
        "required_blocks": [
            {
                "id": "disclaimer",
                "name": "the disclaimer banner",
                "fix": "Keep the banner in base.html",
                "pages": "*",
            }
        ],
        "page_checks": ["plugins.citations:leftover_citations"],
        "audit": {
            "site_url": "https://guide.example.org",
            "chapters": "docs/*.html",
            "chapter_exclude": [".aside"],
            "collections": ["all.html"],
        },
    }


def test_each_source_records_the_weight_of_its_page(tmp_path, output):
    pelican = fake_pelican(output)
    start(pelican)
    chapter = page("<p>Caf\u00e9 \u00e0 la carte.</p>")
    other = page("<p>About.</p>")
    source = SimpleNamespace(source_path=str(source_file(tmp_path, ["Title: A"])))
    about = SimpleNamespace(source_path=str(source_file(tmp_path, ["Title: B"], "b.md")))
    write(output, "guide/a/index.html", chapter, article=source)
    write(output, "about/index.html", other, page=about)
    finish(pelican)
    data = chapter.encode("utf-8")
    markup = scan_page("guide/a/index.html", data, ("#references",)).markup_bytes
    weights = {entry["source"]: entry["weight"] for entry in recorded(pelican)["pages"]}
    assert weights == {
        str(tmp_path / "content" / "a.md"): {"bytes": len(data), "markup": markup},
        str(tmp_path / "content" / "b.md"): {"bytes": len(other), "markup": None},
    }
    assert markup is not None


def test_a_page_that_collects_the_chapters_records_its_weight(output):
    pelican = fake_pelican(output)
    start(pelican)
    add_collection(pelican.settings, "all.html")
    html = page("<p>All of it.</p>")
    write(output, "all.html", html)
    write(output, "tags.html", page())
    finish(pelican)
    markup = scan_page("all.html", html.encode(), ("#references",)).markup_bytes
    assert recorded(pelican)["sections"]["collection_weights"] == {
        "all.html": {"bytes": len(html), "markup": markup}
    }


def test_a_page_that_is_neither_records_no_weight(output):
    pelican = fake_pelican(output)
    start(pelican)
    write(output, "tags.html", page())
    finish(pelican)
    data = recorded(pelican)
    assert data["pages"] == []
    assert "collection_weights" not in data["sections"]


HEAVY = '<div class="wrapper" data-x="y"></div>' * 500


@pytest.mark.parametrize(
    ("name", "collection", "errors"),
    [
        ("guide/a/index.html", (), 1),
        ("all.html", ("all.html",), 1),
        ("about/index.html", (), 0),
    ],
)
def test_a_chapters_markup_budget_is_checked_as_it_is_written(
    output, caplog, name, collection, errors
):
    pelican = fake_pelican(output)
    start(pelican)
    for page_name in collection:
        add_collection(pelican.settings, page_name)
    write(output, name, page(HEAVY))
    with caplog.at_level(logging.ERROR, logger="plugins.site_audit"):
        finish(pelican)
    assert [m.split(" weighs ")[0] for m in logged(caplog)] == [f"{name}: chapter markup"] * errors


def test_links_to_the_sites_own_address_are_checked_like_internal_ones(output, caplog):
    pelican = fake_pelican(output, SITEURL="https://guide.example.org")
    start(pelican)
    write(output, "index.html", page('<a href="https://guide.example.org/gone/">x</a>'))
    with caplog.at_level(logging.ERROR, logger="plugins.site_audit"):
        finish(pelican)
    assert logged(caplog) == [
        "index.html:1: link to missing page https://guide.example.org/gone/ "
        "(no file gone/index.html)"
    ]


def test_pages_this_build_did_not_write_are_audited_with_the_added_checks(output, caplog):
    (output / "old.html").write_text(page("<p>As @singh2023 showed.</p>"), encoding="utf-8")
    pelican = fake_pelican(output)
    start(pelican)
    add_page_check(pelican.settings, leftover_citations)
    write(output, "index.html", page())
    with caplog.at_level(logging.ERROR, logger="plugins.site_audit"):
        finish(pelican)
    assert [(r.problem.location, r.problem.message) for r in caplog.records] == [
        ("old.html:1", "citation @singh2023 is shown as text: it was not read as a citation")
    ]


def test_the_audit_says_how_many_pages_it_checked(output, caplog):
    pelican = fake_pelican(output)
    start(pelican)
    write(output, "index.html", page())
    write(output, "a/index.html", page())
    with caplog.at_level(logging.INFO, logger="plugins.site_audit"):
        finish(pelican)
    [info] = [r for r in caplog.records if r.levelno == logging.INFO]
    assert info.msg == "site_audit: %d pages checked in %.2f s"
    assert info.args[0] == 2


class FakeWorker:
    """Runs each call at once and keeps its result, as the worker process would."""

    def __init__(self):
        self.keys, self.results = [], {}

    def add(self, key, function, *args):
        self.keys.append((key, args[1]))
        self.results[key] = function(*args)

    def report(self, key):
        return self.results.pop(key, None)

    def close(self):
        self.results.clear()


def test_each_page_goes_to_the_worker_under_its_own_key(output, monkeypatch):
    worker = FakeWorker()
    monkeypatch.setattr(plugin, "_worker", worker)
    pelican = fake_pelican(output)
    start(pelican)
    write(output, "index.html", page())
    write(output, "guide/a/index.html", page())
    finish(pelican)
    assert worker.keys == [(0, "index.html"), (1, "guide/a/index.html")]


def test_a_page_the_worker_checked_is_not_checked_again(output, monkeypatch):
    calls = []

    def counted(*args):
        calls.append(args[1])
        return check_written(*args)

    monkeypatch.setattr(plugin, "_worker", FakeWorker())
    monkeypatch.setattr(plugin, "check_written", counted)
    pelican = fake_pelican(output)
    start(pelican)
    write(output, "index.html", page())
    write(output, "a/index.html", page())
    finish(pelican)
    assert calls == ["index.html", "a/index.html"]


def test_the_worker_is_handed_the_page_as_written(output, monkeypatch):
    handed = []
    worker = FakeWorker()
    worker.add = lambda key, function, *args: handed.append((key, function, args))
    monkeypatch.setattr(plugin, "_worker", worker)
    pelican = fake_pelican(output)
    start(pelican)
    require_block(pelican.settings, DISCLAIMER)
    html = page("<p>Caf\u00e9.</p>")
    write(output, "guide/a/index.html", html)
    assert handed == [
        (
            0,
            check_written,
            (html.encode("utf-8"), "guide/a/index.html", (DISCLAIMER,), True, ("#references",), ()),
        )
    ]
    finish(pelican)
