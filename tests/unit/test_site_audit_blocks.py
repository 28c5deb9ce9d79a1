"""Required blocks: declared by the safety plugins, checked on every written page."""

import logging
from types import SimpleNamespace

import pytest
from jinja2 import Environment, FileSystemLoader

from plugins.site_audit import Block
from plugins.site_audit.blocks import (
    MissingAuditError,
    block_problems,
    describe_template,
    require_block,
    required_blocks,
    template_file,
    template_of,
)
from plugins.site_audit.pages import parse_page
from plugins.site_audit.plugin import SiteAuditError, check_written_page, finish, start

CRISIS = Block("crisis-help", "the crisis help", "Keep the crisis help block.")
DISCLAIMER = Block("disclaimer", "the disclaimer banner", "Keep the disclaimer block.")


def block_problem(html, block_id):
    """What is wrong with the element ``id=block_id`` in ``html``, or None."""
    block = Block(block_id, "the block", "Keep it.")
    found = [
        problem for _, problem, _ in block_problems("p.html", parse_page(html.encode()), [block])
    ]
    return found[0] if found else None


def test_every_block_is_found_in_one_query():
    root = parse_page(
        b'<div id="disclaimer">Info</div><p id="crisis-help"></p><p id="crisis-help">x</p>'
    )
    other = Block("other", "another block", "Keep it.")
    found = [
        (block.id, problem)
        for block, problem, _ in block_problems("p.html", root, [DISCLAIMER, CRISIS, other])
    ]
    assert found == [("crisis-help", "appears 2 times"), ("other", "is missing")]
    assert [p for _, p, _ in block_problems("p.html", None, [DISCLAIMER])] == ["is missing"]


def test_a_block_can_apply_to_some_pages_only():
    status = Block("review-status", "the review status", "Keep it.", pages="guide/*/index.html")
    root = parse_page(b"<p>No status</p>")
    assert list(block_problems("about/index.html", root, [status])) == []
    assert [p for _, p, _ in block_problems("guide/a/index.html", root, [status])] == ["is missing"]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<main><section id="crisis-help"><p>Call 988</p></section></main>', None),
        ("<main><p>No block</p></main>", "is missing"),
        ('<aside><section id="crisis-help">  <span> </span></section></aside>', "is empty"),
        ('<div id="crisis-help">a</div><div id="crisis-help">b</div>', "appears 2 times"),
    ],
)
def test_block_problem(html, expected):
    assert block_problem(html, "crisis-help") == expected


SETTINGS = {
    "DIRECT_TEMPLATES": ["index", "tags", "archives", "404"],
    "ARCHIVES_SAVE_AS": "archives/index.html",
    "TEMPLATE_PAGES": {"src/special.html": "special/index.html"},
}


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ({"article": SimpleNamespace(template="article"), "category": "Guide"}, "article"),
        ({"page": SimpleNamespace(template="get-help")}, "get-help"),
        ({"tag": "fixture", "page_name": "tag/fixture"}, "tag"),
        ({"category": "Guide", "page_name": "category/guide"}, "category"),
        ({"author": "Someone", "page_name": "author/someone"}, "author"),
        ({"period": (2026,), "page_name": None}, "period_archives"),
        ({"page_name": "index", "output_file": "index2.html"}, "index"),
        ({"page_name": "archives/index", "output_file": "archives/index.html"}, "archives"),
        ({"page_name": "404", "output_file": "404.html"}, "404"),
        ({"output_file": "special/index.html"}, "src/special.html"),
        ({"output_file": "elsewhere.html"}, "unknown"),
    ],
)
def test_template_of(context, expected):
    assert template_of({**SETTINGS, **context}) == expected


def written(tmp_path, body):
    path = tmp_path / "page.html"
    path.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")
    return str(path)


def build(tmp_path, **settings):
    settings = {
        "PLUGINS": ["plugins.site_audit"],
        "SITEURL": "",
        "OUTPUT_PATH": str(tmp_path),
        "SITE_AUDIT_ON_BUILD": False,
        "REQUIRED_PAGE_BLOCKS": {"disclaimer": DISCLAIMER, "crisis-help": CRISIS},
        **settings,
    }
    return SimpleNamespace(settings=settings, output_path=str(tmp_path))


def test_a_page_without_a_block_fails_the_build(tmp_path, caplog):
    pelican = build(tmp_path)
    start(pelican)
    path = written(tmp_path, '<div id="disclaimer">Info</div>')
    check_written_page(path, {"OUTPUT_PATH": str(tmp_path)})
    with pytest.raises(SiteAuditError, match="1 page\\(s\\) lack the crisis help"):
        finish(pelican)
    assert 'page.html: the crisis help (id="crisis-help") is missing' in caplog.text
    assert "template unknown. Keep the crisis help block." in caplog.text


def test_a_page_with_every_block_passes(tmp_path, caplog):
    pelican = build(tmp_path)
    start(pelican)
    path = written(tmp_path, '<div id="disclaimer">Info</div><p id="crisis-help">Call</p>')
    with caplog.at_level(logging.ERROR):
        check_written_page(path, {"OUTPUT_PATH": str(tmp_path)})
        finish(pelican)
    assert caplog.records == []


def test_a_collection_is_declared_once_per_build():
    from plugins.site_audit import add_collection, collections

    settings = {}
    assert collections(settings) == ()
    add_collection(settings, "guide/all/index.html")
    add_collection(settings, "guide/all/index.html")
    assert collections(settings) == ("guide/all/index.html",)
    assert collections({}) == ()


@pytest.fixture
def templates(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    folder.mkdir()
    for name in ("article.html", "page.htm", "404"):
        (folder / name).write_text("{{ x }}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return Environment(loader=FileSystemLoader(str(folder))), folder


def test_the_template_file_is_found_with_each_extension_then_without(templates):
    env, folder = templates
    assert template_file(env, "article") == str(folder / "article.html")
    assert template_file(env, "page", (".html", ".htm")) == str(folder / "page.htm")
    assert template_file(env, "404") == str(folder / "404")
    assert template_file(env, "tag") is None
    assert template_file(None, "article") is None


def test_the_message_names_the_template_and_its_file(templates):
    env, _ = templates
    article = {"article": SimpleNamespace(template="article")}
    assert describe_template(article, env) == "article (templates/article.html)"
    page = {"page": SimpleNamespace(template="page"), "TEMPLATE_EXTENSIONS": [".htm"]}
    assert describe_template(page, env) == "page (templates/page.htm)"
    assert describe_template({"tag": "fixture"}, env) == "tag"
    assert describe_template(article, None) == "article"


@pytest.mark.parametrize("settings", [{}, {"PLUGINS": ["plugins.disclaimer"]}])
def test_a_block_cannot_be_required_without_the_check(settings):
    with pytest.raises(MissingAuditError, match="add 'plugins.site_audit' to PLUGINS"):
        require_block(settings, DISCLAIMER)
    assert required_blocks(settings) == ()


def test_required_blocks_keep_the_order_they_were_declared_in():
    settings = {"PLUGINS": ["plugins.site_audit"]}
    require_block(settings, DISCLAIMER)
    require_block(settings, CRISIS)
    assert required_blocks(settings) == (DISCLAIMER, CRISIS)
