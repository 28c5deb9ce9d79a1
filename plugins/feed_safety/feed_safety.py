"""The guide's text never leaves the site without its safety content: feeds too.

A feed reader shows a chapter without the site's pages around it, so no
banner and no helplines. This plugin puts, at the top of every feed entry's
content and summary, the disclaimer's banner text (the strong form for
chapters that ask for it) with a link to the full disclaimer, and a "Get
help now: <absolute URL>" link to the Get help now page:

- the words come from the disclaimer plugin's file (DISCLAIMER_SOURCE, read
  with its ``parse_disclaimer``), and the variant from its ``select_variant``;
- the Get help now page is the crisis_help plugin's CRISIS_HELP_PAGE.

``feed_generated`` adds the preface; ``feed_written`` reads the written
feed back and logs an error (which fails the build) for every entry that
does not start with it, naming the feed and the entry's title.
"""

import logging
import os
from urllib.parse import urljoin, urlsplit

from pelican import signals

from guidelib import Problem, ProblemsError, relative
from guidelib.settings import SETTINGS_FILE
from plugins.crisis_help import CrisisHelpConfig
from plugins.disclaimer import parse_disclaimer, select_variant

from .safety import feed_problems, preface, with_preface

logger = logging.getLogger(__name__)

DISCLAIMER_SOURCE = "pages/disclaimer.md"  # the disclaimer plugin's default
DEFAULT_VARIANT = select_variant(None)

_state = {}


class FeedSafetyError(ProblemsError):
    """The feeds cannot carry their safety content; the build must stop."""


def feeds_enabled(settings):
    """Whether any of Pelican's feed settings (FEED_ALL_ATOM, TAG_FEED_RSS ...) is on."""
    return any(
        "FEED_" in name and name.endswith(("ATOM", "RSS")) and value
        for name, value in settings.items()
    )


def _source(settings, name, default):
    return os.path.abspath(os.path.join(settings["PATH"], settings.get(name, default)))


def load(pelican):
    settings = pelican.settings
    _state.clear()
    if not feeds_enabled(settings):
        return
    site_url = settings.get("SITEURL") or ""
    where = str(settings.get(SETTINGS_FILE) or "pelicanconf.py")
    if not site_url.startswith(("https://", "http://")):
        message = (
            "feeds are switched on, but SITEURL is not an absolute address, so feed "
            "entries could not link to the Get help now page"
        )
        raise FeedSafetyError(
            [
                Problem(
                    where,
                    message,
                    hint="switch feeds on only in publishconf.py, which sets SITEURL",
                )
            ]
        )
    if any(char.isspace() for char in site_url):
        message = (
            f"SITEURL {site_url!r} has a space in it, which would break every feed entry's links"
        )
        raise FeedSafetyError([Problem(where, message, hint="remove the space from SITEURL")])
    source = _source(settings, "DISCLAIMER_SOURCE", DISCLAIMER_SOURCE)
    # The disclaimer plugin, earlier in PLUGINS, has already stopped the build
    # if the file is missing or incomplete; these errors are for a site without it.
    try:
        with open(source, encoding="utf-8-sig") as handle:
            disclaimer = parse_disclaimer(handle.read(), relative(source))
    except OSError as error:
        raise FeedSafetyError(
            [
                Problem(
                    relative(source),
                    f"cannot read the disclaimer, which every feed entry starts with "
                    f"({error.strerror})",
                    hint="create it, or point DISCLAIMER_SOURCE at it (relative to PATH)",
                )
            ]
        ) from None
    _state.update(
        site_url=site_url.rstrip("/") + "/",
        texts=disclaimer.texts,
        sources={
            "disclaimer": source,
            "get_help": _source(settings, "CRISIS_HELP_PAGE", CrisisHelpConfig.page),
        },
    )


def find_pages(generator):
    """Remember the absolute URLs of the Disclaimer and Get help now pages."""
    if not _state:
        return
    pages = [*generator.pages, *generator.hidden_pages, *generator.draft_pages]
    by_source = {os.path.abspath(page.source_path): page for page in pages}
    for name, source in _state["sources"].items():
        page = by_source.get(source)
        if page is None:
            raise FeedSafetyError(
                [
                    Problem(
                        relative(source),
                        "this page was not generated, so feed entries would have nothing "
                        "to link to",
                        hint="keep the file under PAGE_PATHS",
                    )
                ]
            )
        _state[f"{name}_url"] = urljoin(_state["site_url"], page.url)


def _variant(article):
    try:
        return select_variant(article.metadata.get("disclaimer"))
    except ValueError:
        return "strong"  # the disclaimer plugin reports the bad value


def add_prefaces(context, feed):
    """Put the disclaimer and the Get help now link at the top of every entry."""
    if not _state:
        return
    articles = [
        one
        for article in context.get("articles", [])
        for one in (article, *getattr(article, "translations", []))
    ]
    variants = {urljoin(_state["site_url"], a.url): _variant(a) for a in articles}
    for item in feed.items:
        link = urlsplit(item["link"])._replace(query="", fragment="").geturl()
        text = _state["texts"][variants.get(link, DEFAULT_VARIANT)]
        with_preface(item, preface(text, _state["disclaimer_url"], _state["get_help_url"]))


def check_written_feed(path, context, feed):
    """Log an error for every entry of the written feed that lacks its safety content."""
    if not _state:
        return
    with open(path, "rb") as handle:
        data = handle.read()
    texts = list(_state["texts"].values())
    name = os.path.relpath(path, context["OUTPUT_PATH"])
    for problem in feed_problems(data, name, texts, _state["get_help_url"]):
        problem.log(logger)


def register():
    signals.initialized.connect(load)
    signals.page_generator_finalized.connect(find_pages)
    signals.feed_generated.connect(add_prefaces)
    signals.feed_written.connect(check_written_feed)
