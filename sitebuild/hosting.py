"""Pelican plugin for the published site: the files static hosts and crawlers read.

Enabled by publishconf.py (``PLUGINS``), never while writing. It

- gives the templates ``HOSTING_CSP_META``, the security policy for the
  ``<meta http-equiv>`` tag (theme/templates/partials/head_meta.html);
- writes ``_headers`` (security headers for Netlify and Cloudflare Pages),
  ``robots.txt`` and ``sitemap.xml`` into the output.

The sitemap is written here rather than by pelican-sitemap: that plugin
stamps the home page and every index page with the clock of the build, so
two builds of one commit would differ, and it lists 404.html. Here every
``lastmod`` comes from the content's own dates, and only the pages a reader
should land on are listed: the contents page, the chapters and the pages.
"""

import logging
from pathlib import Path
from xml.sax.saxutils import escape

from pelican import signals

from . import headers

logger = logging.getLogger(__name__)

DEFAULTS = {
    "HOSTING_HEADERS_FILE": True,
    "HOSTING_ROBOTS": True,
    "HOSTING_SITEMAP": True,
}

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


class HostingSettingsError(ValueError):
    """A HOSTING_* setting or SITEURL has a value the plugin cannot use."""


def check_settings(settings):
    """Return the HOSTING_* switches; a bad value names its setting."""
    values = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    for name, value in values.items():
        if not isinstance(value, bool):
            raise HostingSettingsError(f"{name} must be True or False, not {value!r}")
    siteurl = settings.get("SITEURL", "")
    if (values["HOSTING_ROBOTS"] or values["HOSTING_SITEMAP"]) and not siteurl.startswith(
        ("https://", "http://")
    ):
        raise HostingSettingsError(
            f"SITEURL is {siteurl!r}: robots.txt and sitemap.xml need the site's absolute "
            "address; set SITEURL (publishconf.py does) or turn HOSTING_ROBOTS and "
            "HOSTING_SITEMAP off"
        )
    return values


def last_changed(item):
    """Return the day ``item`` last changed (its newest date, review included), or None."""
    days = [
        value.date()
        for value in (getattr(item, name, None) for name in ("date", "modified", "reviewed"))
        if value is not None and hasattr(value, "date")
    ]
    return max(days) if days else None


def sitemap_entries(siteurl, articles, pages):
    """Return (absolute URL, last day changed or None) for every page worth a visit."""
    chapter_days = [day for day in map(last_changed, articles) if day is not None]
    entries = [(f"{siteurl}/", max(chapter_days) if chapter_days else None)]
    entries += [(f"{siteurl}/{item.url}", last_changed(item)) for item in (*articles, *pages)]
    return sorted(set(entries))


def sitemap_xml(entries):
    """Return the text of sitemap.xml for (URL, day or None) entries."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{SITEMAP_NAMESPACE}">']
    for url, day in entries:
        lastmod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
        lines.append(f"<url><loc>{escape(url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(siteurl, sitemap=True):
    """Return the text of robots.txt: every page may be read; where the sitemap is."""
    text = "User-agent: *\nAllow: /\n"
    if sitemap:
        text += f"\nSitemap: {siteurl}/sitemap.xml\n"
    return text


def host_files(settings, articles, pages):
    """Return {file name in the output: text} for what the settings switch on."""
    switches = check_settings(settings)
    siteurl = settings.get("SITEURL", "")
    files = {}
    if switches["HOSTING_HEADERS_FILE"]:
        files["_headers"] = headers.headers_file()
    if switches["HOSTING_ROBOTS"]:
        files["robots.txt"] = robots_txt(siteurl, sitemap=switches["HOSTING_SITEMAP"])
    if switches["HOSTING_SITEMAP"]:
        files["sitemap.xml"] = sitemap_xml(sitemap_entries(siteurl, articles, pages))
    return files


def add_meta_policy(pelican):
    check_settings(pelican.settings)
    pelican.settings["HOSTING_CSP_META"] = headers.meta_policy()


def write_host_files(generator, writer=None):
    # Sent once the chapters are written, when the context holds every
    # chapter and page; output is never cleaned after this point.
    context = generator.context
    files = host_files(generator.settings, context["articles"], context.get("pages", []))
    for name, text in files.items():
        path = Path(generator.output_path) / name
        path.write_text(text, encoding="utf-8")
        logger.info("hosting: wrote %s", path)


def register():
    signals.initialized.connect(add_meta_policy)
    signals.article_writer_finalized.connect(write_host_files)
