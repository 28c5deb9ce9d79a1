"""What the browser tests visit: every HTML page of a built site, by URL path."""

from bs4 import BeautifulSoup

# One page of every kind the theme renders; each must exist in the real site.
PAGE_TYPES = {
    "home": "/",
    "chapter": "/guide/why-movement-helps/",
    "whole guide": "/guide/all/",
    "page": "/about/",
    "get help now": "/get-help/",
    "get help in a region": "/get-help/ie/",
    "disclaimer": "/disclaimer/",
    "references": "/references/",
    "tags index": "/tags/",
    "categories": "/categories/",
    "authors": "/authors/",
    "archives": "/archives/",
    "not found": "/404.html",
}

CITATION_LINK = "sup a[href^='#']"
WHOLE_GUIDE = "/guide/all/"


def url_path(site, file):
    """The URL path a static host serves `file` at: folders by their index.html."""
    relative = file.relative_to(site).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative.removesuffix("index.html")
    return "/" + relative


def page_paths(site):
    """URL paths of every HTML page in `site`, sorted."""
    return sorted(url_path(site, file) for file in site.rglob("*.html"))


def chapter_paths(site):
    """URL paths of the chapters, in their reading order (the home page's list).

    The whole guide on one page (/guide/all/) is not a chapter.
    """
    return [path for path in page_paths(site) if path.startswith("/guide/") and path != WHOLE_GUIDE]


def read(site, path):
    file = site / path.lstrip("/")
    if path.endswith("/"):
        file = file / "index.html"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")


def first_chapter_with_citations(site):
    """The URL path of the first chapter that cites a reference; fails if none does."""
    for path in chapter_paths(site):
        if read(site, path).select_one(CITATION_LINK):
            return path
    raise AssertionError(f"no chapter has a citation link ({CITATION_LINK!r})")


def visit(page, path):
    """Load `path` in `page` and wait for it; a missing page fails the test, not just the check."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    return response
