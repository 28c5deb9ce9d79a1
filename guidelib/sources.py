"""Reading content sources: front-matter lines, Markdown files, content groups."""

from .problems import Problem, ProblemsError

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")

# Every list a Pelican generator keeps its content objects in.
CONTENT_GROUPS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def contents_of(generators, groups=CONTENT_GROUPS):
    """Every content object of ``generators`` in ``groups``, each once, in order."""
    seen, found = set(), []
    for generator in generators:
        for group in groups:
            for content in getattr(generator, group, None) or ():
                if id(content) not in seen:
                    seen.add(id(content))
                    found.append(content)
    return found


def field_lines(text):
    """Map each front-matter field name (lower case, spaces as _) to its 1-based line."""
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        name, sep, _ = line.partition(":")
        if sep and not line[0].isspace():
            lines.setdefault(name.strip().lower().replace(" ", "_"), number)
    return lines


def line_of(path, field):
    """The line of front-matter ``field`` in the file at ``path``; 1 when absent."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return field_lines(handle.read()).get(field, 1)
    except OSError:
        return 1


def read_data_file(path, what, hint, error=ProblemsError):
    """The text of a data file the build cannot do without.

    A missing or unreadable file is one ``error`` (a ProblemsError subclass)
    naming the file, what it is (``what``) and how to fix it (``hint``):
    what would follow from it is not reported on top.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as failure:
        reason = getattr(failure, "strerror", None) or str(failure)
        raise error([Problem(str(path), f"cannot read {what} ({reason})", hint=hint)]) from None
