"""The Pelican side of the crisis-help plugin: loading, the Get help now page, region pages.

The handlers are called as Pelican calls them, with the few attributes of
Pelican's objects that they read; the whole build is in the integration tests.
"""

import datetime
import os
import shutil
from types import SimpleNamespace

import pytest
from conftest import ROOT, receivers
from pelican import signals
from test_crisis_help_data import VALID
from test_crisis_help_verifiers import registry

from guidelib import Problem
from guidelib.settings import SETTINGS_FILE
from plugins import build_record
from plugins.build_record.build_record import _record
from plugins.crisis_help import crisis_help, regions
from plugins.crisis_help.crisis_help import CrisisHelpError
from plugins.editorial import Editorial
from plugins.editorial import plugin as editorial_plugin
from plugins.site_audit import MissingAuditError, required_blocks

THEME = str(ROOT / "theme")


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    monkeypatch.setattr(crisis_help, "_state", {})
    setup = Editorial(
        registry=registry(), today=datetime.date(2027, 1, 1), page_source="content/pages/about.md"
    )
    monkeypatch.setattr(editorial_plugin, "_state", {"editorial": setup})
    build_record.reset()
    yield
    build_record.reset()


def content(tmp_path, text=VALID):
    folder = tmp_path / "content"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "helplines.yaml").write_text(text, encoding="utf-8")
    return folder


def load(folder, **extra):
    settings = {
        "PATH": str(folder),
        "THEME": THEME,
        "PLUGINS": ["plugins.site_audit", "plugins.editorial", "plugins.crisis_help"],
        "CRISIS_HELP_REGIONS": ["AU", "GB"],
        **extra,
    }
    crisis_help.load_data(SimpleNamespace(settings=settings))
    return settings


def test_load_reads_the_settings_and_the_data(tmp_path):
    folder = content(tmp_path)
    settings = load(folder, CRISIS_HELP_MAX_AGE_DAYS=30)
    state = crisis_help._state
    assert [line.service for line in state["directory"].helplines][0] == "Samaritans"
    assert state["regions"] == ["AU", "GB"]
    assert state["max_age_days"] == 30
    assert state["page_source"] == os.path.abspath(folder / "pages" / "get-help.md")
    assert (state["get_help_url"], state["region_pages"]) == (None, ())
    assert state["env"].autoescape is True
    assert '"AU"' in state["script"] and '"GB"' in state["script"]
    assert [block.id for block in required_blocks(settings)] == ["crisis-help"]


def test_the_defaults_are_used_when_unset(tmp_path):
    folder = content(tmp_path)
    load(folder, CRISIS_HELP_REGIONS=["GB"])
    assert crisis_help._state["max_age_days"] == 365
    defaults = crisis_help.CrisisHelpConfig()
    assert (defaults.data, defaults.page) == ("data/helplines.yaml", "pages/get-help.md")
    assert defaults.regions == ("US", "GB", "CA", "AU", "IE", "NZ", "INT")


def test_the_data_and_page_settings_are_relative_to_path(tmp_path):
    folder = content(tmp_path)
    shutil.move(folder / "data" / "helplines.yaml", folder / "lines.yaml")
    load(folder, CRISIS_HELP_DATA="lines.yaml", CRISIS_HELP_PAGE="help.md")
    assert crisis_help._state["page_source"] == os.path.abspath(folder / "help.md")
    assert crisis_help._state["directory"].path.endswith("lines.yaml")


def test_a_region_the_data_lacks_is_an_error_naming_the_settings_file(tmp_path):
    with pytest.raises(CrisisHelpError) as raised:
        load(content(tmp_path), CRISIS_HELP_REGIONS=["GB", "IE"], **{SETTINGS_FILE: "site.py"})
    [problem] = raised.value.problems
    assert problem.path == "site.py"
    assert problem.message.startswith("CRISIS_HELP_REGIONS: 'IE' is not a region of ")
    assert problem.hint == "use codes from: GB, AU"
    assert crisis_help._state == {}


def test_without_a_settings_file_the_region_error_names_pelicanconf(tmp_path):
    with pytest.raises(CrisisHelpError) as raised:
        load(content(tmp_path), CRISIS_HELP_REGIONS=["IE"])
    assert raised.value.problems[0].path == "pelicanconf.py"


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"CRISIS_HELP_REGIONS": []}, "must list at least one region code"),
        ({"CRISIS_HELP_MAX_AGE_DAYS": 0}, "must be a positive number of days"),
    ],
)
def test_a_bad_setting_is_an_error_that_names_it(tmp_path, extra, named):
    with pytest.raises(Exception, match=named):
        load(content(tmp_path), **extra)


def test_a_day_is_a_long_enough_age(tmp_path):
    load(content(tmp_path), CRISIS_HELP_MAX_AGE_DAYS=1)
    assert crisis_help._state["max_age_days"] == 1


def test_a_verifier_nobody_knows_stops_the_load(tmp_path):
    folder = content(tmp_path, VALID.replace("verified_by: editor-one", "verified_by: zed"))
    with pytest.raises(CrisisHelpError, match="'zed' is nobody in the editorial registry"):
        load(folder)


def test_every_template_the_theme_lacks_is_named_with_the_folder(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme" / "templates", theme / "templates")
    (theme / "templates" / "partials" / "crisis_bar.html").unlink()
    (theme / "templates" / "partials" / "region.js").unlink()
    with pytest.raises(CrisisHelpError) as raised:
        load(content(tmp_path), THEME=str(theme))
    folder = str(theme / "templates")
    assert raised.value.problems == [
        Problem(
            folder,
            f"the theme has no template {name}, which the crisis-help plugin renders its "
            "blocks with",
            hint=f"add it under {folder}",
        )
        for name in ("partials/crisis_bar.html", "partials/region.js")
    ]


def test_templates_are_looked_up_in_the_overrides_first(tmp_path):
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials" / "crisis_bar.html").write_text("<p>bar</p>", encoding="utf-8")
    load(content(tmp_path), THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert str(crisis_help.crisis_help_bar()) == "<p>bar</p>"


def test_the_block_check_needs_the_site_audit(tmp_path):
    with pytest.raises(MissingAuditError):
        load(content(tmp_path), PLUGINS=["plugins.editorial", "plugins.crisis_help"])


def test_the_record_keeps_each_helplines_source_and_dates(tmp_path):
    load(content(tmp_path), CRISIS_HELP_MAX_AGE_DAYS=90)
    crisis_help.record_helplines([])
    section = _record["sections"]["helplines"]
    assert section["max_age_days"] == 90
    first, second = section["entries"]
    assert first == {
        "path": crisis_help._state["directory"].path,
        "line": 9,
        "region": "GB",
        "service": "Samaritans",
        "source": "https://www.samaritans.org/",
        "as_of": "2026-11-01",
        "verified_by": "editor-one",
        "verified_on": "2026-11-22",
    }
    assert (second["region"], second["verified_by"], second["verified_on"]) == ("AU", None, None)


def test_emergency_numbers_follow_the_configured_regions(tmp_path):
    load(content(tmp_path), CRISIS_HELP_REGIONS=["AU", "GB"])
    assert crisis_help.emergency_numbers() == [
        ("Australia", ("000",)),
        ("United Kingdom", ("999",)),
    ]


def test_templates_get_the_three_globals():
    generator = SimpleNamespace(env=SimpleNamespace(globals={"other": 1}))
    crisis_help.add_template_globals(generator)
    assert generator.env.globals == {
        "other": 1,
        "crisis_help_bar": crisis_help.crisis_help_bar,
        "crisis_help_block": crisis_help.crisis_help_block,
        "crisis_help_directory": crisis_help.crisis_help_directory,
    }


def page(source, template="get-help", url="get-help/"):
    return SimpleNamespace(
        source_path=str(source), template=template, url=url, title="Get help now", summary=""
    )


def pages(*listed, hidden=(), drafts=()):
    return SimpleNamespace(pages=list(listed), hidden_pages=list(hidden), draft_pages=list(drafts))


@pytest.mark.parametrize("where", ["pages", "hidden", "drafts"])
def test_the_get_help_page_gives_each_region_a_page(tmp_path, where):
    folder = content(tmp_path)
    load(folder)
    found = page(folder / "pages" / "get-help.md")
    other = page(folder / "pages" / "about.md", template="about", url="about/")
    lists = {"pages": [other], "hidden": [], "drafts": []}
    lists[where].append(found)
    crisis_help.find_get_help_page(
        pages(*lists["pages"], hidden=lists["hidden"], drafts=lists["drafts"])
    )
    assert crisis_help._state["get_help_url"] == "get-help/"
    made = crisis_help._state["region_pages"]
    assert [(p.url, p.region.code, p.template, p.page) for p in made] == [
        ("get-help/gb/", "GB", "get-help", found),
        ("get-help/au/", "AU", "get-help", found),
    ]


def test_a_missing_get_help_page_is_an_error_naming_it(tmp_path):
    folder = content(tmp_path)
    load(folder)
    with pytest.raises(CrisisHelpError) as raised:
        crisis_help.find_get_help_page(pages(page(folder / "pages" / "other.md")))
    [problem] = raised.value.problems
    assert problem.path == os.path.relpath(folder / "pages" / "get-help.md")
    assert problem.message == "the Get help now page was not generated"
    assert problem.hint == (
        "create it (with 'Template: get-help') or point CRISIS_HELP_PAGE at it, relative to PATH"
    )
    assert crisis_help._state["get_help_url"] is None


def test_a_get_help_page_with_another_template_is_an_error_at_line_1(tmp_path):
    folder = content(tmp_path)
    load(folder)
    with pytest.raises(CrisisHelpError) as raised:
        crisis_help.find_get_help_page(pages(page(folder / "pages" / "get-help.md", "page")))
    [problem] = raised.value.problems
    assert (problem.path, problem.line) == (os.path.relpath(folder / "pages" / "get-help.md"), 1)
    assert problem.message == (
        "the Get help now page uses template 'page', which does not list the helplines"
    )
    assert problem.hint == "add the line 'Template: get-help' to its metadata"


class Writer:
    def __init__(self):
        self.written, self.contexts = [], []

    def write_file(self, name, template, context, **extra):
        self.written.append((name, template, extra))
        self.contexts.append(context)


def region_generator(tmp_path):
    """The RegionPages generator, once the Get help now page was found."""
    folder = content(tmp_path)
    load(folder)
    crisis_help.find_get_help_page(pages(page(folder / "pages" / "get-help.md")))
    settings = {"RELATIVE_URLS": True, "THEME_STATIC_DIR": "theme"}
    generator = SimpleNamespace(
        context={"SITENAME": "A guide"},
        settings=settings,
        output_path=str(tmp_path / "output"),
        get_template=lambda name: f"template {name}",
    )
    return generator


def test_region_pages_are_listed_for_the_sitemap(tmp_path):
    generator = region_generator(tmp_path)
    crisis_help.RegionPages.generate_context(generator)
    assert generator.context["region_pages"] == list(crisis_help._state["region_pages"])
    assert generator.context["SITENAME"] == "A guide"


def test_each_region_page_and_the_script_are_written(tmp_path):
    generator = region_generator(tmp_path)
    writer = Writer()
    crisis_help.RegionPages.generate_output(generator, writer)
    assert [(name, template) for name, template, _ in writer.written] == [
        ("get-help/gb/index.html", "template get-help"),
        ("get-help/au/index.html", "template get-help"),
    ]
    assert writer.contexts == [generator.context, generator.context]
    extra = writer.written[1][2]
    assert extra["help_region"].code == "AU"
    assert extra["page"].url == "get-help/au/"
    assert extra["relative_urls"] is True
    script = tmp_path / "output" / "theme" / regions.REGION_SCRIPT
    assert script.read_text(encoding="utf-8") == crisis_help._state["script"]
    crisis_help.RegionPages.generate_output(generator, Writer())  # a rebuild: the folder is there
    assert script.read_text(encoding="utf-8") == crisis_help._state["script"]


def test_the_generator_is_offered_to_pelican():
    assert crisis_help.add_region_pages(None) is crisis_help.RegionPages


def test_the_block_links_to_the_get_help_page_and_is_rendered_once_per_variant(
    tmp_path, monkeypatch
):
    region_generator(tmp_path)
    calls = []
    real = crisis_help.render.render_block

    def counting(*args, **kwargs):
        calls.append((args[3], args[4] and args[4].code, kwargs["block_id"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(crisis_help.render, "render_block", counting)
    block = crisis_help.crisis_help_block  # Jinja passes the page's context first
    au = crisis_help._state["directory"].regions[1]
    first = block({"SITEURL": "https://guide.test"})
    assert block({"SITEURL": "https://guide.test"}) is first
    block({"SITEURL": "https://guide.test", "help_region": au})
    block({}, block_id="crisis-help-end")
    assert calls == [
        ("https://guide.test/get-help/", None, "crisis-help"),
        ("https://guide.test/get-help/", "AU", "crisis-help"),
        ("/get-help/", None, "crisis-help-end"),
    ]
    assert 'href="https://guide.test/get-help/"' in str(first)


def test_the_directory_links_each_region_to_its_page(tmp_path):
    region_generator(tmp_path)
    markup = str(crisis_help.crisis_help_directory({"SITEURL": "https://guide.test"}))
    assert 'href="https://guide.test/get-help/gb/"' in markup
    assert 'href="https://guide.test/get-help/au/"' in markup
    relative = str(crisis_help.crisis_help_directory({}))
    assert 'href="/get-help/au/"' in relative


def test_register_connects_each_handler_to_its_signal():
    crisis_help.register()
    assert crisis_help.load_data in receivers(signals.initialized)
    assert crisis_help.add_template_globals in receivers(signals.generator_init)
    assert crisis_help.find_get_help_page in receivers(signals.page_generator_finalized)
    assert crisis_help.add_region_pages in receivers(signals.get_generators)
    assert crisis_help.record_helplines in receivers(signals.all_generators_finalized)
