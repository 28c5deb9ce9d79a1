"""Citation marks left in a built page: the site-wide check that nothing went unrendered.

The extension turns every citation it reads into a number, and a bracket it
cannot read is an error. What it never sees can still reach a reader as raw
text: an ``@key`` in raw HTML, in a template, or in a page that was not
written in Markdown. ``leftover_citations`` is added to site_audit's page
checks (plugins.site_audit.add_page_check), so every written page is read
for them, in the build and in ``invoke check``.

Only prose counts: text inside code, pre, kbd, samp, script, style,
template and textarea is left out, and so are URLs and email addresses
(``leftover_citation_marks`` never takes the "@" of an address or of a
URL's "/@name"; a URL is blanked out first, since its query may hold
"=@"). Text holding no "@" is never looked at: libxml2 finds the few text
nodes that do.
"""

import re

from lxml import etree

from guidelib import ERROR, Problem

from .syntax import leftover_citation_marks

NOT_PROSE = ("code", "pre", "kbd", "samp", "script", "style", "template", "textarea")
TEXT_WITH_AT = etree.XPath(
    "//body//text()[contains(., '@')]"
    f"[not(ancestor::*[{' or '.join(f'self::{name}' for name in NOT_PROSE)}])]"
)
URL_RE = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S*")


def marks_in(root):
    """(line, mark) for each citation mark in the prose of the page ``root``."""
    found = []
    for text in TEXT_WITH_AT(root):
        for mark in leftover_citation_marks(URL_RE.sub(" ", str(text))):
            found.append((text.getparent().sourceline, mark))
    return found


def leftover_citations(page, root):
    """An error for each citation mark left in the prose of ``page`` (a site_audit page check)."""
    return [
        Problem(
            page,
            f"citation {mark} is shown as text: it was not read as a citation",
            ERROR,
            line,
            hint="cite in the Markdown text as [@key] or @key, with a key from the library, "
            "not in raw HTML or a template; if it is not a citation, put it in a code span",
        )
        for line, mark in marks_in(root)
    ]
