"""Settings for building the guide while writing it (see publishconf.py for production)."""

import os

AUTHOR = "Guide editorial team"
SITENAME = "Moving Through Low Mood"
SITE_DESCRIPTION = (
    "An evidence-based guide to exercise and depression: what the research "
    "shows, how to start when energy is low, and where to get help now."
)
SITE_FOOTER_NOTE = "This guide supports, and never replaces, care from a health professional."
SITE_INTRO_FIRST = (
    "This guide explains, in plain words and with the research behind every "
    "claim, how physical activity can help with low mood and depression."
)
SITE_INTRO_SECOND = (
    "It is written for people who may have very little energy, and it works "
    "alongside professional care, never instead of it."
)
SITEURL = ""
# The corrections address the About page shows; the publisher sets it, the
# project ships none (without it the About page says none is set).
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["chapters"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

THEME = "theme"
THEME_EXTRA_CSS = ["citations.css", "safety.css", "furniture.css"]

# Our plugins are packages of this project (pip install -e . makes them importable).
PLUGINS = [
    "plugins.editorial",
    "plugins.chapters",
    "plugins.citations",
    "plugins.disclaimer",
    "plugins.crisis_help",
    # After crisis_help: emergency cards list the numbers it has loaded.
    "plugins.furniture",
    "plugins.site_audit",
    "plugins.prose",
    # The whole guide on one page (guide/all/): after citations and furniture,
    # whose extensions it uses again on every chapter.
    "plugins.whole_guide",
    # Last: writes down what the others learnt, for `invoke check`.
    "plugins.build_record",
]

# Crisis help: the regions shown on every page (CRISIS_HELP_REGIONS) and the
# age after which `invoke check` warns about a helpline keep the defaults
# given in plugins/crisis_help/README.md.

# Prose checks on every Markdown source (plugins/prose/README.md): the
# editorial rules in PROSE_RULES_FILE (relative to PATH) run on chapters and
# pages; the chapters' reading grade (Flesch-Kincaid) fails the build above
# PROSE_GRADE_ERROR and is a warning for `invoke check` above
# PROSE_GRADE_WARNING, and a research finding with no citation is a warning.
PROSE_GRADE_ERROR = 9
PROSE_GRADE_WARNING = 7
PROSE_RULES_FILE = "data/prose-rules.yaml"
PROSE_GRADED = ["articles"]

# Clean URLs: every page is a folder with an index.html, which every static
# host serves without configuration.
ARTICLE_URL = "guide/{slug}/"
ARTICLE_SAVE_AS = "guide/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
ARCHIVES_SAVE_AS = "archives/index.html"
TAGS_SAVE_AS = "tags/index.html"
CATEGORIES_SAVE_AS = "categories/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
# Drafts and date archives are not part of a guide read in order.
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
# The contents page lists every chapter, so it is never split.
DEFAULT_PAGINATION = False
# Chapters are read in their own order, not by date.
ARTICLE_ORDER_BY = "order"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]

# No feeds while writing: they need an absolute SITEURL, which only
# publishconf.py knows.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        # Heading ids for the in-page table of contents and deep links.
        "markdown.extensions.toc": {"toc_depth": "2-3"},
        # Curly quotes, dashes and ellipses: Python-Markdown's smarty, whose
        # patterns guidelib.typography runs in a loop of its own, twice as fast.
        "guidelib.typography": {},
        # "!!! urgent" blocks, which plugins.furniture makes into care cards.
        "markdown.extensions.admonition": {},
    },
    "output_format": "html5",
}

# Chapters: front matter every chapter must have, and when a chapter is long
# enough to get an in-page table of contents.
CHAPTERS_TOC_MIN_HEADINGS = 3

# Furniture: the most words a point of a chapter's "In short" list may have
# (see plugins/furniture/README.md).
FURNITURE_KEY_POINTS_MAX_WORDS = 30
