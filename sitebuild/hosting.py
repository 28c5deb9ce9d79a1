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
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from xml.sax.saxutils import escape

from pelican import signals

from guidelib import Problem, SettingsError, read_plugin_settings
from guidelib.settings import SETTINGS_FILE

from . import headers

logger = logging.getLogger(__name__)

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class Settings:
    PREFIX: ClassVar[str] = "HOSTING_"
    headers_file: bool = True
    robots: bool = True
    sitemap: bool = True
    # Set by this plugin, for the templates: the policy as a <meta> tag.
    csp_meta: str = ""


def check_settings(settings):
    """Return the HOSTING_* settings; SettingsError names a bad one."""
    values = read_plugin_settings(settings, Settings)
    siteurl = settings.get("SITEURL", "")
    if (values.robots or values.sitemap) and not siteurl.startswith(("https://", "http://")):
        raise SettingsError(
            [
                Problem(
                    str(settings.get(SETTINGS_FILE) or "publishconf.py"),
                    f"SITEURL is {siteurl!r}: robots.txt and sitemap.xml need the site's "
                    "absolute address",
                    hint="set SITEURL (publishconf.py does) or turn HOSTING_ROBOTS and "
                    "HOSTING_SITEMAP off",
                )
            ]
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


def sitemap_entries(siteurl, articles, pages, collections=(), others=()):
    """Return (absolute URL, last day changed or None) for every page worth a visit.

    ``collections`` are the URLs of pages that show every chapter (the whole
    guide on one page); like the home page, they change with any chapter.
    ``others`` are (URL, day or None) of pages that are not Pelican content
    (the Get help pages of each region).
    """
    chapter_days = [day for day in map(last_changed, articles) if day is not None]
    newest = max(chapter_days) if chapter_days else None
    entries = [(f"{siteurl}/", newest)]
    entries += [(f"{siteurl}/{url}", newest) for url in collections]
    entries += [(f"{siteurl}/{item.url}", last_changed(item)) for item in (*articles, *pages)]
    entries += [(f"{siteurl}/{url}", day) for url, day in others]
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


def host_files(settings, articles, pages, collections=(), others=()):
    """Return {file name in the output: text} for what the settings switch on."""
    switches = check_settings(settings)
    siteurl = settings.get("SITEURL", "")
    files = {}
    if switches.headers_file:
        files["_headers"] = headers.headers_file()
    if switches.robots:
        files["robots.txt"] = robots_txt(siteurl, sitemap=switches.sitemap)
    if switches.sitemap:
        files["sitemap.xml"] = sitemap_xml(
            sitemap_entries(siteurl, articles, pages, collections, others)
        )
    return files


def add_meta_policy(pelican):
    check_settings(pelican.settings)
    pelican.settings["HOSTING_CSP_META"] = headers.meta_policy()


def write_host_files(generator, writer=None):
    # Sent once the chapters are written, when the context holds every
    # chapter and page; output is never cleaned after this point.
    context = generator.context
    whole_guide = context.get("whole_guide")
    files = host_files(
        generator.settings,
        context["articles"],
        context.get("pages", []),
        [whole_guide.url] if whole_guide else [],
        # Each region's Get help page (plugins/crisis_help) changes with the Get help now page.
        [(page.url, last_changed(page.page)) for page in context.get("region_pages", [])],
    )
    for name, text in files.items():
        path = Path(generator.output_path) / name
        path.write_text(text, encoding="utf-8")
        logger.info("hosting: wrote %s", path)


def register():
    signals.initialized.connect(add_meta_policy)
    signals.article_writer_finalized.connect(write_host_files)
