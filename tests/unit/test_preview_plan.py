"""The live preview's plan (sitebuild.preview): which pages a rebuild writes, and what it keeps.

The pure parts (snapshots, signatures, the page choice, the writer) are fed
the few attributes of Pelican's objects that they read. LivePreview runs on a
small tree of files in a temporary folder, with the build replaced by a fake
that plays Pelican's part: it asks for the writer and lets the plan choose the
pages, as the signals do in a real build (tests/integration/test_live_preview.py).
"""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import receivers
from jinja2 import DictLoader, Environment
from pelican import signals
from pelican.writers import Writer

from plugins.site_audit import add_collection
from sitebuild import preview
from sitebuild.build import BuildResult
from sitebuild.preview import (
    PREVIEW_OVERRIDES,
    LivePreview,
    Plan,
    PreviewWriter,
    TemplateCodeCache,
    choose_pages,
    following,
    plugin_folders,
    provide_writer,
    signature,
    snapshot,
)

GUIDE = "guide/all/index.html"
PRINT = "print/index.html"


def write(path, text, mtime_ns=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))
    return str(path)


def content(name, folder="chapters", **metadata):
    """A content object as choose_pages and signature read it."""
    return SimpleNamespace(
        source_path=f"/site/content/{folder}/{name}.md",
        save_as=f"guide/{name}/index.html",
        url=f"guide/{name}/",
        summary=f"<p>About {name}.</p>",
        metadata={"title": f"Chapter {name}", **metadata},
    )


def generators(*contents, pages=(), collections=(GUIDE, PRINT)):
    settings = {}
    for page in collections:
        add_collection(settings, page)
    return [
        SimpleNamespace(settings=settings, articles=list(contents)),
        SimpleNamespace(settings={}, pages=list(pages)),
    ]


def signatures(*contents):
    return {item.source_path: signature(item) for item in contents}


# snapshot


def test_a_snapshot_stamps_every_file_under_each_folder_and_each_file_root(tmp_path):
    settings = write(tmp_path / "settings.py", "X = 1\n", mtime_ns=1_000)
    chapter = write(tmp_path / "content" / "chapters" / "01.md", "Title: A\n", mtime_ns=2_000)
    page = write(tmp_path / "content" / "about.md", "About", mtime_ns=3_000)
    theme = write(tmp_path / "theme" / "base.html", "<html>", mtime_ns=4_000)
    roots = (settings, str(tmp_path / "content"), str(tmp_path / "theme"))

    assert snapshot(roots) == {
        settings: (1_000, 6),
        chapter: (2_000, 9),
        page: (3_000, 5),
        theme: (4_000, 6),
    }


def test_a_snapshot_leaves_out_the_folders_tools_write_while_the_site_builds(tmp_path):
    kept = write(tmp_path / "plugins" / "a" / "a.py", "A = 1\n", mtime_ns=5_000)
    for folder in ("__pycache__", ".pytest_cache", ".ruff_cache"):
        write(tmp_path / "plugins" / "a" / folder / "x.pyc", "x")
        write(tmp_path / "plugins" / folder / "y.pyc", "y")

    assert snapshot([str(tmp_path / "plugins")]) == {kept: (5_000, 6)}


def test_a_snapshot_of_nothing_is_empty(tmp_path):
    assert snapshot([str(tmp_path)]) == {}


# signature


def test_equal_contents_have_one_signature_whatever_the_order_of_their_metadata():
    first = content("a", order=1, tags="x")
    second = content("a", tags="x", order=1)
    second.metadata = dict(reversed(list(second.metadata.items())))
    assert list(first.metadata) != list(second.metadata)

    assert signature(first) == signature(second)


def test_a_signature_is_a_hex_digest_of_forty_characters():
    digest = signature(content("a"))
    assert len(digest) == 40
    assert set(digest) <= set("0123456789abcdef")


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        ("metadata", {"title": "Chapter b"}),
        ("metadata", {"title": "Chapter a", "order": 2}),
        ("url", "guide/b/"),
        ("save_as", "guide/b/index.html"),
        ("summary", "<p>Another summary.</p>"),
    ],
)
def test_what_other_pages_show_changes_the_signature(attribute, value):
    changed = content("a")
    setattr(changed, attribute, value)
    assert signature(changed) != signature(content("a"))


def test_metadata_values_count_by_their_text():
    assert signature(content("a", order=1)) == signature(content("a", order="1"))
    assert signature(content("a", order=1)) != signature(content("a", order=2))


def test_the_text_of_a_chapter_is_not_in_its_signature():
    edited = content("a")
    edited.content = "<p>An edited paragraph.</p>"
    assert signature(edited) == signature(content("a"))


# Plan, following, the writer


def test_a_plan_writes_everything_until_pages_are_selected():
    plan = Plan(edited=None, previous={})
    assert plan.everything
    plan.selected = {"guide/a/index.html"}
    assert not plan.everything


def test_the_preview_writer_is_used_only_while_a_plan_is_followed():
    assert provide_writer(SimpleNamespace()) is None
    with following(Plan(None, {})):
        assert provide_writer(SimpleNamespace()) is PreviewWriter
    assert provide_writer(SimpleNamespace()) is None


def test_a_plan_stops_being_followed_when_its_build_raises():
    with pytest.raises(RuntimeError), following(Plan(None, {})):
        raise RuntimeError("the build failed")
    assert provide_writer(SimpleNamespace()) is None


@pytest.fixture
def written(monkeypatch, tmp_path):
    """The names Pelican's own writer was asked to write, through the preview's writer."""
    names = []

    def write_file(self, name, *args, **kwargs):
        names.append((name, args, kwargs))
        return f"wrote {name}"

    monkeypatch.setattr(Writer, "write_file", write_file)
    return names


def writer(tmp_path):
    return PreviewWriter(str(tmp_path), settings={})


def test_without_a_plan_the_writer_writes_every_page(written, tmp_path):
    assert writer(tmp_path).write_file("tags.html", "template", {}, relative_urls=True) == (
        "wrote tags.html"
    )
    assert written == [("tags.html", ("template", {}), {"relative_urls": True})]


def test_a_plan_that_writes_everything_writes_every_page(written, tmp_path):
    with following(Plan(None, {})):
        assert writer(tmp_path).write_file("tags.html", "template") == "wrote tags.html"
    assert [name for name, _, _ in written] == ["tags.html"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("guide/a/index.html", "wrote guide/a/index.html"), ("tags.html", None)],
)
def test_a_plan_with_selected_pages_writes_those_only(written, tmp_path, name, expected):
    plan = Plan(frozenset({"/site/content/chapters/a.md"}), {}, selected={"guide/a/index.html"})
    with following(plan):
        assert writer(tmp_path).write_file(name, "template") == expected
    assert [written_name for written_name, _, _ in written] == ([name] if expected else [])


# choose_pages


def test_without_a_plan_choosing_pages_reads_nothing():
    assert choose_pages(None) is None


def choose(plan, *sources, **options):
    with following(plan):
        choose_pages(generators(*sources, **options))
    return plan


def test_the_plan_keeps_the_signature_of_every_source_read():
    a, b, about = content("a"), content("b"), content("about", folder="pages")
    plan = Plan(None, {})
    with following(plan):
        choose_pages(generators(a, b, pages=[about]))
    assert plan.signatures == signatures(a, b, about)
    assert plan.everything


def test_a_text_edit_writes_its_chapter_and_the_collections():
    a, b = content("a"), content("b")
    plan = choose(Plan(frozenset({a.source_path}), signatures(a, b)), a, b)
    assert plan.selected == {"guide/a/index.html", GUIDE, PRINT}
    assert plan.deferred == frozenset()


def test_a_text_edit_works_out_only_the_edited_chapters_signature(monkeypatch):
    from sitebuild import preview

    a, b = content("a"), content("b")
    before = signatures(a, b)
    worked_out = []
    original = preview.signature
    monkeypatch.setattr(preview, "signature", lambda c: worked_out.append(c) or original(c))
    plan = choose(Plan(frozenset({a.source_path}), before), a, b)
    assert not plan.everything
    assert worked_out == [a]
    assert plan.signatures == before


def test_a_changed_title_works_out_every_signature_again():
    a, b = content("a"), content("b")
    before = signatures(a, b)
    a.metadata["title"] = "A new title"
    b.metadata["title"] = "Changed by a, say"
    plan = choose(Plan(frozenset({a.source_path}), before), a, b)
    assert plan.everything
    assert plan.signatures == signatures(a, b)
    assert plan.signatures[b.source_path] != before[b.source_path]


def test_after_a_text_edit_the_plan_keeps_every_signature():
    a, b = content("a"), content("b")
    before = signatures(a, b)
    plan = choose(Plan(frozenset({a.source_path}), {**before, "/gone.md": "x"}), a, b)
    assert not plan.everything
    assert plan.signatures == {**before, "/gone.md": "x"}


def test_a_text_edit_defers_the_collections_no_browser_shows():
    a, b = content("a"), content("b")
    plan = Plan(frozenset({a.source_path}), signatures(a, b), showing=frozenset({PRINT}))
    choose(plan, a, b)
    assert plan.selected == {"guide/a/index.html", PRINT}
    assert plan.deferred == frozenset({GUIDE})


def test_a_stale_collection_asked_for_is_written_and_not_deferred():
    a, b = content("a"), content("b")
    plan = Plan(
        frozenset({a.source_path}), signatures(a, b), showing=frozenset(), wanted=frozenset({GUIDE})
    )
    choose(plan, a, b)
    assert plan.selected == {"guide/a/index.html", GUIDE}
    assert plan.deferred == frozenset({PRINT})


def test_a_site_without_collections_writes_the_edited_chapter_only():
    a, b = content("a"), content("b")
    plan = choose(Plan(frozenset({a.source_path}), signatures(a, b)), a, b, collections=())
    assert plan.selected == {"guide/a/index.html"}


def test_two_edited_chapters_are_both_written():
    a, b, c = content("a"), content("b"), content("c")
    plan = Plan(frozenset({a.source_path, c.source_path}), signatures(a, b, c), showing=frozenset())
    choose(plan, a, b, c)
    assert plan.selected == {"guide/a/index.html", "guide/c/index.html"}
    assert plan.deferred == frozenset({GUIDE, PRINT})


def test_with_no_chapter_edited_only_the_stale_pages_asked_for_are_written():
    a = content("a")
    plan = choose(Plan(frozenset(), signatures(a), wanted=frozenset({GUIDE})), a)
    assert plan.selected == {GUIDE}
    assert plan.deferred == frozenset()


def test_with_nothing_edited_and_nothing_asked_for_everything_is_written():
    a = content("a")
    plan = choose(Plan(frozenset(), signatures(a)), a)
    assert plan.everything
    assert plan.deferred == frozenset()


def test_a_changed_title_writes_everything():
    a, b = content("a"), content("b")
    before = signatures(a, b)
    a.metadata["title"] = "A new title"
    plan = choose(Plan(frozenset({a.source_path}), before, showing=frozenset()), a, b)
    assert plan.everything
    assert plan.deferred == frozenset()
    assert plan.signatures == signatures(a, b)


def test_one_changed_title_among_two_edits_writes_everything():
    a, b = content("a"), content("b")
    before = signatures(a, b)
    b.summary = "<p>A new summary.</p>"
    plan = choose(Plan(frozenset({a.source_path, b.source_path}), before), a, b)
    assert plan.everything


def test_an_edited_chapter_the_last_build_did_not_have_writes_everything():
    a, b = content("a"), content("b")
    plan = choose(Plan(frozenset({b.source_path}), signatures(a)), a, b)
    assert plan.everything


def test_an_edited_file_the_build_did_not_read_writes_everything():
    a = content("a")
    plan = choose(Plan(frozenset({"/site/content/chapters/draft.md"}), signatures(a)), a)
    assert plan.everything


# register, plugin_folders


@pytest.fixture
def connected():
    yield
    signals.get_writer.disconnect(provide_writer)
    signals.all_generators_finalized.disconnect(choose_pages)


def test_register_connects_the_writer_and_the_page_choice(connected):
    preview.register()
    assert provide_writer in receivers(signals.get_writer)
    assert choose_pages in receivers(signals.all_generators_finalized)


@pytest.fixture
def packages(tmp_path, monkeypatch):
    """A plugin package and a plugin module, importable by name."""
    write(tmp_path / "path" / "preview_fixture_package" / "__init__.py", "")
    write(tmp_path / "path" / "preview_fixture_module.py", "")
    monkeypatch.syspath_prepend(str(tmp_path / "path"))
    return tmp_path / "path"


def test_the_folders_of_plugin_packages_are_watched_and_modules_have_none(packages):
    names = ["preview_fixture_module", "preview_fixture_package", SimpleNamespace()]
    assert plugin_folders(names) == [str(packages / "preview_fixture_package")]


def test_no_plugins_have_no_folders():
    assert plugin_folders([]) == []


# LivePreview


def site(tmp_path, plugins=("preview_fixture_package",)):
    """A site's settings and sources; returns the settings file (no PLUGINS when None)."""
    write(
        tmp_path / "site" / "settings.py",
        'PATH = "content"\nTHEME = "theme"\nARTICLE_PATHS = ["chapters", "notes"]\n'
        + ("" if plugins is None else f"PLUGINS = {list(plugins)!r}\n")
        + 'JINJA_ENVIRONMENT = {"trim_blocks": False}\n',
    )
    write(tmp_path / "site" / "content" / "chapters" / "a.md", "Title: A\n\nText of a.\n")
    write(tmp_path / "site" / "content" / "chapters" / "b.md", "Title: B\n\nText of b.\n")
    write(tmp_path / "site" / "content" / "pages" / "about.md", "Title: About\n")
    write(tmp_path / "site" / "theme" / "templates" / "base.html", "<html></html>")
    return tmp_path / "site" / "settings.py"


class FakeBuild:
    """sitebuild.build.build as LivePreview calls it; reads ``contents`` as Pelican would."""

    def __init__(self, settings):
        chapters = Path(settings).parent / "content" / "chapters"
        self.contents = []
        for name in ("a", "b"):
            item = content(name)
            item.source_path = str(chapters / f"{name}.md")
            self.contents.append(item)
        self.problems = []
        self.calls = []

    def __call__(self, settings_file, output, cache=False, overrides=None, plan=None):
        call = SimpleNamespace(settings=settings_file, output=output, cache=cache, plan=plan)
        call.overrides, call.writer = overrides, provide_writer(SimpleNamespace())
        self.calls.append(call)
        if plan is not None:
            choose_pages(generators(*self.contents))
        return BuildResult(output, list(self.problems))

    @property
    def plan(self):
        return self.calls[-1].plan


@pytest.fixture
def live(tmp_path, monkeypatch, packages):
    settings = site(tmp_path)
    fake = FakeBuild(settings)
    monkeypatch.setattr(preview, "build", fake)
    live = LivePreview(settings, tmp_path / "output")
    live.fake = fake
    return live


def chapter_file(live, name):
    return Path(live.settings_file).parent / "content" / "chapters" / f"{name}.md"


def append(path, text):
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def test_a_new_preview_knows_its_files_and_nothing_of_a_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    live = LivePreview(Path("settings.py"), "output", overrides={"GZIP_CACHE": True, "X": 1})
    assert live.settings_file == "settings.py"
    assert live.output == tmp_path.resolve() / "output"
    assert live.overrides == {
        "SITE_AUDIT_ON_BUILD": False,
        "GZIP_CACHE": True,
        "CACHE_PATH": ".cache/preview",
        "X": 1,
    }
    assert live.sources is None
    assert live.signatures == {}
    assert live.roots == (str(tmp_path.resolve() / "settings.py"),)
    assert live.chapters == ()
    assert isinstance(live.templates, TemplateCodeCache)
    assert live.templates.compiled == {}
    assert live.stale == set()


def test_the_preview_overrides_are_the_defaults():
    assert LivePreview("settings.py", "output").overrides == PREVIEW_OVERRIDES


def test_the_first_rebuild_builds_everything_with_the_preview_plugin_and_the_template_cache(live):
    result = live.rebuild()

    assert result.ok
    [call] = live.fake.calls
    assert (call.settings, call.output, call.cache) == (live.settings_file, live.output, True)
    assert call.overrides == {
        **PREVIEW_OVERRIDES,
        "PLUGINS": ["preview_fixture_package", "sitebuild.preview"],
        "JINJA_ENVIRONMENT": {
            "trim_blocks": False,
            "lstrip_blocks": True,
            "extensions": [],
            "bytecode_cache": live.templates,
        },
    }
    assert call.writer is PreviewWriter
    assert call.plan.edited is None
    assert call.plan.everything


def test_a_rebuild_watches_the_settings_content_theme_and_plugin_folders(live, packages):
    live.rebuild()
    folder = Path(live.settings_file).parent
    assert live.roots == (
        str(folder / "settings.py"),
        str(folder / "content"),
        str(folder / "theme"),
        str(packages / "preview_fixture_package"),
    )
    assert live.chapters == (
        str(folder / "content" / "chapters") + os.sep,
        str(folder / "content" / "notes") + os.sep,
    )


def test_settings_without_plugins_keep_pelicans_namespace_plugins(tmp_path, monkeypatch):
    # Pelican loads every installed namespace plugin when PLUGINS is not set.
    monkeypatch.setattr(preview, "get_namespace_plugins", lambda: {"pelican.plugins.x": None})
    settings = site(tmp_path, plugins=None)
    monkeypatch.setattr(preview, "build", FakeBuild(settings))
    live = LivePreview(settings, tmp_path / "output")
    live.rebuild()
    assert live.plugins == ["pelican.plugins.x", "sitebuild.preview"]
    assert live.roots[1:] == (str(settings.parent / "content"), str(settings.parent / "theme"))


def test_the_overrides_decide_the_layout_too(live, tmp_path):
    live.overrides["ARTICLE_PATHS"] = ["essays"]
    live.overrides["THEME"] = str(tmp_path / "other-theme")
    (tmp_path / "other-theme").mkdir()
    live.rebuild()
    folder = Path(live.settings_file).parent
    assert live.chapters == (str(folder / "content" / "essays") + os.sep,)
    assert live.roots[2] == str(tmp_path / "other-theme")


def test_a_good_build_keeps_the_sources_and_signatures_it_was_made_from(live):
    live.rebuild()
    assert live.sources == snapshot(live.roots)
    assert live.signatures == signatures(*live.fake.contents)


def test_a_rebuild_with_nothing_changed_builds_everything_again(live):
    live.rebuild()
    live.rebuild()
    assert live.fake.plan.edited is None
    assert live.fake.plan.everything


def test_a_text_edit_plans_that_chapter_only(live):
    live.rebuild()
    append(chapter_file(live, "a"), "More text.\n")

    live.rebuild(showing=["guide/a/index.html", GUIDE])

    plan = live.fake.plan
    assert plan.edited == frozenset({str(chapter_file(live, "a"))})
    assert plan.showing == frozenset({"guide/a/index.html", GUIDE})
    assert plan.previous == signatures(*live.fake.contents)
    assert plan.selected == {"guide/a/index.html", GUIDE}
    assert live.stale == {PRINT}


def test_an_edit_beyond_the_chapters_plans_everything(live):
    live.rebuild()
    append(Path(live.settings_file).parent / "content" / "pages" / "about.md", "More.\n")
    live.rebuild()
    assert live.fake.plan.edited is None


def test_a_failed_build_keeps_what_the_last_good_build_was_made_from(live):
    live.rebuild()
    sources, kept = live.sources, live.signatures
    append(chapter_file(live, "a"), "More text.\n")
    live.fake.contents[0].metadata["title"] = "A new title"
    live.fake.problems = ["a problem"]

    assert not live.rebuild().ok

    assert (live.sources, live.signatures) == (sources, kept)
    live.fake.problems = []
    live.fake.contents[0].metadata["title"] = "Chapter a"
    live.rebuild()
    assert live.fake.plan.edited == frozenset({str(chapter_file(live, "a"))})
    assert live.fake.plan.selected == {"guide/a/index.html", GUIDE, PRINT}


def test_a_stale_collection_is_written_once_a_browser_shows_it(live):
    live.rebuild()
    append(chapter_file(live, "a"), "More text.\n")
    live.rebuild(showing=set())
    assert live.stale == {GUIDE, PRINT}

    live.rebuild(showing={GUIDE})

    plan = live.fake.plan
    assert plan.edited == frozenset()
    assert plan.wanted == frozenset({GUIDE})
    assert plan.selected == {GUIDE}
    assert live.stale == {PRINT}


def test_a_rebuild_told_nothing_of_the_browsers_writes_every_stale_page(live):
    live.rebuild()
    append(chapter_file(live, "a"), "More text.\n")
    live.rebuild(showing=set())

    live.rebuild()

    assert live.fake.plan.wanted == frozenset({GUIDE, PRINT})
    assert live.fake.plan.selected == {GUIDE, PRINT}
    assert live.stale == set()


def test_a_rebuild_of_everything_leaves_nothing_stale(live):
    live.rebuild()
    append(chapter_file(live, "a"), "More text.\n")
    live.rebuild(showing=set())
    live.fake.contents[1].metadata["title"] = "A new title"
    append(chapter_file(live, "b"), "More text.\n")

    live.rebuild(showing=set())

    assert live.fake.plan.everything
    assert live.stale == set()


def test_a_failed_build_keeps_the_stale_pages_stale(live):
    live.rebuild()
    append(chapter_file(live, "a"), "More text.\n")
    live.rebuild(showing=set())
    live.fake.problems = ["a problem"]

    live.rebuild(showing={GUIDE})

    assert live.stale == {GUIDE, PRINT}


@pytest.mark.parametrize(
    "text",
    [None, "raise SystemExit('settings.py: set SITEURL')\n"],
    ids=["missing", "stops"],
)
def test_settings_that_cannot_be_read_are_left_to_the_build_to_report(tmp_path, monkeypatch, text):
    settings = tmp_path / "settings.py"
    if text is not None:
        settings.write_text(text, encoding="utf-8")
    fake = FakeBuild(settings)
    fake.problems = ["settings.py: set SITEURL"]
    monkeypatch.setattr(preview, "build", fake)
    live = LivePreview(settings, tmp_path / "output")

    result = live.rebuild()

    [call] = fake.calls
    assert result.problems == ["settings.py: set SITEURL"]
    assert (call.settings, call.output, call.cache) == (str(settings), live.output, True)
    assert call.overrides == PREVIEW_OVERRIDES
    assert call.plan is None
    assert call.writer is None
    assert live.sources is None


# edited_chapters


@pytest.fixture
def watched(tmp_path):
    """A preview that last built the files of ``tmp_path``; chapters are in chapters/ and notes/."""
    live = LivePreview(tmp_path / "settings.py", tmp_path / "output")
    live.chapters = (str(tmp_path / "chapters") + os.sep, str(tmp_path / "notes") + os.sep)
    names = ["chapters/a.md", "chapters/b.markdown", "chapters/figure.svg", "notes/c.md"]
    names += ["chapters-old/d.md", "pages/about.md", "settings.py"]
    live.sources = {str(tmp_path / name): (1_000, 10) for name in names}
    return live


def edited(live, tmp_path, *names, stamp=(2_000, 10)):
    now = dict(live.sources)
    now.update({str(tmp_path / name): stamp for name in names})
    return live.edited_chapters(now)


@pytest.mark.parametrize(
    "names",
    [(), ("chapters/a.md",), ("chapters/a.md", "chapters/b.markdown", "notes/c.md")],
)
def test_edited_chapters_are_those_whose_stamp_changed(watched, tmp_path, names):
    assert edited(watched, tmp_path, *names) == frozenset(str(tmp_path / n) for n in names)


def test_a_chapter_whose_size_alone_changed_is_edited(watched, tmp_path):
    assert edited(watched, tmp_path, "chapters/a.md", stamp=(1_000, 11)) == frozenset(
        {str(tmp_path / "chapters" / "a.md")}
    )


@pytest.mark.parametrize(
    "names",
    [
        ("chapters/figure.svg",),
        ("pages/about.md",),
        ("settings.py",),
        ("chapters-old/d.md",),
        ("chapters/a.md", "pages/about.md"),
    ],
)
def test_an_edit_to_anything_but_chapter_text_is_not_a_chapter_edit(watched, tmp_path, names):
    assert edited(watched, tmp_path, *names) is None


def test_a_new_file_is_not_a_chapter_edit(watched, tmp_path):
    assert edited(watched, tmp_path, "chapters/new.md") is None


def test_a_deleted_file_is_not_a_chapter_edit(watched, tmp_path):
    now = dict(watched.sources)
    del now[str(tmp_path / "chapters" / "b.markdown")]
    assert watched.edited_chapters(now) is None


def test_before_a_good_build_nothing_counts_as_edited(watched, tmp_path):
    watched.sources = None
    assert watched.edited_chapters({str(tmp_path / "chapters" / "a.md"): (1_000, 10)}) is None


# TemplateCodeCache


def environment(cache, source="Hello {{ name }}"):
    return Environment(loader=DictLoader({"page.html": source}), bytecode_cache=cache)


def test_a_template_compiled_once_is_loaded_by_the_next_builds_environment():
    cache = TemplateCodeCache()
    assert environment(cache).get_template("page.html").render(name="A") == "Hello A"
    again = environment(cache)

    def compile_again(*args, **kwargs):
        raise AssertionError("compiled again")

    again.compile = compile_again
    assert again.get_template("page.html").render(name="B") == "Hello B"
    assert len(cache.compiled) == 1


def test_an_edited_template_is_compiled_again():
    cache = TemplateCodeCache()
    environment(cache).get_template("page.html")
    assert environment(cache, "Bye {{ name }}").get_template("page.html").render(name="A") == (
        "Bye A"
    )


def test_each_cache_starts_empty():
    first, second = TemplateCodeCache(), TemplateCodeCache()
    environment(first).get_template("page.html")
    assert second.compiled == {}
