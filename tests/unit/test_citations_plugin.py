"""The Pelican side of the citations plugin: each page's problems, the missing library reported
once, uncited entries and the site-wide index. Whole builds are in the integration tests.
"""

import logging
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
