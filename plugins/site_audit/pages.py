"""Read one built page: what it links to, the ids it holds, what it lacks.

Each page is parsed once, with lxml's HTML parser (a real parser, and much
faster than BeautifulSoup on a thousand pages). Plain etree elements are used,
not lxml.html's, whose per-element class lookup costs a third of the time.
Everything that can be said about the page on its own is said here; whether
its links resolve needs every other page, so the links are returned as
``Ref`` records for ``audit``.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree

from guidelib import Problem

from .blocks import block_problems, check_message
from .page_checks import run_page_checks

PLACEHOLDERS = ("filename", "static", "attach", "index", "category", "tag", "author")
# Types that make a <script> a data block, which no browser runs and no
# Content-Security-Policy blocks.
DATA_SCRIPT_TYPES = frozenset({"application/ld+json", "application/json", "text/plain"})

LINK = "link"
# What a <link rel=...> loads, by rel token; rel values not listed (alternate,
# canonical, next ...) only point somewhere.
LINK_REL_KINDS = {
    "stylesheet": "stylesheet",
    "icon": "icon",
    "apple-touch-icon": "icon",
    "mask-icon": "icon",
    "manifest": "manifest",
    "preload": "resource",
    "prefetch": "resource",
    "modulepreload": "script",
    "preconnect": "connection",
    "dns-prefetch": "connection",
    "prerender": "resource",
}
PRELOAD_KINDS = {"font": "font", "image": "image", "script": "script", "style": "stylesheet"}
# Resource-loading attributes by element: attribute -> kind of thing loaded.
RESOURCE_ATTRIBUTES = {
    "img": {"src": "image", "srcset": "image"},
    "source": {"src": "media", "srcset": "image"},
    "video": {"src": "media", "poster": "image"},
    "audio": {"src": "media"},
    "track": {"src": "media"},
    "iframe": {"src": "frame"},
    "frame": {"src": "frame"},
    "embed": {"src": "embedded resource"},
    "object": {"data": "embedded resource"},
    "script": {"src": "script"},
    "image": {"href": "image", "xlink:href": "image"},
    "use": {"href": "image", "xlink:href": "image"},
}
# huge_tree: without it libxml2 stops at a text node of over 10 MB and drops
# the rest of the page, with no error raised, so what follows goes unchecked.
UTF8_PARSER = etree.HTMLParser(encoding="utf-8", huge_tree=True)


class Ref(NamedTuple):
    """A URL in a page: the line, the URL, what it is for and, for links, its rel."""

    line: int | None
    url: str
    kind: str
    rel: frozenset = frozenset()


@dataclass
class PageFacts:
    path: str
    ids: frozenset = frozenset()
    refs: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    no_referrer: bool = False
    markup_bytes: int | None = None


def placeholder_in(value):
    """Return the Pelican placeholder left in ``value`` ("{filename}"), or None."""
    lowered = value.lower()
    if "{" not in lowered and "|" not in lowered and "%7b" not in lowered:
        return None
    for name in PLACEHOLDERS:
        for form in (f"{{{name}}}", f"%7b{name}%7d", f"|{name}|"):
            if form in lowered:
                return f"{{{name}}}"
    return None


def srcset_urls(value):
    """Return the URLs of a srcset attribute ("a.png 1x, b.png 2x")."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


def refresh_url(content):
    """Return the URL of a <meta http-equiv="refresh"> content, or None."""
    _, _, rest = content.partition(";")
    name, sep, url = rest.strip().partition("=")
    if sep and name.strip().lower() == "url":
        return url.strip().strip("'\"")
    return None


def _link_kind(element):
    rel = frozenset(element.get("rel", "").lower().split())
    kinds = [LINK_REL_KINDS[token] for token in rel if token in LINK_REL_KINDS]
    if not kinds:
        return LINK
    if "stylesheet" in kinds:
        media = element.get("media", "").strip().lower()
        return "print stylesheet" if media == "print" else "stylesheet"
    if "resource" in kinds:
        return PRELOAD_KINDS.get(element.get("as", "").strip().lower(), "resource")
    return kinds[0]


def _link_ref(element, line):
    """The Ref of an <a> or <area>, or None when it has no href."""
    href = element.get("href")
    if href is None:
        return None
    return Ref(line, href, LINK, frozenset(element.get("rel", "").lower().split()))


def _element_refs(element, tag, line):
    if tag in ("a", "area"):
        ref = _link_ref(element, line)
        if ref is not None:
            yield ref
        return
    if tag == "link":
        href = element.get("href")
        if href is not None:
            yield Ref(line, href, _link_kind(element))
        return
    if tag == "meta":
        if element.get("http-equiv", "").lower() == "refresh":
            url = refresh_url(element.get("content", ""))
            if url:
                yield Ref(line, url, LINK)
        return
    if tag == "form":
        action = element.get("action")
        if action is not None:
            yield Ref(line, action, "form")
        return
    if tag == "input":
        if element.get("type", "").lower() == "image" and element.get("src"):
            yield Ref(line, element.get("src"), "image")
        return
    for attribute, kind in RESOURCE_ATTRIBUTES.get(tag, {}).items():
        value = element.get(attribute)
        if value is None:
            continue
        if attribute == "srcset":
            for url in srcset_urls(value):
                yield Ref(line, url, kind)
        else:
            yield Ref(line, value, kind)


def _is_inline_script(element):
    if element.get("src") is not None:
        return False
    if element.get("type", "").strip().lower() in DATA_SCRIPT_TYPES:
        return False
    return bool((element.text or "").strip())


def text_of(element):
    return "".join(element.itertext())


def _selector_xpath(selectors):
    tests = []
    for selector in selectors:
        name = selector[1:]
        if selector.startswith("#"):
            tests.append(f"@id='{name}'")
        else:
            tests.append(f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')")
    return etree.XPath(f"//*[{' or '.join(tests)}]") if tests else None


def _markup(element):
    """Bytes of an element's markup, without its text."""
    html = etree.tostring(element, encoding="utf-8", method="html", with_tail=False)
    return len(html) - len(
        etree.tostring(element, encoding="utf-8", method="text", with_tail=False)
    )


def _markup_bytes(root, exclude):
    """Size of the page without its text and the excluded sections.

    The tree is left as it is: other checks may read it after this one.
    Serialising and subtracting the text is cheaper than stripping every
    text node, and off only by the escaping of "&" and "<" in the text.
    """
    find = _selector_xpath(sorted(exclude))
    excluded = find(root) if find is not None else []
    chosen = set(excluded)
    size = _markup(root) + len("<!DOCTYPE html>\n")
    for element in excluded:
        # A section inside another excluded section is already counted.
        if not any(ancestor in chosen for ancestor in element.iterancestors()):
            size -= _markup(element)
    return size


# Elements whose tag the scan looks at; all others only matter for their
# attributes and ids.
SCANNED_TAGS = frozenset(
    {
        "a",
        "area",
        "link",
        "meta",
        "title",
        "h1",
        "script",
        "style",
        "input",
        "form",
        *RESOURCE_ATTRIBUTES,
    }
)


def _attribute_messages(tag, name, value):
    """Yield what is wrong with one attribute: handlers, style= and placeholders."""
    if name.startswith("on") and len(name) > 2:
        yield f"inline event handler {name}= on <{tag}>; move it to a script file"
    elif name == "style":
        yield f"style= attribute on <{tag}>; move the rule to a stylesheet"
    found = placeholder_in(value)
    if found:
        yield (
            f"leftover Pelican placeholder {found} in {name}={value!r}; "
            "the file it names does not exist or is not part of the site"
        )


def parse_page(data):
    """Return the root element of the page whose bytes are ``data``.

    Raises ValueError, with the reason, when the bytes are not a page.
    """
    try:
        root = etree.fromstring(data, parser=UTF8_PARSER)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise ValueError(str(error)) from None
    if root is None:
        raise ValueError("it is empty")
    return root


def scan_page(path, data, chapter_exclude=None, blocks=(), page_checks=()):
    """Return the PageFacts of the page ``path`` whose bytes are ``data``.

    For a chapter, ``chapter_exclude`` lists the selectors ("#references",
    ".citation") of the sections left out of the chapter's markup weight.
    ``blocks`` are the required blocks (blocks.Block) the page must carry;
    ``page_checks`` the checks other plugins added (page_checks.py).
    """
    try:
        root = parse_page(data)
    except ValueError as error:
        facts = PageFacts(path)
        facts.problems.append(Problem(path, f"cannot be parsed as HTML ({error})"))
        return facts
    facts = scan_tree(path, root, chapter_exclude)
    for block, problem, line in block_problems(path, root, blocks):
        facts.problems.append(Problem(path, check_message(block, problem), line=line))
    facts.problems.extend(run_page_checks(path, root, page_checks))
    return facts


def scan_tree(path, root, chapter_exclude=None):
    """Return the PageFacts of the page ``path`` already parsed into ``root``.

    The tree is only read, so the build can hand over a page it parsed for
    another check. Every element is visited once, in one Python loop: it
    costs less than one XPath query per kind of problem.
    """
    facts = PageFacts(path)
    attribute_problems, id_problems, element_problems = [], [], []
    ids, first_line = set(), {}
    counts, seen = Counter(), Counter()
    refs = facts.refs

    for element in root.iter(etree.Element):
        tag, line = element.tag, element.sourceline
        for name, value in element.items():
            if name[:2] == "on" or name == "style" or "{" in value or "|" in value or "%7" in value:
                attribute_problems.extend(
                    (line, message) for message in _attribute_messages(tag, name, value)
                )
        element_id = element.get("id")
        if element_id is not None:
            seen[element_id] += 1
            if seen[element_id] == 2:
                id_problems.append(
                    (
                        line,
                        f'duplicate id "{element_id}" (first on line '
                        f"{first_line[element_id]}); ids must be unique on a page",
                    )
                )
            first_line.setdefault(element_id, line)
        if tag not in SCANNED_TAGS:
            continue
        if tag == "a":
            # Links are most of a page's elements: the common case, inline.
            if element.get("name"):
                ids.add(element.get("name"))
            ref = _link_ref(element, line)
            if ref is not None:
                refs.append(ref)
            continue
        if tag in ("title", "h1"):
            counts[tag] += 1
            if tag == "title" and not text_of(element).strip():
                element_problems.append((line, "the <title> is empty"))
        elif tag == "meta":
            name = element.get("name", "").lower()
            content = element.get("content", "").strip()
            if name == "description" and content:
                counts["description"] += 1
            elif name == "referrer" and content.lower() == "no-referrer":
                facts.no_referrer = True
        elif tag == "script" and _is_inline_script(element):
            element_problems.append(
                (
                    line,
                    "inline <script>; move it to a .js file so a strict "
                    "Content-Security-Policy can allow it",
                )
            )
        elif tag == "style":
            element_problems.append(
                (line, "inline <style> element; move the rules to the site's stylesheet")
            )
        refs.extend(_element_refs(element, tag, line))

    problems = facts.problems
    for line, message in attribute_problems + id_problems + element_problems:
        problems.append(Problem(path, message, line=line))

    def problem(message, line=None):
        problems.append(Problem(path, message, line=line))

    if not root.get("lang", "").strip():
        problem('the <html> element has no lang attribute; add lang="en"', root.sourceline)
    if counts["title"] != 1:
        problem(f"has {counts['title']} <title> elements; a page needs exactly one")
    if counts["h1"] != 1:
        problem(f"has {counts['h1']} <h1> elements; a page needs exactly one")
    if not counts["description"]:
        problem('has no <meta name="description"> with content')

    facts.ids = frozenset(ids | first_line.keys())
    if chapter_exclude is not None:
        facts.markup_bytes = _markup_bytes(root, frozenset(chapter_exclude))
    return facts
