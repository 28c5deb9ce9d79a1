"""The whole-site audit: links across pages, stylesheets, budgets, warning sources, report."""

import pytest

from plugins.site_audit import WARNING, AuditConfig, Problem, audit, exit_status, format_report
from plugins.site_audit.assets import css_references


def page(body="", head="", lang="en"):
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>T</title>'
        f'<meta name="description" content="D.">{head}</head><body>'
        '<div id="disclaimer">General information only.</div>'
        f"<h1>T</h1>{body}"
        '<section id="crisis-help">Call for help now.</section></body></html>'
    )


def build(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def found(tmp_path, files, config=None, **kwargs):
    result = audit(build(tmp_path, files), config, **kwargs)
    return [(p.path, p.message) for p in result.problems]


def test_a_clean_site_has_no_problems(tmp_path):
    files = {
        "index.html": page('<a href="guide/a/#s">a</a> <a href="404.html">x</a>'),
        "404.html": page('<a href="/">home</a>'),
        "guide/a/index.html": page('<h2 id="s">S</h2><a href="../../">home</a>'),
    }
    result = audit(build(tmp_path, files))
    assert result.problems == []
    assert result.pages == 3


def test_404_is_checked_like_any_page(tmp_path):
    problems = found(tmp_path, {"index.html": page(), "404.html": page(lang="")})
    assert problems == [("404.html", 'the <html> element has no lang attribute; add lang="en"')]


def test_missing_pages_anchors_and_resources_across_pages(tmp_path):
    files = {
        "index.html": page(
            '<a href="a/">a</a><a href="gone/">g</a><a href="a/#there">t</a>'
            '<a href="a/#not-there">n</a><a href="#nope">i</a><img src="pic.png" alt="">'
        ),
        "a/index.html": page('<p id="there">x</p>'),
    }
    assert sorted(found(tmp_path, files)) == [
        ("index.html", "link to missing anchor #nope"),
        ("index.html", 'link to missing anchor a/#not-there (a/index.html has no id "not-there")'),
        ("index.html", "link to missing page gone/ (no file gone/index.html)"),
        ("index.html", "missing image pic.png (no file pic.png)"),
    ]


def test_fragments_on_files_that_are_not_pages_are_not_checked(tmp_path):
    files = {"index.html": page('<a href="doc.pdf#page=3">pdf</a>'), "doc.pdf": "%PDF"}
    assert found(tmp_path, files) == []


def test_third_party_resources_and_outbound_links(tmp_path):
    files = {
        "index.html": page(
            '<a href="https://a.example/" rel="noopener noreferrer">ok</a>'
            '<a href="https://b.example/" rel="noopener">half</a>'
            '<iframe src="https://video.example/embed"></iframe>',
            head='<link rel="stylesheet" href="//fonts.example.com/css">',
        ),
        "quiet/index.html": page(
            '<a href="https://b.example/">fine here</a>',
            head='<meta name="referrer" content="no-referrer">',
        ),
    }
    problems = found(tmp_path, files)
    assert [message.split(";")[0] for _, message in problems] == [
        "stylesheet loaded from another origin: //fonts.example.com/css",
        'outbound link to https://b.example/ without rel="noopener noreferrer"',
        "frame loaded from another origin: https://video.example/embed",
    ]
    assert {path for path, _ in problems} == {"index.html"}


def test_forms_posting_elsewhere_and_data_urls_are_errors_plain_http_a_warning(tmp_path):
    files = {
        "index.html": page(
            '<form action="https://collect.example/save" method="post"><input name="q"></form>'
            '<form action="search/"></form>'
            '<a href="data:text/html,hello">data</a>'
            '<a href="http://plain.example/" rel="noopener noreferrer">plain</a>'
        ),
        "search/index.html": page(),
    }
    result = audit(build(tmp_path, files))
    assert [(p.severity, p.line, p.message.split(";")[0]) for p in result.problems] == [
        ("error", 1, "form sends what readers type to another site: https://collect.example/save"),
        ("error", 1, "data: URL, whose content no check and no reader can see before opening it"),
        ("warning", 1, "plain http:// link to http://plain.example/"),
    ]
    assert str(result.problems[2]).endswith("Link to the https:// address, which most sites offer.")


def test_outbound_links_are_collected_for_the_external_check(tmp_path):
    files = {
        "index.html": page(
            '<a href="https://a.example/x#y" rel="noopener noreferrer">a</a>'
            '<a href="https://guide.example.org/about/">own</a><a href="mailto:x@y.z">m</a>'
        ),
        "about/index.html": page('<a href="https://a.example/x#y" rel="noopener noreferrer">a</a>'),
    }
    config = AuditConfig(site_url="https://guide.example.org")
    result = audit(build(tmp_path, files), config)
    assert result.problems == []
    assert result.outbound == {"https://a.example/x#y": {"index.html", "about/index.html"}}


def test_stylesheets_must_resolve_and_stay_on_the_site(tmp_path):
    files = {
        "index.html": page(head='<link rel="stylesheet" href="css/site.css">'),
        "css/site.css": (
            '@import url("https://fonts.example.com/css");\n'
            "/* url(commented-out.png) */\n"
            ".a { background: url('../img/missing.png') }\n"
            ".b { filter: url(#shadow) }\n"
            ".c { background: url(../img/there.png) }"
        ),
        "img/there.png": "x",
    }
    assert found(tmp_path, files) == [
        (
            "css/site.css",
            "loads https://fonts.example.com/css from another origin; "
            "serve it from the site or remove it",
        ),
        ("css/site.css", "refers to missing file ../img/missing.png (no file img/missing.png)"),
    ]


def test_css_references():
    css = "@import 'a.css';\n/* url(x) */ p { background: url( \"b.png\" ) } q { mask: url(c.svg) }"
    assert css_references(css) == ["a.css", "b.png", "c.svg"]


def test_chapters_render_without_images_or_fonts(tmp_path):
    files = {
        "guide/a/index.html": page(
            '<img src="../../i.png" alt="">',
            head='<link rel="stylesheet" href="../../main.css">'
            '<link rel="stylesheet" href="../../print.css" media="print">',
        ),
        "about/index.html": page('<img src="../i.png" alt="">'),
        "i.png": "x",
        "main.css": "@import 'fonts.css'; p { color: black }",
        "fonts.css": "@font-face { font-family: X; src: url(x.woff2) }",
        "print.css": "body { background: url(paper.png) }",
        "x.woff2": "x",
        "paper.png": "x",
    }
    assert sorted(found(tmp_path, files)) == [
        (
            "guide/a/index.html",
            "chapter loads image ../../i.png; chapters must render without images or fonts",
        ),
        (
            "guide/a/index.html",
            "chapter's stylesheet main.css needs @font-face; "
            "chapters must render without images or fonts",
        ),
        (
            "guide/a/index.html",
            "chapter's stylesheet main.css needs x.woff2; "
            "chapters must render without images or fonts",
        ),
    ]


def test_a_chapters_markup_budget(tmp_path):
    heavy = '<div class="wrapper" data-x="y"></div>' * 500
    files = {"guide/a/index.html": page(heavy), "guide/b/index.html": page("<p>light</p>")}
    problems = found(tmp_path, files, AuditConfig(max_chapter_bytes=15 * 1024))
    assert len(problems) == 1
    path, message = problems[0]
    assert path == "guide/a/index.html"
    assert "without its text and references, over the 15.0 KB budget" in message
    # The same markup outside the chapters is not a chapter.
    assert found(tmp_path / "x", {"about/index.html": page(heavy)}) == []


@pytest.mark.parametrize(
    ("files", "path", "words"),
    [
        ({"a.css": "x" * 15000, "b.css": "y" * 6000}, "*.css", "the site ships 20.5 KB of CSS"),
        ({"a.js": "x" * 10241}, "*.js", "the site ships 10.0 KB of JavaScript"),
    ],
)
def test_css_and_javascript_budgets(tmp_path, files, path, words):
    problems = found(tmp_path, {"index.html": page(), **files})
    assert len(problems) == 1
    assert problems[0][0] == path
    assert words in problems[0][1]


def test_budgets_at_the_limit_pass(tmp_path):
    assert found(tmp_path, {"index.html": page(), "a.css": "x" * 20480, "a.js": "y" * 10240}) == []


def test_warning_sources_are_warnings_and_a_failing_source_is_an_error(tmp_path):
    def uncited():
        return [Problem("content/references.bib", "entry 'x' is not cited by any page", WARNING)]

    def broken():
        raise KeyError("helplines")

    result = audit(build(tmp_path, {"index.html": page()}), warning_sources=[uncited, broken])
    assert result.warnings == [
        Problem("content/references.bib", "entry 'x' is not cited by any page", WARNING)
    ]
    assert len(result.errors) == 1
    assert "broken" in result.errors[0].path
    assert "KeyError" in result.errors[0].message


def test_report_format_and_exit_status():
    problems = [
        Problem("guide/foo/index.html", "link to missing anchor #cite-3", line=12),
        Problem("references.bib", "entry 'x' is not cited by any page", WARNING),
        Problem("guide/foo/index.html", "link to missing page ../bar/", line=9),
    ]
    assert format_report(problems, 120, 0.214) == (
        "errors (2)\n"
        "  guide/foo/index.html:9: link to missing page ../bar/\n"
        "  guide/foo/index.html:12: link to missing anchor #cite-3\n"
        "warnings (1)\n"
        "  references.bib: entry 'x' is not cited by any page\n"
        "2 errors, 1 warning in 120 pages (0.21 s)"
    )
    assert format_report([], 1, 0) == "0 errors, 0 warnings in 1 page (0.00 s)"
    assert exit_status(problems) == 1
    assert exit_status(problems[1:2]) == 0
    assert exit_status(problems[1:2], strict=True) == 1
    assert exit_status([], strict=True) == 0


def test_a_page_that_collects_the_chapters_has_their_budget_together(tmp_path):
    # About 20 KB of markup: over one chapter's 15 KB, within two chapters' 30 KB.
    heavy = '<div class="wrapper" data-x="y"></div>' * 500
    files = {
        "guide/a/index.html": page("<p>light</p>"),
        "guide/b/index.html": page("<p>light</p>"),
        "guide/all/index.html": page(heavy),
    }
    collected = AuditConfig(max_chapter_bytes=15 * 1024, collections=("guide/all/index.html",))
    assert found(tmp_path, files, collected) == []
    # Without the declaration it is one more chapter, over one chapter's budget.
    problems = found(tmp_path, files, AuditConfig(max_chapter_bytes=15 * 1024))
    assert [path for path, _ in problems] == ["guide/all/index.html"]
    # With one chapter beside it, its budget is one chapter's.
    del files["guide/b/index.html"]
    problems = found(tmp_path / "one", files, collected)
    assert [path for path, _ in problems] == ["guide/all/index.html"]
    assert "over the 15.0 KB budget" in problems[0][1]
