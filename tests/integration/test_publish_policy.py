"""The real site as published (publishconf.py): security policy, metadata, reproducibility.

The policy test reads the policy back from the built site, from ``_headers``
and from each page's ``<meta http-equiv>`` tag, lists everything each page
and stylesheet would make a browser load or run, and asserts that both
policies allow all of it.
"""

import hashlib
import json
import re
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_build

from sitebuild import headers

SITEURL = "https://guide.example.org"
INLINE = "inline code"
DATA_BLOCK_TYPES = {"application/ld+json", "application/json", "text/plain"}
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
CSS_FONT_FACE = re.compile(r"@font-face\s*{[^}]*}", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)["']?\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']([^"']+)["']""", re.IGNORECASE)
# Fetch directives fall back to these before default-src (CSP level 3).
FALLBACKS = {"frame-src": ("child-src",), "worker-src": ("child-src", "script-src")}
# Directives that do not fall back to default-src.
NO_FALLBACK = {"base-uri", "form-action", "frame-ancestors"}
LINK_RELS = {
    "stylesheet": "style-src",
    "icon": "img-src",
    "apple-touch-icon": "img-src",
    "manifest": "manifest-src",
    "modulepreload": "script-src",
}
PRELOAD_AS = {"style": "style-src", "script": "script-src", "font": "font-src", "image": "img-src"}
ELEMENT_SOURCES = {
    "img": ("img-src", ("src", "srcset")),
    "input": ("img-src", ("src",)),
    "image": ("img-src", ("href", "xlink:href")),
    "script": ("script-src", ("src",)),
    "iframe": ("frame-src", ("src",)),
    "frame": ("frame-src", ("src",)),
    "embed": ("object-src", ("src",)),
    "object": ("object-src", ("data",)),
    "video": ("media-src", ("src", "poster")),
    "audio": ("media-src", ("src",)),
    "track": ("media-src", ("src",)),
}


# What a page needs --------------------------------------------------------


def urls_in(attribute, value):
    if attribute == "srcset":
        return [part.split()[0] for part in value.split(",") if part.strip()]
    return [value]


def page_needs(html, page_url):
    """Return (directive, absolute URL or INLINE, what) for everything the page loads or runs."""
    page = BeautifulSoup(html, "lxml")
    needs = []
    for tag in page.find_all(True):
        what = f"<{tag.name}>"
        if any(name.lower().startswith("on") for name in tag.attrs):
            needs.append(("script-src", INLINE, f"event handler on {what}"))
        if tag.has_attr("style"):
            needs.append(("style-src", INLINE, f"style attribute on {what}"))
        if tag.name == "style":
            needs.append(("style-src", INLINE, what))
        elif tag.name == "script" and not tag.get("src"):
            if tag.get("type", "").strip().lower() not in DATA_BLOCK_TYPES:
                needs.append(("script-src", INLINE, what))
        elif tag.name == "link" and tag.get("href"):
            rels = {rel.lower() for rel in tag.get("rel", [])}
            directives = {LINK_RELS[rel] for rel in rels if rel in LINK_RELS}
            if "preload" in rels:
                directives.add(PRELOAD_AS.get(tag.get("as", ""), "default-src"))
            for directive in directives:
                needs.append((directive, urljoin(page_url, tag["href"]), f"{what} {rels}"))
        elif tag.name == "source":
            directive = "img-src" if tag.parent and tag.parent.name == "picture" else "media-src"
            for attribute in ("src", "srcset"):
                for url in urls_in(attribute, tag.get(attribute, "")):
                    needs.append((directive, urljoin(page_url, url), what))
        elif tag.name == "form":
            needs.append(("form-action", urljoin(page_url, tag.get("action", "")), what))
        elif tag.name == "base" and tag.get("href"):
            needs.append(("base-uri", urljoin(page_url, tag["href"]), what))
        elif tag.name in ELEMENT_SOURCES:
            directive, attributes = ELEMENT_SOURCES[tag.name]
            for attribute in attributes:
                for url in urls_in(attribute, tag.get(attribute) or ""):
                    needs.append((directive, urljoin(page_url, url), f"{what} {attribute}"))
    return needs


def css_needs(text, css_url):
    """Return what a stylesheet loads: @import (style-src), fonts, images."""
    text = CSS_COMMENT.sub("", text)
    needs = [("style-src", urljoin(css_url, url), "@import") for url in CSS_IMPORT.findall(text)]
    for block in CSS_FONT_FACE.findall(text):
        needs += [
            ("font-src", urljoin(css_url, url), "@font-face") for url in CSS_URL.findall(block)
        ]
    rest = CSS_FONT_FACE.sub("", CSS_IMPORT.sub("", text))
    needs += [("img-src", urljoin(css_url, url), "url()") for url in CSS_URL.findall(rest)]
    return [need for need in needs if not need[1].startswith(f"{css_url}#")]


# What a policy allows -----------------------------------------------------


def sources_for(policy, directive):
    chain = (directive, *FALLBACKS.get(directive, ()))
    if directive not in NO_FALLBACK:
        chain += ("default-src",)
    for name in chain:
        if name in policy:
            return policy[name]
    return ("*",)


def allowed(policy, directive, url, site_origin):
    sources = sources_for(policy, directive)
    if url == INLINE:
        return "'unsafe-inline'" in sources
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "mediastream", "filesystem"):
        return f"{parts.scheme}:" in sources
    origin = f"{parts.scheme}://{parts.netloc}"
    return (
        "*" in sources
        or origin in sources
        or parts.netloc in sources
        or ("'self'" in sources and origin == site_origin)
    )


def violations(needs, policy, site_origin):
    return [
        f"{where}: {what} needs {directive} to allow {url}"
        for where, (directive, url, what) in needs
        if not allowed(policy, directive, url, site_origin)
    ]


# The built site -----------------------------------------------------------


def url_of(output, path):
    relative = path.relative_to(output).as_posix()
    if relative.endswith("index.html"):
        relative = relative[: -len("index.html")]
    return f"{SITEURL}/{relative}"


def digest_tree(output):
    return {
        path.relative_to(output).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The real site built twice with the production settings."""
    outputs = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITEURL", SITEURL)
        for name in ("first", "second"):
            output = tmp_path_factory.mktemp(name) / "output"
            result = run_build(ROOT / "publishconf.py", output)
            assert result.returncode == 0, result.stderr
            outputs.append(output)
    return outputs


@pytest.fixture(scope="module")
def site(builds):
    return builds[0]


def html_pages(output):
    return sorted(output.rglob("*.html"))


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_two_builds_of_the_same_sources_are_identical(builds):
    first, second = map(digest_tree, builds)
    assert first == second
    assert {"sitemap.xml", "robots.txt", "_headers", "feeds/all.atom.xml"} <= set(first)


def test_headers_file_is_the_policy_of_sitebuild_headers(site):
    rules = headers.parse_headers_file((site / "_headers").read_text(encoding="utf-8"))
    assert rules == {"/*": headers.security_headers()}


def test_every_page_sets_the_meta_policy_before_anything_it_loads(site):
    expected = headers.meta_policy()
    for path in html_pages(site):
        page = soup(path)
        metas = page.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert [meta["content"] for meta in metas] == [expected], path
        elements = page.find_all(True)
        position = elements.index(metas[0])
        loaders = [
            tag
            for tag in elements
            if tag.name in ("script", "style", "img")
            or (tag.name == "link" and set(tag.get("rel", [])) & {*LINK_RELS, "preload"})
        ]
        assert loaders, path
        assert all(elements.index(tag) > position for tag in loaders), path


def test_the_site_needs_nothing_the_policies_forbid(site):
    header_policy = headers.parse_policy(
        headers.parse_headers_file((site / "_headers").read_text(encoding="utf-8"))["/*"][
            "Content-Security-Policy"
        ]
    )
    needs = []
    for path in html_pages(site):
        page_needs_here = page_needs(path.read_text(encoding="utf-8"), url_of(site, path))
        needs += [(path.relative_to(site).as_posix(), need) for need in page_needs_here]
    for path in sorted(site.rglob("*.css")):
        css = css_needs(path.read_text(encoding="utf-8"), url_of(site, path))
        needs += [(path.relative_to(site).as_posix(), need) for need in css]
    assert any(directive == "style-src" for _, (directive, _, _) in needs)

    meta_policy = headers.parse_policy(headers.meta_policy())
    for policy in (header_policy, meta_policy):
        assert violations(needs, policy, SITEURL) == []


def test_the_policy_check_catches_what_the_policy_forbids():
    html = """<!DOCTYPE html><html><head>
    <link rel="stylesheet" href="https://fonts.example.com/x.css">
    <link rel="stylesheet" href="/theme/css/site.css">
    <script type="application/ld+json">{"@type": "MedicalWebPage"}</script>
    <script>alert(1)</script></head>
    <body><p style="color: red" onclick="go()">x</p><img src="data:image/png;base64,AA">
    <form action="/search"></form></body></html>"""
    needs = [("page.html", need) for need in page_needs(html, f"{SITEURL}/page.html")]
    needs += [
        ("site.css", need)
        for need in css_needs(
            "@font-face { src: url(/f.woff2) } a { background: url('i.svg') }",
            f"{SITEURL}/theme/css/site.css",
        )
    ]
    found = violations(needs, headers.parse_policy(headers.meta_policy()), SITEURL)
    assert found == [
        "page.html: <link> {'stylesheet'} needs style-src to allow https://fonts.example.com/x.css",
        "page.html: <script> needs script-src to allow inline code",
        "page.html: event handler on <p> needs script-src to allow inline code",
        "page.html: style attribute on <p> needs style-src to allow inline code",
        "page.html: <img> src needs img-src to allow data:image/png;base64,AA",
        f"page.html: <form> needs form-action to allow {SITEURL}/search",
        f"site.css: @font-face needs font-src to allow {SITEURL}/f.woff2",
    ]


def chapter_pages(site):
    """The chapters' pages; guide/all/ is the whole guide on one page, not a chapter."""
    return sorted(p for p in (site / "guide").glob("*/index.html") if p.parent.name != "all")


def test_robots_and_sitemap_name_the_pages_readers_should_find(site):
    assert (
        (site / "robots.txt")
        .read_text(encoding="utf-8")
        .endswith(f"Sitemap: {SITEURL}/sitemap.xml\n")
    )
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    entries = {
        url.findtext("s:loc", namespaces=namespace): url.findtext("s:lastmod", namespaces=namespace)
        for url in root.findall("s:url", namespace)
    }
    chapters = {url_of(site, path) for path in chapter_pages(site)}
    assert chapters
    assert chapters | {f"{SITEURL}/", f"{SITEURL}/guide/all/"} <= set(entries)
    # Each region's Get help page, as its Get help now page.
    regions = {f"{SITEURL}/get-help/{code}/" for code in ("ie", "gb", "us", "int")}
    assert regions <= set(entries)
    assert {entries[url] for url in regions} == {entries[f"{SITEURL}/get-help/"]}
    assert f"{SITEURL}/404.html" not in entries
    assert not any("/tag/" in url or "/author/" in url for url in entries)
    for url in chapters:
        page = soup(site / urlsplit(url).path.strip("/") / "index.html")
        modified = page.find("meta", property="article:modified_time")["content"]
        assert entries[url] >= modified, url
        reviewed = page.select_one("#review-status time")
        if reviewed:
            assert entries[url] >= reviewed["datetime"], url


def test_chapters_carry_canonical_open_graph_and_medical_web_page_data(site):
    chapters = chapter_pages(site)
    assert chapters
    for path in chapters:
        page = soup(path)
        url = url_of(site, path)
        assert page.find("link", rel="canonical")["href"] == url
        og = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
        assert og["og:url"] == url
        assert og["og:type"] == "article"
        assert og["og:title"] == page.h1.get_text(" ", strip=True)
        blocks = page.find_all("script", type="application/ld+json")
        assert len(blocks) == 1, path
        assert all(s.get("src") or s in blocks for s in page.find_all("script")), path
        data = json.loads(blocks[0].string)
        assert data["@type"] == "MedicalWebPage"
        assert data["url"] == url
        # Only a chapter a clinician has signed claims a review.
        if page.find(id="review-status")["data-review-status"] == "reviewed":
            assert data["lastReviewed"] == page.select_one("#review-status time")["datetime"]
            assert data["reviewedBy"]
        else:
            assert "lastReviewed" not in data and "reviewedBy" not in data, path


def test_every_page_but_the_404_page_has_its_canonical_link(site):
    for path in html_pages(site):
        links = soup(path).find_all("link", rel="canonical")
        if path.name == "404.html":
            assert links == []
        else:
            assert [link["href"] for link in links] == [url_of(site, path)], path
