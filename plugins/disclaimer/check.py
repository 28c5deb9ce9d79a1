"""The build check: every written HTML page must carry the disclaimer banner.

Readers land anywhere, so the block may not depend on each template author
remembering it. After each page is written its HTML is parsed and the element
with the stable id is looked for; a page where it is missing, empty or
repeated is reported with the template that rendered it.

Pelican's writer does not say which template it used, but each generator puts
something recognisable in the page's context (see pelican/generators.py), so
``template_of`` reads it from there. That keeps Pelican's own writer in place:
Pelican uses only one writer class, and a second plugin that replaced it would
make Pelican warn and drop one of them.
"""

import os

import lxml.html
from jinja2 import TemplateNotFound


def block_problem(html, block_id):
    """Return what is wrong with the element ``id=block_id`` in ``html``, or None."""
    # lxml directly: this runs on every page of every build, and BeautifulSoup
    # costs ten times as much for the same parse.
    found = lxml.html.document_fromstring(html).xpath("//*[@id=$id]", id=block_id)
    if not found:
        return "is missing"
    if len(found) > 1:
        return f"appears {len(found)} times"
    if not found[0].text_content().strip():
        return "is empty"
    return None


def template_of(context):
    """Return the name of the template that rendered the page with this context."""
    for key in ("article", "page"):
        template = getattr(context.get(key), "template", None)
        if isinstance(template, str):
            return template
    # Articles also carry their category, so these come after them.
    for key in ("tag", "category", "author"):
        if context.get(key) is not None:
            return key
    if "period" in context:
        return "period_archives"
    output = context.get("output_file")
    for source, destination in (context.get("TEMPLATE_PAGES") or {}).items():
        if destination == output:
            return source
    page_name = context.get("page_name")
    for name in context.get("DIRECT_TEMPLATES") or ():
        save_as = context.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as and os.path.splitext(save_as)[0] == page_name:
            return name
    return "unknown"


def template_file(env, name, extensions=(".html",)):
    """Return the file the environment ``env`` loads for template ``name``, or None."""
    if env is None:
        return None
    for extension in (*extensions, ""):
        try:
            return env.get_template(name + extension).filename
        except TemplateNotFound:
            continue
    return None


def describe_template(context, env):
    """'article (theme/templates/article.html)', for an error message."""
    name = template_of(context)
    filename = template_file(env, name, tuple(context.get("TEMPLATE_EXTENSIONS") or (".html",)))
    return f"{name} ({os.path.relpath(filename)})" if filename else name
