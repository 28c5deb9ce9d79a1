"""Resolve the URLs found in built pages the way a static host serves them.

A link to a folder means its index.html, the path is percent-decoded, the
query string is ignored, and a root-relative URL starts at the output
directory (after the base path, for a site served under a sub-path).
"""

import posixpath
import re
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

INTERNAL = "internal"
EXTERNAL = "external"
OTHER = "other"
INVALID = "invalid"

# A URL with a scheme, a host or a root-relative path means the same thing
# on every page.
PAGE_INDEPENDENT_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|/")

# Schemes that name no file and load nothing from another site.
HARMLESS_SCHEMES = frozenset({"mailto", "tel", "sms", "data", "about", "blob"})


class Target(NamedTuple):
    """Where a URL leads.

    For INTERNAL: ``path`` is the file it names, relative to the output
    directory, or None when there is no such file; ``wanted`` is the file
    that would have to exist. For INVALID: ``reason`` says why. A named
    tuple, not a dataclass: one is made for each of a site's 100,000 links.
    """

    kind: str
    path: str | None = None
    wanted: str = ""
    fragment: str = ""
    reason: str = ""


def normalise_base_path(base_path):
    """Return the base path with one leading and one trailing slash."""
    stripped = (base_path or "").strip("/")
    return f"/{stripped}/" if stripped else "/"


class Site:
    """The files of a built site, and how URLs in its pages map onto them."""

    def __init__(self, files, dirs, base_path="/", site_url=""):
        self.files = frozenset(files)
        self.dirs = frozenset(dirs)
        own = urlsplit(site_url or "")
        self.own_host = own.netloc.lower()
        if base_path in (None, "", "/"):
            base_path = own.path  # "" or "/" when the site URL has no path
        self.base_path = normalise_base_path(base_path)
        # The same URLs recur on every page (navigation, footer), so each
        # is resolved once.
        self._cache = {}

    def is_own(self, parts):
        return bool(self.own_host) and parts.netloc.lower() == self.own_host

    def resolve(self, page, url):
        """Return the Target of ``url`` as written in the file ``page``."""
        url = url.strip()
        if url.startswith("#") or not url:
            return Target(INTERNAL, path=page, wanted=page, fragment=url[1:])
        if PAGE_INDEPENDENT_RE.match(url):
            key = url
        elif url.startswith("?"):
            key = (page, url)
        else:
            # "../../about/" names the same file from every page two folders
            # deep: key on the folder it climbs to.
            folder, rest = page.rpartition("/")[0], url
            while folder and rest.startswith("../"):
                folder, rest = folder.rpartition("/")[0], rest[3:]
            key = (folder, rest)
        target = self._cache.get(key)
        if target is None:
            target = self._cache[key] = self._resolve(page, url)
        return target

    def _resolve(self, page, url):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in ("http", "https") or (not scheme and parts.netloc):
            if not self.is_own(parts):
                return Target(EXTERNAL)
            return self._local(page, parts.path or "/", parts.fragment)
        if scheme == "javascript":
            return Target(
                INVALID, reason="javascript: URL, which a strict Content-Security-Policy blocks"
            )
        if scheme == "data":
            return Target(
                INVALID,
                reason="data: URL, whose content no check and no reader can see before "
                "opening it; put the file in the site and link to it",
            )
        if scheme:
            return Target(OTHER)
        return self._local(page, parts.path, parts.fragment)

    def _local(self, page, path, fragment):
        decoded = unquote(path)
        if not decoded:
            return Target(INTERNAL, path=page, wanted=page, fragment=fragment)
        if decoded.startswith("/"):
            base = self.base_path
            if decoded + "/" == base:
                decoded = base
            if not decoded.startswith(base):
                return Target(INVALID, reason=f"URL outside the site's base path {base}")
            joined = decoded[len(base) :]
        else:
            joined = posixpath.join(posixpath.dirname(page), decoded)
        relative = posixpath.normpath(joined) if joined else "."
        if relative == ".." or relative.startswith("../"):
            return Target(INVALID, reason="URL pointing outside the output directory")
        if relative == ".":
            relative = ""
        if decoded.endswith("/") or relative in self.dirs:
            wanted = posixpath.join(relative, "index.html")
        else:
            wanted = relative
        found = wanted if wanted in self.files else None
        return Target(INTERNAL, path=found, wanted=wanted, fragment=fragment)
