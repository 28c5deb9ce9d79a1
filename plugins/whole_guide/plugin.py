"""Pelican signal handlers: the whole guide on one page, from the chapters in order.

* ``initialized``: the WHOLE_GUIDE_* settings are read, and the page's end
  copies of the disclaimer and the crisis help become required blocks of
  the page (plugins.site_audit), beside the top copies every page has.
* ``all_generators_finalized``: once every chapter and page is read (and
  plugins.chapters has put the chapters in order), each chapter's own HTML
  is fitted to the page (render.py) and its citations numbered on from the
  chapters before it. What is fitted is kept for the next build in this
  process (the live preview rebuilds in one process), by the chapter's
  source HTML and key points, while the link targets stay the same. Each chapter's
  review status becomes a required block of the page too, and the build
  record gets the page's chapters and sources, for ``invoke check``.
* ``article_writer_finalized``: the page is written with the theme's
  whole_guide.html, through Pelican's writer, so that site_audit checks it
  as it checks every page.
"""

import logging
from dataclasses import dataclass, field
from typing import ClassVar

from markupsafe import Markup
from pelican.utils import get_relative_path, path_to_url

from guidelib import Problem, read_plugin_settings, relative
from plugins.build_record import note
from plugins.citations import ContinuedCitations, RecordMismatch, citation_groups
from plugins.disclaimer import select_variant
from plugins.site_audit import Block, add_collection, require_block

from .render import chapter_html, fill, prepare

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
# What the last build in this process fitted to the page: the chapters' URLs
# and root it was fitted for, and {(source, HTML, key points): Prepared}.
_prepared = {"links": None, "chapters": {}}
# What the last build numbered (numbered_chapters).
_numbered = {"library": None, "chapters": [], "references": "", "cited": []}


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


def disclaimer_variant(chapters):
    """The strongest disclaimer any chapter asks for."""
    for chapter in chapters:
        try:
            if select_variant(chapter.metadata.get("disclaimer")) == "strong":
                return "strong"
        except ValueError:
            return "strong"  # already reported; the stronger wording is the safe one
    return "standard"


def link_targets(context, settings, chapters):
    """What else than the chapters a chapter's links can be written to.

    Pelican's link replacement writes a chapter's links from the URLs of the
    other pages and static files it knows, and from the settings' URL forms
    (tags, categories, authors). The fitted chapters are kept while these
    stay the same.
    """
    skipped = {id(chapter) for chapter in chapters}
    urls = sorted(
        (path, content.url)
        for kind in ("generated_content", "static_content")
        for path, content in context.get(kind, {}).items()
        if content is not None and id(content) not in skipped  # None: Pelican could not read it
    )
    forms = sorted(
        (key, str(value)) for key, value in settings.items() if key.endswith(("_URL", "_SAVE_AS"))
    )
    return (tuple(urls), tuple(forms))


def prepared_chapters(chapters, root, targets=()):
    """Each chapter fitted to the page, from the last build's results where they hold.

    A chapter is fitted again when its source HTML (before Pelican writes its
    links) or its key points changed; every chapter is, when the link
    targets (the chapters' URLs, the root, ``targets``) did.
    """
    chapter_urls = {chapter.url: chapter.slug for chapter in chapters}
    links = (root, tuple(sorted(chapter_urls.items())), targets)
    if links != _prepared["links"]:
        _prepared.update(links=links, chapters={})
    kept, fresh, fitted = _prepared["chapters"], {}, []
    for chapter in chapters:
        points = tuple(str(point) for point in getattr(chapter, "key_points", ()))
        key = (chapter.source_path, chapter._content, points)
        fresh[key] = kept.get(key) or prepare(
            chapter_html(chapter), points, chapter.slug, chapter_urls, root
        )
        fitted.append(fresh[key])
    _prepared["chapters"] = fresh
    return fitted


def numbered_chapters(all_groups, citations):
    """Each chapter's {group: HTML}, numbered on; then the References list and the cited keys.

    ``all_groups`` holds each chapter's recorded citation groups, in order.
    Numbering depends on nothing else (and the library), so chapters whose
    groups, and every earlier chapter's, are the last build's keep its HTML:
    a text edit in the live preview numbers nothing again.
    """
    if citations is None:
        return [{} for _ in all_groups], "", []
    last = _numbered["chapters"] if _numbered["library"] is citations.library else []
    same = 0
    while same < min(len(all_groups), len(last)) and last[same][0] == all_groups[same]:
        same += 1
    if same == len(all_groups) == len(last):
        return [rendered for _, rendered in last], _numbered["references"], _numbered["cited"]
    for groups in all_groups[:same]:
        citations.number(groups)  # the numbering goes on from where they left it
    rendered = [html for _, html in last[:same]]
    rendered += [citations.number(groups) for groups in all_groups[same:]]
    references, cited = citations.references_html(), citations.sequence.numbering.keys
    _numbered.update(
        library=citations.library,
        chapters=list(zip(all_groups, rendered, strict=True)),
        references=references,
        cited=cited,
    )
    return rendered, references, cited


def render_guide(generators):
    """Fit every chapter to the page, in order, with one citation numbering."""
    if "config" not in _state or not generators:
        return
    config = _state["config"]
    context = generators[0].context
    settings = generators[0].settings
    chapters = context.get("chapters") or []
    if not chapters:
        return
    citations = ContinuedCitations.from_markdown_settings(settings.get("MARKDOWN", {}))
    root = site_root(settings, config.save_as)
    prepared = prepared_chapters(chapters, root, link_targets(context, settings, chapters))
    all_groups = [citation_groups(chapter.metadata) for chapter in chapters]
    numbered, references, cited = numbered_chapters(all_groups, citations)
    parts = []
    for chapter, fitted, groups, rendered in zip(
        chapters, prepared, all_groups, numbered, strict=True
    ):
        try:
            html, key_points = fill(fitted, groups, rendered)
        except RecordMismatch as error:
            Problem(
                relative(chapter.source_path),
                f"its citations cannot be numbered for the whole guide: {error}",
                hint="build again without the content cache (invoke rebuild)",
            ).log(logger)
            continue
        parts.append(WholeChapter(chapter, Markup(html), [Markup(p) for p in key_points]))
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
    _state["guide"] = WholeGuide(
        config.url, parts, Markup(references), disclaimer_variant(chapters)
    )
    note(
        "whole_guide",
        {
            "output": config.save_as,
            "chapters": [relative(chapter.source_path) for chapter in chapters],
            "cited": cited,
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
