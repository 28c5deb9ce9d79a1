"""Help for where the reader is: a page per region, and a script that puts theirs first.

- **Region pages.** Every region of the data file gets its own copy of the
  Get help now page, ``<get help now folder>/<code>/`` in lower case
  (``get-help/ie/``), with that region first in the list of helplines and
  in the crisis-help block. Pelican writes them through its writer from a
  generator of their own (crisis_help.py), as pelican-sitemap writes its
  file, so the site_audit plugin checks each one for every required block
  like any other page, and a strict build fails on one that lacks a block.
- **The region script.** A reader who arrives on any other page sees the
  site's order, which the script (``REGION_SCRIPT`` under the theme's static
  folder, rendered from the theme's ``partials/region.js``) changes in the
  browser: it finds the region from the time zone the browser reports, then
  from the region of its language (``en-IE``), both through the Intl APIs,
  and moves every element with that ``data-region`` first among its
  siblings; with no match the "anywhere else" region comes first. The page
  never needs it, and it sends, stores and sets nothing.

Which time zones belong to a region comes from the time zone database's
``zone.tab`` (the pinned tzdata package), which lists every zone with the
ISO 3166 code of its country: the codes the data file uses. Keeping a copy
of that list here would have to follow every change to the database; a
region without zones there (INT, or a code that is not a country) is
matched by language only. The script compares zones by the browser's own
name for each (``Intl.DateTimeFormat`` resolves aliases such as US/Eastern),
so the canonical zones of zone.tab are enough.
"""

import json
import os
from dataclasses import dataclass
from importlib.resources import files

import rjsmin
from markupsafe import Markup

from .model import ANYWHERE

SCRIPT_TEMPLATE = "partials/region.js"
# Where the script is written, under THEME_STATIC_DIR; base.html loads it there.
REGION_SCRIPT = "js/region.js"
# The Get help now page's list of region pages, which the region note links to.
REGIONS_ANCHOR = "regions"


def zone_table():
    """{ISO 3166 code: [time zone, ...]} from the time zone database's zone.tab, in its order."""
    zones = {}
    text = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _, zone = line.split("\t")[:3]
            zones.setdefault(code, []).append(zone)
    return zones


def script_zones(codes, table):
    """{code: {folder: "Place Place"}}: each region's time zones, grouped by folder.

    Zones are written folder/place (America/Indiana/Knox); grouping them by
    folder is what keeps the script within its size.
    """
    found = {}
    for code in codes:
        folders = found[code] = {}
        for zone in table.get(code, ()):
            folder, _, place = zone.rpartition("/")
            folders[folder] = f"{folders[folder]} {place}" if folder in folders else place
    return found


def _json(value):
    # Safe inside a script: no "<" can close it, and nothing else is special there.
    return Markup(json.dumps(value, separators=(",", ":")).replace("<", "\\u003c"))


def render_script(env, codes, table):
    """The region script for the regions ``codes`` (CRISIS_HELP_REGIONS), minified.

    The theme's template is written to be read, with comments; rjsmin drops
    those and the indentation (keeping the /*! */ note), which keeps the
    file the browser loads within its 2 KB.
    """
    text = env.get_template(SCRIPT_TEMPLATE).render(
        zones=_json(script_zones(codes, table)),
        anywhere=_json(ANYWHERE if ANYWHERE in codes else None),
    )
    return rjsmin.jsmin(text, keep_bang_comments=True) + "\n"


def region_folder(get_help_url):
    """The URL folder the region pages go in: the Get help now page's own ('get-help/')."""
    if get_help_url.endswith("/"):
        return get_help_url
    return os.path.splitext(get_help_url)[0] + "/"


def region_url(get_help_url, code):
    return f"{region_folder(get_help_url)}{code.lower()}/"


@dataclass(frozen=True)
class RegionPage:
    """What the get-help template reads of a region's page: the Get help now page, for one region.

    Not a Pelican content object: it has no source file of its own, so no
    plugin records it as one, and the words stay those of the Get help now
    page (read when the page is rendered, so its links suit the region
    page's folder).
    """

    page: object  # the Get help now page
    region: object  # a model.Region
    url: str
    template: str

    @property
    def save_as(self):
        return f"{self.url}index.html"

    @property
    def title(self):
        return Markup("{}: {}").format(Markup(self.page.title), self.region.name)

    @property
    def summary(self):
        return self.page.summary

    @property
    def content(self):
        return self.page.content

    @property
    def metadata(self):
        return self.page.metadata


def region_pages(page, directory, template):
    """A RegionPage for every region of the data file, in its order."""
    return [
        RegionPage(page, region, region_url(page.url, region.code), template)
        for region in directory.regions
    ]
