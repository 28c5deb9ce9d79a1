"""The Pelican side of the citations plugin: each page's problems, the missing library reported
once, uncited entries and the site-wide index. Whole builds are in the integration tests.
"""

import logging
import os
from types import SimpleNamespace

import pytest
from conftest import ROOT, receivers
from pelican import signals

from guidelib import relative
from plugins import build_record
from plugins.build_record.build_record import _record
from plugins.citations import load_library, plugin
from plugins.citations.extension import CitationsExtension

BIB = ROOT / "tests" / "fixtures" / "citations_site" / "content" / "references.bib"


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    monkeypatch.setattr(plugin, "_unresolved", {"library": None, "citations": 0, "files": set()})
    build_record.reset()
    yield
    build_record.reset()


def settings(library):
    return {"MARKDOWN": {"extensions": ["toc", CitationsExtension(library)]}}


def content(name, cited=(), problems=(), title="A chapter"):
    return SimpleNamespace(
        source_path=f"content/chapters/{name}.md",
        title=title,
        url=f"guide/{name}/",
        metadata={"citations": {"cited": list(cited), "problems": [list(p) for p in problems]}},
    )


def generator(*articles, pages=()):
    return SimpleNamespace(
        settings=settings(load_library(str(BIB))),
        articles=list(articles),
        pages=list(pages),
        hidden_pages=[],
        context={},
    )


def test_the_extension_is_found_among_the_markdown_extensions():
    found = CitationsExtension(load_library(str(BIB)))
    assert plugin.find_extension({"MARKDOWN": {"extensions": ["toc", found]}}) is found
    assert plugin.find_extension({"MARKDOWN": {"extensions": ["toc"]}}) is None
    assert plugin.find_extension({}) is None


def test_each_pages_problems_are_logged_at_their_line(caplog):
    chapter = content(
        "01-a",
        cited=["singh2023"],
        problems=[("error", 12, "unknown citation key 'nobody'"), ("warning", 3, "a warning")],
    )
    with caplog.at_level(logging.WARNING, logger="plugins.citations"):
        plugin.content_object_init(chapter)
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.ERROR, "content/chapters/01-a.md:12: unknown citation key 'nobody'"),
        (logging.WARNING, "content/chapters/01-a.md:3: a warning"),
    ]
    assert _record["pages"]["content/chapters/01-a.md"] == {
        "source": "content/chapters/01-a.md",
        "cited": ["singh2023"],
    }


def test_content_without_a_citations_record_is_left_alone(caplog):
    plain = SimpleNamespace(source_path="content/pages/about.md", metadata={})
    with caplog.at_level(logging.WARNING, logger="plugins.citations"):
        plugin.content_object_init(plain)
    assert (caplog.records, _record["pages"]) == ([], {})


def test_with_the_library_missing_unknown_keys_are_counted_not_logged(caplog):
    plugin._unresolved["library"] = "content/references.bib"
    unknown = ("error", 5, "unknown citation key 'singh2023'")
    with caplog.at_level(logging.WARNING, logger="plugins.citations"):
        plugin.content_object_init(content("01-a", problems=[unknown, unknown]))
        plugin.content_object_init(content("02-b", problems=[unknown, ("error", 7, "other")]))
    assert [r.getMessage() for r in caplog.records] == ["content/chapters/02-b.md:7: other"]
    assert plugin._unresolved["citations"] == 3
    assert plugin._unresolved["files"] == {"content/chapters/01-a.md", "content/chapters/02-b.md"}


def test_a_missing_library_is_one_error_with_the_count(caplog):
    plugin._unresolved.update(
        library=str(ROOT / "content" / "nothing.bib"), citations=3, files={"a.md", "b.md"}
    )
    with caplog.at_level(logging.ERROR, logger="plugins.citations"):
        plugin.all_generators_finalized([generator()])
    [message] = [r.getMessage() for r in caplog.records]
    assert message == (
        "content/nothing.bib: the library does not exist, so 3 citation(s) in 2 file(s) cannot "
        "be resolved. Create it, or point CITATIONS_BIB at it (relative to PATH)."
    )


def test_a_missing_library_that_nothing_cites_is_not_reported_again(caplog):
    plugin._unresolved.update(library="content/nothing.bib", citations=0)
    with caplog.at_level(logging.ERROR, logger="plugins.citations"):
        plugin.all_generators_finalized([generator()])
    assert caplog.records == []


def test_uncited_entries_become_warnings_for_the_check_and_the_index_is_shared():
    first = generator(content("01-a", cited=["singh2023", "harvey2018"]))
    second = generator(pages=[content("about", cited=["schuch2016"], title="About")])
    plugin.all_generators_finalized([first, second])
    library = relative(str(BIB))
    assert _record["sections"]["library"] == {
        "path": library,
        "uncited": ["szuhany2015", "stubbs2017"],  # in the library's order
    }
    warnings = [(p["path"], p["message"], p["severity"], p["hint"]) for p in _record["problems"]]
    assert warnings == [
        (library, f"library entry {key!r} is not cited on any page", "warning",
         "cite it, or remove it from the library")
        for key in ("szuhany2015", "stubbs2017")
    ]  # fmt: skip
    assert all(isinstance(p["line"], int) and p["line"] > 1 for p in _record["problems"])
    index = first.context["citations_library"]
    assert second.context["citations_library"] is index
    cited = {entry.key: [c.title for c in entry.cited_in] for entry in index}
    assert cited["harvey2018"] == ["A chapter"]
    assert cited["schuch2016"] == ["About"]


def test_hidden_pages_count_as_citing():
    hidden = generator()
    hidden.hidden_pages = [content("hidden", cited=["stubbs2017", "szuhany2015", "harvey2018"])]
    plugin.all_generators_finalized(
        [hidden, generator(content("01-a", cited=["singh2023", "schuch2016"]))]
    )
    assert _record["sections"]["library"]["uncited"] == []


def test_nothing_is_done_without_generators_or_without_the_extension():
    plugin.all_generators_finalized([])
    bare = generator()
    bare.settings = {"MARKDOWN": {"extensions": ["toc"]}}
    plugin.all_generators_finalized([bare])
    assert (_record["sections"], bare.context) == ({}, {})


def test_register_connects_each_handler_to_its_signal():
    plugin.register()
    assert plugin.initialized in receivers(signals.initialized)
    assert plugin.content_object_init in receivers(signals.content_object_init)
    assert plugin.all_generators_finalized in receivers(signals.all_generators_finalized)


def test_the_extension_is_installed_where_markdown_has_no_extensions_yet():
    settings = {}
    plugin.install_extension(settings, "first")
    assert settings == {"MARKDOWN": {"extensions": ["first"]}}
    settings = {"MARKDOWN": {"output_format": "html5"}}
    plugin.install_extension(settings, "second")
    assert settings["MARKDOWN"] == {"output_format": "html5", "extensions": ["second"]}


def test_an_earlier_builds_extension_is_replaced():
    old = CitationsExtension(load_library(str(BIB)))
    settings = {"MARKDOWN": {"extensions": ["toc", old]}}
    plugin.install_extension(settings, "new")
    assert settings["MARKDOWN"]["extensions"] == ["toc", "new"]


def stale_cache_settings(tmp_path, load=True):
    cache = tmp_path / "cache"
    cache.mkdir()
    for name, stamp in (("ArticlesGenerator-Readers", 1_000), ("PagesGenerator-Readers", 1_010)):
        (cache / name).write_text("x", encoding="utf-8")
        os.utime(cache / name, (stamp, stamp))
    return {"LOAD_CONTENT_CACHE": load, "CACHE_PATH": str(cache)}


def source(tmp_path, name, stamp):
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    os.utime(path, (stamp, stamp))
    return str(path)


def test_a_library_newer_than_the_content_cache_turns_the_cache_off(tmp_path, caplog):
    settings = stale_cache_settings(tmp_path)
    paths = [source(tmp_path, "references.bib", 1_020), str(tmp_path / "no-style.csl")]
    with caplog.at_level(logging.INFO, logger="plugins.citations"):
        plugin.skip_stale_cache(settings, paths)
    assert settings["LOAD_CONTENT_CACHE"] is False
    assert [r.getMessage() for r in caplog.records] == [
        "citations: library changed since the content cache was written; not loading the cache"
    ]


def test_a_library_newer_than_only_one_cache_file_turns_the_cache_off_too(tmp_path):
    settings = stale_cache_settings(tmp_path)
    plugin.skip_stale_cache(settings, [source(tmp_path, "references.bib", 1_005)])
    assert settings["LOAD_CONTENT_CACHE"] is False  # newer than the oldest


def test_a_cache_newer_than_the_library_and_style_is_kept(tmp_path):
    settings = stale_cache_settings(tmp_path)
    plugin.skip_stale_cache(
        settings, [source(tmp_path, "references.bib", 900), source(tmp_path, "s.csl", 1_000)]
    )
    assert settings["LOAD_CONTENT_CACHE"] is True


@pytest.mark.parametrize("case", ["cache off", "no cache folder", "empty cache", "no sources"])
def test_nothing_to_compare_leaves_the_setting_alone(tmp_path, case):
    settings = stale_cache_settings(tmp_path, load=case != "cache off")
    paths = [source(tmp_path, "references.bib", 5_000)]
    if case == "no cache folder":
        settings["CACHE_PATH"] = str(tmp_path / "none")
    if case == "empty cache":
        for path in (tmp_path / "cache").iterdir():
            path.unlink()
    if case == "no sources":
        paths = [str(tmp_path / "gone.bib")]
    before = dict(settings)
    plugin.skip_stale_cache(settings, paths)
    assert settings == before


def test_initialized_counts_unresolved_citations_only_when_the_library_is_missing(tmp_path):
    from pelican.settings import DEFAULT_CONFIG

    settings = {**DEFAULT_CONFIG, "PATH": str(tmp_path), "PLUGINS": ["plugins.site_audit"]}
    settings["CITATIONS_BIB"] = "nothing.bib"
    plugin._unresolved.update(citations=5, files={"old.md"})
    plugin.initialized(SimpleNamespace(settings=settings))
    assert plugin._unresolved == {
        "library": str(tmp_path / "nothing.bib"),
        "citations": 0,
        "files": set(),
    }
    extension = plugin.find_extension(settings)
    assert (extension.heading, extension.check_mentions, extension.locale) == (
        "References",
        True,
        "en-US",
    )
    (tmp_path / "nothing.bib").write_text("", encoding="utf-8")
    plugin.initialized(SimpleNamespace(settings=settings))
    assert plugin._unresolved["library"] is None


def test_initialized_passes_the_settings_to_the_extension(tmp_path):
    from pelican.settings import DEFAULT_CONFIG

    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    settings = {
        **DEFAULT_CONFIG,
        "PATH": str(tmp_path),
        "PLUGINS": ["plugins.site_audit"],
        "CITATIONS_HEADING": "Sources",
        "CITATIONS_CHECK_MENTIONS": False,
        "CITATIONS_LOCALE": "en-GB",
    }
    plugin.initialized(SimpleNamespace(settings=settings))
    extension = plugin.find_extension(settings)
    assert (extension.heading, extension.check_mentions, extension.locale) == (
        "Sources",
        False,
        "en-GB",
    )


def test_a_draft_citing_an_entry_does_not_count_as_citing_it():
    drafts = generator(content("01-a", cited=["singh2023", "harvey2018", "schuch2016"]))
    drafts.drafts = [content("draft", cited=["stubbs2017", "szuhany2015"])]
    plugin.all_generators_finalized([drafts])
    assert _record["sections"]["library"]["uncited"] == ["szuhany2015", "stubbs2017"]


@pytest.mark.parametrize(
    ("style", "message"),
    [
        ("broken.csl", "CITATIONS_STYLE is not a valid CSL file: "),
        ("missing.csl", "CITATIONS_STYLE cannot be loaded: "),
    ],
)
def test_a_style_that_cannot_be_loaded_is_one_error_naming_it(tmp_path, style, message):
    from plugins.citations.plugin import CitationsError
    from plugins.citations.settings import read_config

    (tmp_path / "broken.csl").write_text("<style><unclosed></style>", encoding="utf-8")
    config = read_config({"PATH": str(tmp_path), "CITATIONS_STYLE": style})
    with pytest.raises(CitationsError) as raised:
        plugin.open_style(config)
    [problem] = raised.value.problems
    assert problem.path == relative(str(tmp_path / style))
    assert problem.message.startswith(message)
    assert problem.hint == "fix the file or choose a bundled style"


def test_the_style_is_loaded_in_the_configured_locale(tmp_path, monkeypatch):
    from plugins.citations.settings import read_config

    seen = []
    monkeypatch.setattr(plugin, "load_style", lambda style, locale: seen.append(locale))
    plugin.open_style(read_config({"PATH": str(tmp_path), "CITATIONS_LOCALE": "en-GB"}))
    assert seen == ["en-GB"]


def test_start_up_turns_the_cache_off_when_the_library_is_newer(tmp_path):
    from pelican.settings import DEFAULT_CONFIG

    settings = {**DEFAULT_CONFIG, **stale_cache_settings(tmp_path)}
    settings.update(PATH=str(tmp_path), PLUGINS=["plugins.site_audit"])
    source(tmp_path, "references.bib", 2_000)
    plugin.initialized(SimpleNamespace(settings=settings))
    assert settings["LOAD_CONTENT_CACHE"] is False


def test_without_a_cache_path_no_folder_is_compared(tmp_path, monkeypatch):
    # Not even a folder of the working directory: "" names none.
    (tmp_path / "XXXX").mkdir()
    old = tmp_path / "XXXX" / "cached"
    old.write_text("x", encoding="utf-8")
    os.utime(old, (1_000, 1_000))
    monkeypatch.chdir(tmp_path)
    settings = {"LOAD_CONTENT_CACHE": True}
    plugin.skip_stale_cache(settings, [source(tmp_path, "references.bib", 5_000)])
    assert settings == {"LOAD_CONTENT_CACHE": True}
