"""Production settings: pelicanconf.py plus what only the published site needs."""

import importlib.util
import os

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL.startswith(("https://", "http://")):
    raise SystemExit(
        "publishconf.py: set SITEURL to the address the site is published at, "
        "for example: SITEURL=https://guide.example.org invoke preview"
    )
# Absolute URLs: canonical links, the feed and the sitemap must name the real
# address, and the 404 page is served at any depth.
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
# Feed readers show a chapter without the page around it: plugins/feed_safety
# starts every entry with the disclaimer and the Get help now link, and fails
# the build on an entry without them. After the disclaimer and crisis_help
# plugins, whose words and page it uses.
PLUGINS = [*PLUGINS, "plugins.feed_safety"]

# sitebuild/hosting.py: the security policy as a <meta> tag in every page,
# _headers, robots.txt and sitemap.xml. The templates use SITEURL to add the
# canonical link, Open Graph and schema.org metadata (partials/head_meta.html).
PLUGINS = [*PLUGINS, "sitebuild.hosting"]
HOSTING_HEADERS_FILE = True
HOSTING_ROBOTS = True
HOSTING_SITEMAP = True

# dir:PATH targets of `invoke publish` keep this many earlier releases, to
# switch back to by hand.
PUBLISH_KEEP_RELEASES = 3
# A publish waits this long for another publish to the same target to finish
# (the lock is taken for the whole run: build, check and deploy), then gives
# up; 0 refuses at once.
PUBLISH_LOCK_WAIT_SECONDS = 300

# .gz and .br copies of text files, for servers that send them as they are
# (nginx gzip_static). Off by default: GitHub Pages, Netlify and Cloudflare
# compress by themselves. PRECOMPRESS=1 turns it on; it needs the
# pelican-precompress package (and brotli for .br).
if os.environ.get("PRECOMPRESS", "0") not in ("0", ""):
    if importlib.util.find_spec("pelican.plugins.precompress") is None:
        raise SystemExit(
            "publishconf.py: PRECOMPRESS is set but pelican-precompress is not installed; "
            "install it (pip install 'pelican-precompress[brotli]') or unset PRECOMPRESS"
        )
    PLUGINS = [*PLUGINS, "pelican.plugins.precompress"]
