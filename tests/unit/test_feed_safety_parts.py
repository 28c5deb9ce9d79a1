"""plugins.feed_safety's pure parts: the preface, and the check of a written feed."""

import pytest

from plugins.feed_safety import feed_problems, preface, starts_safely, with_preface

TEXT = "This guide is not medical advice."
HELP = "https://guide.example.org/get-help/"
START = preface(TEXT, "https://guide.example.org/disclaimer/", HELP)


def atom(*bodies):
    entries = "".join(
        f"<entry><title>Chapter {number}</title>{body}</entry>"
        for number, body in enumerate(bodies, start=1)
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'.encode()


def escaped(markup):
    return str(markup).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_the_preface_escapes_what_it_is_given():
    assert preface("Tea & <b>rest</b>", "https://x.org/d/", "https://x.org/h/?a=1&b=2") == (
        '<div class="feed-safety"><p>Tea &amp; &lt;b&gt;rest&lt;/b&gt; <a href="https://x.org/d/">'
        'Read the full disclaimer</a>.</p><p><a href="https://x.org/h/?a=1&amp;b=2">Get help now: '
        "https://x.org/h/?a=1&amp;b=2</a></p></div>"
    )


def test_with_preface_starts_content_and_summary_and_leaves_none_alone():
    item = {"content": "<p>Body</p>", "description": None}
    with_preface(item, START)
    assert item == {"content": f"{START}<p>Body</p>", "description": None}


@pytest.mark.parametrize(
    ("body", "safe"),
    [
        (f"{START}<p>Body</p>", True),
        ("<p>Body</p>", False),
        (f"<p>Body</p>{START}", False),
        (f"Loose text {START}", False),
        (START.replace(HELP, "https://elsewhere.example.org/", 1), False),
        (START.replace("Get help now", "Help", 1), False),
        (START.replace(TEXT, "Something else.", 1), False),
        ("", False),
        ("<html></html>", False),  # lxml asserts on this one
    ],
)
def test_starts_safely(body, safe):
    assert starts_safely(body, [TEXT, "A stronger text."], HELP) is safe


def test_feed_problems_names_each_unsafe_entry_with_its_line():
    data = atom(
        f'<content type="html">{escaped(START)}&lt;p&gt;Body&lt;/p&gt;</content>',
        '<content type="html">&lt;p&gt;Body&lt;/p&gt;</content>',
        f'<content type="html">{escaped(START)}</content><summary type="html">Short</summary>',
        "",
    )
    problems = [str(problem) for problem in feed_problems(data, "feeds/all.atom.xml", [TEXT], HELP)]
    assert [problem.split(" does not")[0] for problem in problems] == [
        "feeds/all.atom.xml:1: the feed entry 'Chapter 2'",
        "feeds/all.atom.xml:1: the feed entry 'Chapter 3'",
        "feeds/all.atom.xml:1: the feed entry 'Chapter 4'",
    ]


def test_an_entry_of_over_ten_megabytes_is_read_like_any_other():
    image = "data:image/png;base64," + "A" * 11_000_000
    big = f"{escaped(START)}&lt;p&gt;&lt;img src=&quot;{image}&quot;&gt;&lt;/p&gt;"
    data = atom(
        f'<content type="html">{big}</content>',
        '<content type="html">&lt;p&gt;Body&lt;/p&gt;</content>',
    )
    (problem,) = feed_problems(data, "feeds/all.atom.xml", [TEXT], HELP)
    assert problem.message.startswith("the feed entry 'Chapter 2' does not start")


def test_feed_problems_reads_rss_too():
    item = f"<item><title>Chapter 1</title><description>{escaped(START)}</description></item>"
    bare = "<item><title>Chapter 2</title><description>Body</description></item>"
    data = f"<rss><channel>{item}{bare}</channel></rss>".encode()
    (problem,) = feed_problems(data, "feeds/all.rss.xml", [TEXT], HELP)
    assert problem.message.startswith("the feed entry 'Chapter 2' does not start")


def test_a_feed_that_is_not_xml_is_a_problem():
    (problem,) = feed_problems(b"<feed>", "feeds/all.atom.xml", [TEXT], HELP)
    assert problem.message.startswith("the feed is not well-formed XML")
