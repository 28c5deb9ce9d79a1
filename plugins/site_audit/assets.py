"""The site's stylesheets and scripts: their weight and what they load.

CSS is not HTML: its references are ``url(...)`` and ``@import``, found here
with a small scanner after the comments are removed.
"""

import re

from guidelib import Problem

from .urls import EXTERNAL, INTERNAL, INVALID

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
FONT_FACE = re.compile(r"@font-face\b", re.IGNORECASE)


def kilobytes(size):
    return f"{size / 1024:.1f} KB"


def css_references(text):
    """Return the URLs a stylesheet loads (url() and @import), in order."""
    text = CSS_COMMENT.sub("", text)
    found = []
    for pattern in (CSS_IMPORT, CSS_URL):
        for match in pattern.finditer(text):
            url = next(group for group in match.groups() if group is not None)
            if url and not url.startswith("#"):
                found.append(url)
    return found


def budget_problems(sizes, suffixes, limit, what):
    """Return a problem if the files ending in ``suffixes`` weigh more than ``limit``."""
    chosen = {path: size for path, size in sizes.items() if path.endswith(suffixes)}
    total = sum(chosen.values())
    if total <= limit:
        return []
    listing = ", ".join(f"{path} {kilobytes(size)}" for path, size in sorted(chosen.items()))
    return [
        Problem(
            f"*{suffixes[0]}",
            f"the site ships {kilobytes(total)} of {what}, over the "
            f"{kilobytes(limit)} budget ({listing}); make it smaller",
        )
    ]


class Stylesheets:
    """Every stylesheet in the output, read once; checks their references."""

    def __init__(self, output, site, css_paths):
        self.site = site
        self.references = {}
        self.font_faces = set()
        for path in css_paths:
            text = (output / path).read_text(encoding="utf-8", errors="replace")
            self.references[path] = css_references(text)
            if FONT_FACE.search(CSS_COMMENT.sub("", text)):
                self.font_faces.add(path)

    def problems(self):
        found = []
        for path, urls in sorted(self.references.items()):
            for url in urls:
                target = self.site.resolve(path, url)
                if target.kind == EXTERNAL:
                    found.append(
                        Problem(
                            path,
                            f"loads {url} from another origin; serve it from the site or remove it",
                        )
                    )
                elif target.kind == INVALID:
                    found.append(Problem(path, f"{target.reason}: {url}"))
                elif target.kind == INTERNAL and target.path is None:
                    found.append(
                        Problem(path, f"refers to missing file {url} (no file {target.wanted})")
                    )
        return found

    def render_assets(self, path, seen=None):
        """Return the images and fonts a stylesheet (with its imports) needs."""
        seen = set() if seen is None else seen
        if path in seen or path not in self.references:
            return []
        seen.add(path)
        needed = ["@font-face"] if path in self.font_faces else []
        for url in self.references[path]:
            target = self.site.resolve(path, url)
            if target.kind == INTERNAL and target.path and target.path.endswith(".css"):
                needed.extend(self.render_assets(target.path, seen))
            else:
                needed.append(url)
        return needed
