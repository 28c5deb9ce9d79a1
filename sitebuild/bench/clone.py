"""The cloned corpus: the real site, its chapters copied until the guide is 50 times longer.

The site's content/ is copied whole (pages, data, references.bib and the
chapters), then every real chapter is copied again and again into
content/chapters, numbered on after the last real one: with 8 chapters and
400 copies, Order runs 1 to 408 and the site has 435 pages. The chapters are
read as they are at run time, since their text and front matter change; a
copy differs from its original only in its Slug, Title and Order lines.
"""

import re
import shutil

from .commands import ROOT, BenchError
from .sites import finish

COPIES = 400
FIELD_RE = re.compile(
    r"^(?P<name>title|slug|order):[ \t]*(?P<value>.*)$", re.MULTILINE | re.IGNORECASE
)


class CloneError(BenchError):
    """A real chapter cannot be copied: it lacks a field the copy must change."""


def front_matter_end(text):
    """Index where the front matter (up to the first blank line) ends."""
    end = text.find("\n\n")
    return len(text) if end < 0 else end


def copy_text(text, copy, order, path="chapter"):
    """The text of copy number ``copy`` of a chapter, with Order ``order``."""
    end = front_matter_end(text)
    front = text[:end]
    found = {match["name"].capitalize() for match in FIELD_RE.finditer(front)}
    missing = sorted({"Title", "Slug", "Order"} - found)
    if missing:
        raise CloneError(
            f"{path}: no {', '.join(missing)} line in the front matter; "
            "the cloned corpus gives each copy its own Title, Slug and Order"
        )
    new = {
        "Title": lambda value: f"{value} (copy {copy})",
        "Slug": lambda value: f"{value}-copy-{copy}",
        "Order": lambda value: str(order),
    }
    front = FIELD_RE.sub(lambda m: f"{m['name']}: {new[m['name'].capitalize()](m['value'])}", front)
    return front + text[end:]


def clone(folder, copies=COPIES, source=ROOT / "content"):
    """Write the cloned corpus into ``folder``; return its Corpus."""
    content = folder / "content"
    shutil.copytree(source, content)
    chapters = sorted((content / "chapters").glob("*.md"))
    if not chapters:
        raise CloneError(f"{source / 'chapters'}: no chapters to clone")
    originals = [(path, path.read_text(encoding="utf-8")) for path in chapters]
    for number in range(1, copies + 1):
        path, text = originals[(number - 1) % len(originals)]
        order = len(originals) + number
        target = path.with_name(f"{order:04d}-{path.stem}-copy-{number}.md")
        where = f"content/chapters/{path.name}"
        target.write_text(copy_text(text, number, order, where), encoding="utf-8")
    return finish("cloned", folder)
