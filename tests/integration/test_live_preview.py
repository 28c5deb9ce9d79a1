"""The live preview (invoke livereload) rewrites only what an edit changes, and never too little."""

import os
import shutil

import pytest
from conftest import ROOT

from sitebuild.preview import LivePreview

FIXTURE = ROOT / "tests" / "fixtures" / "mini_site"


@pytest.fixture
def preview(tmp_path, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    monkeypatch.chdir(ROOT)  # the fixture's settings find the theme from here
    live = LivePreview(site / "settings.py", tmp_path / "output")
    result = live.rebuild()
    assert result.ok, result.problems
    return live


def chapter(live, name):
    return live.output.parent / "site" / "content" / "chapters" / name


def page(live, path):
    return (live.output / path).read_text(encoding="utf-8")


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def stamps(output):
    """{page: (inode, mtime)}: a page rewritten or replaced gets a new stamp."""
    return {
        str(path.relative_to(output)): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in output.rglob("*.html")
    }


def changed_pages(before, after):
    return sorted(name for name in after if before.get(name) != after[name])


def test_a_text_edit_rewrites_only_that_chapters_page_and_the_whole_guide(preview):
    before = stamps(preview.output)
    edit(chapter(preview, "02-keeping-going.md"), "A short paragraph", "An edited paragraph")

    result = preview.rebuild()

    assert result.ok, result.problems
    assert "An edited paragraph" in page(preview, "guide/keeping-going/index.html")
    # The whole guide on one page shows every chapter's text.
    assert "An edited paragraph" in page(preview, "guide/all/index.html")
    assert changed_pages(before, stamps(preview.output)) == [
        "guide/all/index.html",
        "guide/keeping-going/index.html",
    ]


CHAPTER_PAGE, WHOLE_GUIDE = "guide/keeping-going/index.html", "guide/all/index.html"


def test_a_text_edit_leaves_the_whole_guide_stale_while_only_the_chapter_is_open(preview):
    before = stamps(preview.output)
    edit(chapter(preview, "02-keeping-going.md"), "A short paragraph", "An edited paragraph")

    assert preview.rebuild(showing={CHAPTER_PAGE}).ok

    assert changed_pages(before, stamps(preview.output)) == [CHAPTER_PAGE]
    assert "An edited paragraph" not in page(preview, WHOLE_GUIDE)
    assert preview.stale == {WHOLE_GUIDE}
    # Another edit: still stale, and only the chapter is written.
    edit(chapter(preview, "02-keeping-going.md"), "An edited paragraph", "A second edit")
    middle = stamps(preview.output)
    assert preview.rebuild(showing={CHAPTER_PAGE}).ok
    assert changed_pages(middle, stamps(preview.output)) == [CHAPTER_PAGE]

    # Once it is open (or asked for), a rebuild with no edit writes it alone.
    asked = stamps(preview.output)
    assert preview.rebuild(showing={CHAPTER_PAGE, WHOLE_GUIDE}).ok
    assert changed_pages(asked, stamps(preview.output)) == [WHOLE_GUIDE]
    assert "A second edit" in page(preview, WHOLE_GUIDE)
    assert 'id="crisis-help-end"' in page(preview, WHOLE_GUIDE)
    assert preview.stale == set()


def test_a_stale_whole_guide_is_written_by_a_rebuild_that_writes_everything(preview):
    edit(chapter(preview, "02-keeping-going.md"), "A short paragraph", "An edited paragraph")
    assert preview.rebuild(showing={CHAPTER_PAGE}).ok
    assert preview.stale == {WHOLE_GUIDE}
    edit(chapter(preview, "02-keeping-going.md"), "Title: Keeping going", "Title: Carrying on")

    assert preview.rebuild(showing={CHAPTER_PAGE}).ok

    assert "An edited paragraph" in page(preview, WHOLE_GUIDE)
    assert "Carrying on" in page(preview, WHOLE_GUIDE)
    assert preview.stale == set()


def test_a_failed_rebuild_keeps_the_stale_page_stale(preview):
    target = chapter(preview, "02-keeping-going.md")
    edit(target, "A short paragraph", "An edited paragraph")
    assert preview.rebuild(showing={CHAPTER_PAGE}).ok
    edit(target, "Date: 2026-11-02", "Date: 2026-13-45")
    assert not preview.rebuild(showing={CHAPTER_PAGE, WHOLE_GUIDE}).ok
    assert preview.stale == {WHOLE_GUIDE}
    edit(target, "Date: 2026-13-45", "Date: 2026-11-02")
    # Not told what is open: every page an edit touches counts as open.
    assert preview.rebuild().ok
    assert "An edited paragraph" in page(preview, WHOLE_GUIDE)
    assert preview.stale == set()


def test_the_rewritten_page_still_carries_the_safety_blocks(preview):
    edit(chapter(preview, "02-keeping-going.md"), "A short paragraph", "An edited paragraph")
    assert preview.rebuild().ok
    html = page(preview, "guide/keeping-going/index.html")
    assert 'id="disclaimer"' in html
    assert 'id="crisis-help"' in html


def test_a_title_edit_rewrites_the_pages_that_show_the_title(preview):
    before = stamps(preview.output)
    edit(chapter(preview, "02-keeping-going.md"), "Title: Keeping going", "Title: Carrying on")

    assert preview.rebuild().ok

    assert "Carrying on" in page(preview, "index.html")
    # Chapters 1 and 3 link to chapter 2 as their next and previous chapter.
    assert "Carrying on" in page(preview, "guide/starting-small/index.html")
    assert "Carrying on" in page(preview, "guide/getting-support/index.html")
    assert len(changed_pages(before, stamps(preview.output))) == len(before)


def test_a_new_chapter_rebuilds_the_whole_site(preview):
    source = chapter(preview, "03-getting-support.md").read_text(encoding="utf-8")
    new = source.replace("Title: Getting support", "Title: Looking ahead")
    new = new.replace("Slug: getting-support", "Slug: looking-ahead").replace(
        "Order: 3", "Order: 4"
    )
    chapter(preview, "04-looking-ahead.md").write_text(new, encoding="utf-8")

    assert preview.rebuild().ok

    assert "Looking ahead" in page(preview, "guide/looking-ahead/index.html")
    assert "Looking ahead" in page(preview, "index.html")


def test_an_edit_to_a_page_that_feeds_every_page_rebuilds_everything(preview):
    disclaimer = preview.output.parent / "site" / "content" / "pages" / "disclaimer.md"
    edit(disclaimer, "Short: Fixture short disclaimer", "Short: Edited disclaimer wording")

    assert preview.rebuild().ok

    for name in ("index.html", "guide/starting-small/index.html", "about/index.html"):
        assert "Edited disclaimer wording" in page(preview, name), name


def test_a_failed_edit_leaves_the_preview_and_the_next_good_edit_is_shown(preview):
    target = chapter(preview, "02-keeping-going.md")
    before = {name: page(preview, name) for name in stamps(preview.output)}

    edit(target, "Date: 2026-11-02", "Date: 2026-13-45")
    result = preview.rebuild()
    assert not result.ok
    assert any("02-keeping-going.md" in str(problem) for problem in result.problems)
    assert {name: page(preview, name) for name in stamps(preview.output)} == before
    assert not [p for p in os.listdir(preview.output.parent) if p.startswith(".output")]

    edit(target, "Date: 2026-13-45", "Date: 2026-11-02")
    edit(target, "A short paragraph", "A repaired paragraph")
    assert preview.rebuild().ok
    assert "A repaired paragraph" in page(preview, "guide/keeping-going/index.html")


def test_no_change_at_all_still_builds(preview):
    result = preview.rebuild()
    assert result.ok, result.problems
    assert "Keeping going" in page(preview, "index.html")


def test_an_edited_template_is_compiled_again(tmp_path, monkeypatch):
    # The preview keeps compiled templates between builds (TemplateCodeCache).
    site, theme = tmp_path / "site", tmp_path / "theme"
    shutil.copytree(FIXTURE, site)
    shutil.copytree(ROOT / "theme", theme)
    monkeypatch.chdir(ROOT)
    live = LivePreview(site / "settings.py", tmp_path / "output", overrides={"THEME": str(theme)})
    assert live.rebuild().ok
    assert live.templates.compiled
    assert "Edited template" not in page(live, "guide/keeping-going/index.html")
    base = theme / "templates" / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("</body>", "<p>Edited template</p></body>", 1),
        encoding="utf-8",
    )
    assert live.rebuild().ok
    assert "Edited template" in page(live, "guide/keeping-going/index.html")


def test_rebuilds_keep_no_earlier_builds_content_objects(preview):
    # Pelican memoizes content objects' HTML and summaries in class-level
    # caches; kept, they held every build's chapters (45 MB a rebuild on a
    # thousand chapters).
    import gc
    import weakref

    from pelican.contents import Content

    edit(chapter(preview, "02-keeping-going.md"), "A short paragraph", "An edited paragraph")
    seen = []
    original = Content.__init__

    def remember(self, *args, **kwargs):
        original(self, *args, **kwargs)
        seen.append(weakref.ref(self))

    Content.__init__ = remember
    try:
        assert preview.rebuild(showing={CHAPTER_PAGE}).ok
    finally:
        Content.__init__ = original
    assert seen
    edit(chapter(preview, "02-keeping-going.md"), "An edited paragraph", "A second edit")
    assert preview.rebuild(showing={CHAPTER_PAGE}).ok
    gc.collect()
    assert [ref for ref in seen if ref() is not None] == []
