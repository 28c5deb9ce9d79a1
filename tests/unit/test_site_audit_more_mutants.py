"""site_audit's link cache, a page's source and its required blocks, where other tests leave room.

Each test was written against a change to the code that the other tests let
through: the link cache (external.py) and a page's source (plugin.py) read
in the locale's encoding, and which pages a required block applies to
(blocks.py).
"""

import json
import locale
import time

import pytest

from guidelib import WARNING, Problem
from plugins.site_audit import Block, external
from plugins.site_audit.plugin import in_source


@pytest.fixture
def c_locale():
    """Texts opened without an encoding are read as ASCII while the test runs."""
    previous = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    yield
    locale.setlocale(locale.LC_CTYPE, previous)


# external.py


def test_the_cache_file_is_read_as_utf_8_whatever_the_locale(tmp_path, c_locale):
    now = time.time()
    path = tmp_path / "links.json"
    entries = {"https://café.test/menu": now - 10, "https://a.test/": now - 20}
    path.write_text(json.dumps({"ok": entries}, ensure_ascii=False), encoding="utf-8")
    assert external.load_cache(path, 3600) == entries


# plugin.py


def test_a_source_is_read_as_utf_8_whatever_the_locale(tmp_path, monkeypatch, c_locale):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "content" / "a.md"
    source.parent.mkdir()
    source.write_text("Title: Café\n\nSee [the café](cafés/menu/) first.\n", encoding="utf-8")
    problem = Problem("index.html", "link to missing page cafés/menu/", WARNING, 7)
    assert in_source(problem, "content/a.md") == Problem(
        "content/a.md", "link to missing page cafés/menu/ (in index.html:7)", WARNING, 3
    )


# blocks.py


@pytest.mark.parametrize(
    ("pages", "page", "applies"),
    [
        ("*", "index.html", True),
        ("XX*XX", "index.html", False),
        ("XX*XX", "XXindexXX", True),
        ("guide/*", "guide/a/index.html", True),
        ("guide/*", "about/index.html", False),
    ],
)
def test_a_block_applies_to_the_pages_its_glob_matches(pages, page, applies):
    block = Block("disclaimer", "the disclaimer banner", "Keep it", pages=pages)
    assert block.applies_to(page) is applies


# pages.py


def test_a_page_lxml_cannot_parse_is_reported_with_lxml_s_reason(monkeypatch):
    # lxml's HTML parser recovers from every input tried (NUL, stray "<",
    # invalid UTF-8, deep nesting, 20 MB attributes); should another version
    # give up on one, its reason reaches the author.
    from lxml import etree

    from plugins.site_audit import pages

    def refuse(data, parser):
        raise etree.XMLSyntaxError("Document ends too soon", 1, 3, 1)

    monkeypatch.setattr(pages.etree, "fromstring", refuse)
    facts = pages.scan_page("a.html", b"<p>x")
    assert [problem.message for problem in facts.problems] == [
        "cannot be parsed as HTML (Document ends too soon (line 3))"
    ]
