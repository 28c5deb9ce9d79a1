"""Citation marks left in built prose: what counts, where it is, and the error it makes."""

import pytest
from lxml import etree

from guidelib import ERROR
from plugins.citations import leftover_citations
from plugins.citations.leftover import marks_in


def tree(body, head=""):
    html = (
        f"<!DOCTYPE html>\n<html><head><title>T</title>{head}</head>\n"
        f"<body>\n{body}\n</body></html>"
    )
    return etree.fromstring(html.encode(), etree.HTMLParser(encoding="utf-8"))


@pytest.mark.parametrize(
    ("body", "marks"),
    [
        ("<p>As @singh2023 showed.</p>", ["@singh2023"]),
        ("<p>Walking helps [-@bull2020].</p>", ["-@bull2020"]),
        ("<p>See <em>@schuch2016</em> and @{odd key}.</p>", ["@schuch2016"]),
        ("<p>Write <code>[@key]</code> to cite.</p>", []),
        ("<pre>@key [p. 33]</pre>", []),
        ("<p><kbd>@</kbd>, <samp>@x1</samp></p>", []),
        ('<script type=\'application/ld+json\'>{"@context": "x"}</script>', []),
        ("<p>Write to help@example.org or see https://example.org/@guide.</p>", []),
        ("<p>Open https://example.org/find?u=@kim or www.example.org/?a=@b.</p>", []),
        ("<p><a href='mailto:a@b.org'>a@b.org</a></p>", []),
        ("<p><code>x</code> then @late2020 after code.</p>", ["@late2020"]),
        ("<p data-note='@inattribute'>An @ sign, @ alone, 10 @ 5 pence.</p>", []),
    ],
)
def test_marks_in_prose_only(body, marks):
    assert [mark for _, mark in marks_in(tree(body))] == marks


def test_the_head_is_not_prose():
    assert marks_in(tree("<p>Text.</p>", head="<meta name='x' content='@a'>")) == []


def test_each_mark_is_an_error_on_its_line():
    root = tree("<p>First.</p>\n<p>Second @one and\n@two.</p>")
    problems = leftover_citations("guide/a/index.html", root)
    assert [(p.path, p.line, p.severity) for p in problems] == [
        ("guide/a/index.html", 5, ERROR),
        ("guide/a/index.html", 5, ERROR),
    ]
    assert problems[0].message == ("citation @one is shown as text: it was not read as a citation")
    assert "code span" in problems[0].hint
