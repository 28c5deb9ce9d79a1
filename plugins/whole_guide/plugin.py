"""Pelican signal handlers: the whole guide on one page, from the chapters in order.

* ``initialized``: the WHOLE_GUIDE_* settings are read, and the page's end
  copies of the disclaimer and the crisis help become required blocks of
  the page (plugins.site_audit), beside the top copies every page has.
* ``all_generators_finalized``: once every chapter and page is read (and
  plugins.chapters has put the chapters in order), each chapter is
  converted again with the site's Markdown settings (render.py), sharing
  one citation numbering. A chapter whose own HTML, starting number state
  and link targets are those of the last build in this process is not
  converted again (the live preview rebuilds in one process; see
  ``convert``). Each chapter's review status becomes a required
  block of the page too, and the build record gets the page's chapters and
  sources, for ``invoke check``.
* ``article_writer_finalized``: the page is written with the theme's
  whole_guide.html, through Pelican's writer, so that site_audit checks it
  as it checks every page.
"""

import logging
import os
from dataclasses import dataclass, field
from typing import ClassVar

from markupsafe import Markup
from pelican.utils import get_relative_path, path_to_url

from guidelib import Problem, read_plugin_settings, relative
from plugins.build_record import note
from plugins.disclaimer import select_variant
from plugins.site_audit import Block, add_collection, require_block

from .render import Target, WholeGuideLinks, continued_citations, markdown_for, render_chapter

logger = logging.getLogger(__name__)

END_DISCLAIMER_ID = "disclaimer-end"
END_CRISIS_HELP_ID = "crisis-help-end"
FIX_END = "Keep the {call} at the end of theme/templates/whole_guide.html"


def _page_path(value):
    if value.endswith(".html") and not value.startswith("/"):
        return None
    return "must be an output path ending in .html, such as 'guide/all/index.html'"


@dataclass(frozen=True)
class Config:
    PREFIX: ClassVar[str] = "WHOLE_GUIDE_"
    save_as: str = field(
        default="guide/all/index.html",
        metadata={"check": _page_path, "example": 'WHOLE_GUIDE_SAVE_AS = "guide/all/index.html"'},
    )
    url: str = "guide/all/"
    template: str = "whole_guide"


@dataclass
class WholeChapter:
    """One chapter as the whole page shows it; the theme reads it like an article."""

    article: object
    html: Markup
    key_points: list

    @property
    def slug(self):
        return self.article.slug

    @property
    def id_prefix(self):
        return f"{self.article.slug}-"

    def __getattr__(self, name):
        # title, order, review, url ... are the chapter's own.
        return getattr(self.article, name)


@dataclass
class WholeGuide:
    """What whole_guide.html shows: the chapters, one References list, the disclaimer form."""

    url: str
    chapters: list
    references: Markup
    disclaimer_variant: str
    end_disclaimer_id: str = END_DISCLAIMER_ID
    end_crisis_help_id: str = END_CRISIS_HELP_ID

    @property
    def drafts(self):
        return [part for part in self.chapters if part.review.status != "reviewed"]


_state = {}
# What the last build in this process converted: {key: (Rendered, numbering after)}.
_converted = {}
# The last build's link targets and their number, which goes up when they
# change: a chapter's cache key holds the number, not the targets (one per
# page of the site), which each chapter's key would otherwise hash again.
_targets = {"last": None, "number": 0}


def load_settings(pelican):
    _state.clear()
    _state["config"] = read_plugin_settings(pelican.settings, Config)


def add_blocks(pelican):
    """The whole page carries the disclaimer and the crisis help at its end too.

    It holds every chapter, so the site audit weighs it against the budget of
    all the chapters together (``add_collection``).
    """
    page = _state["config"].save_as
    add_collection(pelican.settings, page)
    for block_id, name, call in (
        (END_DISCLAIMER_ID, "the disclaimer at the end of the whole guide", "disclaimer_banner"),
        (END_CRISIS_HELP_ID, "the crisis help at the end of the whole guide", "crisis_help_block"),
    ):
        fix = FIX_END.format(call=f"{{{{ {call}(block_id=whole_guide.end_...) }}}} call")
        require_block(pelican.settings, Block(block_id, name, fix, pages=page))


def site_root(settings, save_as):
    """SITEURL as the page's links need it: relative to the page, or the absolute one."""
    if settings.get("RELATIVE_URLS"):
        return path_to_url(get_relative_path(save_as))
    return settings.get("SITEURL", "")


def link_targets(generated, chapters, root, content_path):
    """Target for each generated content, by source path relative to the content folder."""
    anchors = {os.path.abspath(chapter.source_path): chapter.slug for chapter in chapters}
    targets = {}
    for content in generated.values():
        source = getattr(content, "source_path", None)
        if not source or not hasattr(content, "url"):
            continue
        path = os.path.relpath(source, content_path).replace(os.sep, "/")
        anchor = anchors.get(os.path.abspath(source), "")
        targets[path] = Target(anchor=anchor, url="" if anchor else f"{root}/{content.url}")
    return targets


def disclaimer_variant(chapters):
    """The strongest disclaimer any chapter asks for."""
    for chapter in chapters:
        try:
            if select_variant(chapter.metadata.get("disclaimer")) == "strong":
                return "strong"
        except ValueError:
            return "strong"  # already reported; the stronger wording is the safe one
    return "standard"


def convert(chapter, folder, citations, targets, make_markdown, kept, fresh):
    """Convert one chapter for the whole page, or take it from the last build.

    Everything that makes the chapter's HTML (its text, the library, the
    extensions' data) makes its own page's HTML or key points too, so those, the
    numbering the chapter starts from and the link targets decide whether
    the last build's result still holds. ``targets`` stands for the link
    targets: anything hashable that changes when they do. ``kept`` is the
    last build's, ``fresh`` this build's.
    """
    key = (
        chapter.source_path,
        chapter.slug,
        folder,
        str(chapter.content),
        # Taken out of the content, so they count on their own.
        tuple(str(point) for point in getattr(chapter, "key_points", ())),
        citations.numbering_state() if citations else None,
        targets,
    )
    if key in kept:
        rendered, after = kept[key]
        if citations:
            citations.resume(after)
    else:
        with open(chapter.source_path, encoding="utf-8-sig") as handle:
            rendered = render_chapter(handle.read(), make_markdown())
        after = citations.numbering_state() if citations else None
    fresh[key] = (rendered, after)
    return rendered


def render_guide(generators):
    """Convert every chapter again, in order, for the whole page."""
    if "config" not in _state or not generators:
        return
    config = _state["config"]
    context = generators[0].context
    settings = generators[0].settings
    chapters = context.get("chapters") or []
    if not chapters:
        return
    markdown_settings = settings.get("MARKDOWN", {})
    citations = continued_citations(markdown_settings)
    content_path = os.path.abspath(settings["PATH"])
    targets = link_targets(
        context.get("generated_content", {}),
        chapters,
        site_root(settings, config.save_as),
        content_path,
    )
    parts = []
    kept, fresh = dict(_converted), {}
    frozen = tuple(sorted(targets.items()))
    if frozen != _targets["last"]:
        _targets.update(last=frozen, number=_targets["number"] + 1)
    for chapter in chapters:
        folder = os.path.relpath(os.path.dirname(chapter.source_path), content_path)
        folder = folder.replace(os.sep, "/")

        def make_markdown(chapter=chapter, folder=folder):
            links = WholeGuideLinks(folder, targets)
            return markdown_for(markdown_settings, citations, chapter.slug, links)

        rendered = convert(
            chapter, folder, citations, _targets["number"], make_markdown, kept, fresh
        )
        parts.append(
            WholeChapter(chapter, Markup(rendered.html), [Markup(p) for p in rendered.key_points])
        )
        require_block(
            settings,
            Block(
                f"{chapter.slug}-review-status",
                f"the review status of chapter {chapter.order}",
                "Keep the review status partial in each chapter of "
                "theme/templates/whole_guide.html",
                pages=config.save_as,
            ),
        )
    _converted.clear()
    _converted.update(fresh)
    references = Markup(citations.references_html() if citations else "")
    _state["guide"] = WholeGuide(config.url, parts, references, disclaimer_variant(chapters))
    note(
        "whole_guide",
        {
            "output": config.save_as,
            "chapters": [relative(chapter.source_path) for chapter in chapters],
            "cited": citations.sequence.numbering.keys if citations else [],
        },
    )
    for generator in generators:
        generator.context["whole_guide"] = _state["guide"]


def write_page(generator, writer):
    guide = _state.get("guide")
    if guide is None:
        return
    config = _state["config"]
    try:
        template = generator.get_template(config.template)
    except Exception as error:  # noqa: BLE001 - Pelican raises its own PelicanTemplateNotFound
        Problem(
            "theme",
            f"the whole guide's template {config.template!r} cannot be loaded: {error}",
            hint="add templates/whole_guide.html to the theme, or set WHOLE_GUIDE_TEMPLATE",
        ).log(logger)
        return
    writer.write_file(
        config.save_as,
        template,
        generator.context,
        relative_urls=generator.settings.get("RELATIVE_URLS", False),
        url=config.url,
        page_name="whole_guide",
    )
