"""Fitting each chapter's own HTML to the whole page: the pure part of the plugin.

The page is made from what the build already has, each chapter's HTML and
key points as its own page shows them, not by converting the Markdown again
(which doubled the build). Three things change so the chapters fit on one
page:

* citations (plugins.citations.continued): each chapter's citations are
  held out as tokens and its References list dropped; the page numbers them
  on from chapter to chapter and has one References list at its end;
* ids start with the chapter's slug ("why-movement-helps-the-widest-view"),
  so two chapters with a heading of the same name, or footnotes of the same
  number, still have ids of their own, and links within the chapter follow;
  headings move one level down, under the chapter's title;
* links to pages of the site: one to a chapter becomes a link within the
  page, one to another page a link to that page. Pelican writes a chapter's
  links from the SITEURL it is given, so the chapter's HTML is taken with a
  marker as the SITEURL (``chapter_html``), and a link that starts with it
  is one to the site.

The HTML is changed with lxml's HTML parser and written back by it; the
citation tokens are text to it. ``prepare`` is the costly step and depends
only on the chapter and the link targets, so the plugin keeps its results
between the builds of a live preview. Numbering is the plugin's: one
chapter's citations move every later number.
"""

import re
from dataclasses import dataclass

import lxml.html

from plugins.citations import RecordMismatch, fill_citations, held_groups, hold_citations

# Pelican's link replacement joins this and the linked content's URL. ASCII:
# lxml writes other characters of a URL attribute %-escaped.
MARKER = "__whole_guide_site_root__"
HEADING_RE = re.compile(r"h([1-6])")
# huge_tree: without it libxml2 stops at a text or attribute of over 10 MB (an
# image inlined as a data: URL) and drops the rest of the chapter, silently.
PARSER = lxml.html.HTMLParser(huge_tree=True)


def chapter_html(chapter):
    """The chapter's HTML with every link to the site starting with MARKER."""
    return chapter.get_content(MARKER)


def rewrite_href(href, slug, ids, chapter_urls):
    """The href of a link in chapter ``slug`` as the whole page needs it.

    ``ids`` are the chapter's own ids (before the prefix); ``chapter_urls``
    maps each chapter's URL to its slug. Links elsewhere keep MARKER, which
    ``prepare`` turns into the site's root.
    """
    if href.startswith("#") and href[1:] in ids:
        return f"#{slug}-{href[1:]}"
    if not href.startswith(MARKER + "/"):
        return href
    path, hash_mark, fragment = href[len(MARKER) + 1 :].partition("#")
    target = chapter_urls.get(path)
    if target is None:
        return href
    return f"#{target}-{fragment}" if fragment else f"#{target}"


@dataclass(frozen=True)
class Prepared:
    """One chapter fitted to the page, its citations still tokens."""

    html: str
    key_points: tuple
    groups: frozenset  # the group numbers of the tokens, to check against the record


def _fit(html, slug, chapter_urls, root):
    fragment = lxml.html.fragment_fromstring(html, create_parent="div", parser=PARSER)
    elements = list(fragment.iter())
    ids = {element.get("id") for element in elements if element.get("id")}
    for element in elements[1:]:
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        heading = HEADING_RE.fullmatch(element.tag)
        if heading:
            element.tag = f"h{min(int(heading.group(1)) + 1, 6)}"
        if element.get("id"):
            element.set("id", f"{slug}-{element.get('id')}")
        if element.get("href") is not None:
            element.set("href", rewrite_href(element.get("href"), slug, ids, chapter_urls))
    written = lxml.html.tostring(fragment, encoding="unicode")
    return written[len("<div>") : -len("</div>")].replace(MARKER, root)


def prepare(html, key_points, slug, chapter_urls, root):
    """Fit one chapter's HTML and key points to the page (see the module's notes)."""
    body = _fit(hold_citations(html), slug, chapter_urls, root)
    points = tuple(_fit(hold_citations(point), slug, chapter_urls, root) for point in key_points)
    return Prepared(body, points, held_groups(body, *points))


def fill(prepared, groups, rendered):
    """The chapter's HTML and key points with its citations' HTML in place.

    ``groups`` is the chapter's citations record, ``rendered`` the HTML of
    each group, numbered for the page; RecordMismatch if the HTML holds
    other citations than the record.
    """
    if prepared.groups != set(range(1, len(groups) + 1)):
        raise RecordMismatch(
            f"the HTML has {len(prepared.groups)} citations and the record {len(groups)}"
        )
    return (
        fill_citations(prepared.html, rendered),
        [fill_citations(point, rendered) for point in prepared.key_points],
    )
