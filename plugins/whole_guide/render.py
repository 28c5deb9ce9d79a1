"""Turning the chapters' Markdown into one page: the pure part of the plugin.

Each chapter is converted again, in order, with the site's own Markdown
settings and extensions (citations, furniture, toc ...), changed in three
ways so that the chapters fit on one page:

* the citations extension is a ``continued`` one (plugins.citations): one
  numbering and one set of back-link letters and tooltips for the whole
  page, and one References list at its end (``references_html``);
* the toc extension's ids start with the chapter's slug
  ("why-movement-helps-the-widest-view"), so two chapters with a heading of
  the same name still have ids of their own, and ``baselevel`` moves the
  headings one level down, under the chapter's title;
* a treeprocessor of our own (``LinkTreeprocessor``) rewrites the
  ``{filename}`` links: one to a chapter becomes a link within the page,
  one to another page a link to that page.

Pelican replaces ``{filename}`` links in a content's own HTML, which this
page cannot use: its chapters' HTML is made here, not by Pelican's reader,
and a link to a chapter must stay within the page. The rewriting works on
Python-Markdown's tree, before the HTML is written, so no HTML is parsed
again.
"""

import posixpath
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor

from plugins.citations import CitationsExtension
from plugins.furniture import read_record

TOC = "markdown.extensions.toc"
LINK_MARKS = ("{filename}", "|filename|")


@dataclass(frozen=True)
class Target:
    """Where a ``{filename}`` link leads: a chapter on this page, or a page's URL."""

    anchor: str = ""
    url: str = ""


def rewrite_href(href, source_dir, targets):
    """The href of a ``{filename}`` link on the whole page, or None if it is not one.

    ``source_dir`` is the linking chapter's folder, relative to the content
    folder; ``targets`` maps source paths, relative to the content folder, to
    Target. A link whose file is unknown is left as it is: the chapter's own
    page has already failed the build for it.
    """
    mark = next((m for m in LINK_MARKS if href.startswith(m)), None)
    if mark is None:
        return None
    path, _, fragment = href[len(mark) :].partition("#")
    path = path.lstrip("/") if path.startswith("/") else posixpath.join(source_dir, path)
    target = targets.get(posixpath.normpath(path))
    if target is None:
        return None
    if target.anchor:
        return f"#{target.anchor}-{fragment}" if fragment else f"#{target.anchor}"
    return f"{target.url}#{fragment}" if fragment else target.url


class LinkTreeprocessor(Treeprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        for element in root.iter("a"):
            href = rewrite_href(
                element.get("href", ""), self.extension.source_dir, self.extension.targets
            )
            if href is not None:
                element.set("href", href)


class WholeGuideLinks(Extension):
    """Rewrites ``{filename}`` links for the whole page (see ``rewrite_href``)."""

    def __init__(self, source_dir, targets, **kwargs):
        self.source_dir = source_dir
        self.targets = targets
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # After the inline stage (20), so every link is in the tree; links in
        # stashed raw HTML (citations) never hold "{filename}".
        md.treeprocessors.register(LinkTreeprocessor(md, self), "whole_guide_links", 1)


def prefixed_slugify(prefix):
    """toc's slugify, with every id starting with ``prefix`` and a hyphen."""

    def prefixed(value, separator):
        return f"{prefix}{separator}{slugify(value, separator)}"

    return prefixed


def continued_citations(markdown_settings):
    """A continued copy of the site's citations extension, or None if it has none."""
    for extension in markdown_settings.get("extensions", []):
        if isinstance(extension, CitationsExtension):
            return CitationsExtension(
                extension.library,
                extension.heading,
                # The chapter's own page already reported what it found.
                check_mentions=False,
                locale=extension.locale,
                continued=True,
            )
    return None


def markdown_for(markdown_settings, citations, slug, links):
    """A Markdown instance like the site's, for one chapter of the whole page.

    ``citations`` replaces the site's citations extension; ``links`` is this
    chapter's WholeGuideLinks.
    """
    configs = {
        name: dict(value) for name, value in markdown_settings.get("extension_configs", {}).items()
    }
    toc = configs.setdefault(TOC, {})
    toc["slugify"] = prefixed_slugify(slug)
    toc["baselevel"] = int(toc.get("baselevel", 1)) + 1
    extensions = [name for name in configs]
    for extension in markdown_settings.get("extensions", []):
        if isinstance(extension, CitationsExtension):
            extension = citations
        if extension not in extensions and extension is not None:
            extensions.append(extension)
    if "markdown.extensions.meta" not in extensions:
        extensions.append("markdown.extensions.meta")
    return Markdown(
        extensions=[*extensions, links],
        extension_configs=configs,
        output_format=markdown_settings.get("output_format", "html5"),
    )


@dataclass
class Rendered:
    """One chapter's body and key points, as the whole page shows them."""

    html: str
    key_points: list = field(default_factory=list)


def render_chapter(text, md):
    """Convert one chapter's source (front matter included) with ``md``."""
    md.reset()
    html = md.convert(text)
    record = read_record(getattr(md, "Meta", {}))
    return Rendered(html, list(record["key_points"]) if record else [])
