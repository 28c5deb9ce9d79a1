"""The pure parts of feed_safety: the preface every feed entry starts with, and the check.

The preface is a small piece of HTML, built with markupsafe (which escapes
every value) rather than a theme template: feed readers show it as it is,
without the site's stylesheet, and the theme has no say in the feed.
The check reads a written feed back with lxml, as a feed reader would.
"""

from lxml import etree, html
from markupsafe import Markup

from guidelib import Problem

ATOM = "{http://www.w3.org/2005/Atom}"
HELP_LINK_TEXT = "Get help now"
HINT = (
    "the feed_safety plugin puts them at the top of every entry when the feed is "
    "generated; a plugin that rewrites feed entries must come before plugins.feed_safety "
    "in PLUGINS and keep them"
)
# huge_tree: without it libxml2 refuses a text of over 10 MB (an entry with an
# image inlined as a data: URL) and the feed would be called not well-formed.
FEED_PARSER = etree.XMLParser(huge_tree=True)


def preface(text, disclaimer_url, help_url):
    """The HTML every entry starts with: the disclaimer and the Get help now link."""
    return Markup(
        '<div class="feed-safety"><p>{text} <a href="{disclaimer_url}">Read the full '
        'disclaimer</a>.</p><p><a href="{help_url}">{label}: {help_url}</a></p></div>'
    ).format(text=text, disclaimer_url=disclaimer_url, help_url=help_url, label=HELP_LINK_TEXT)


def with_preface(item, start):
    """Put ``start`` at the top of a feedgenerator item's content and summary, in place."""
    for key in ("content", "description"):
        if item.get(key) is not None:
            item[key] = f"{start}{item[key]}"


def _words(text):
    return " ".join(text.split())


def starts_safely(body, texts, help_url):
    """Whether the HTML ``body`` starts with an element holding a disclaimer text and the link."""
    try:
        fragments = html.fragments_fromstring(body or "")
    except (etree.ParserError, AssertionError):
        # lxml (6.1) asserts instead of raising on an empty document, "<html></html>".
        return False
    first = fragments[0] if fragments else None
    if not isinstance(first, html.HtmlElement):
        return False
    words = _words(first.text_content())
    links = first.iter("a")
    return any(_words(text) in words for text in texts) and any(
        link.get("href") == help_url and link.text_content().startswith(HELP_LINK_TEXT)
        for link in links
    )


def _entries(root):
    """(title, line, bodies) of each entry of an Atom or RSS feed."""
    atom = root.tag == f"{ATOM}feed"
    names = ("content", "summary") if atom else ("description",)
    prefix = ATOM if atom else ""
    for entry in root.iter(f"{prefix}entry" if atom else "item"):
        found = [entry.find(f"{prefix}{name}") for name in names]
        bodies = [element.text or "" for element in found if element is not None]
        yield entry.findtext(f"{prefix}title"), entry.sourceline, bodies


def feed_problems(data, path, texts, help_url):
    """A Problem for each entry of the feed ``data`` (bytes) that does not start safely."""
    try:
        root = etree.fromstring(data, parser=FEED_PARSER)
    except etree.XMLSyntaxError as error:
        return [Problem(path, f"the feed is not well-formed XML: {error}", hint=HINT)]
    problems = []
    for title, line, bodies in _entries(root):
        if not bodies or not all(starts_safely(body, texts, help_url) for body in bodies):
            problems.append(
                Problem(
                    path,
                    f"the feed entry {title!r} does not start with the disclaimer and the "
                    f"'{HELP_LINK_TEXT}: {help_url}' link",
                    line=line,
                    hint=HINT,
                )
            )
    return problems
