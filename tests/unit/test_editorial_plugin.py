"""The Pelican side of the editorial plugin: loading the registry, the About page, readiness.

The handlers are called as Pelican calls them, with the few attributes of
Pelican's objects that they read; the whole build is in the integration tests.
"""

import datetime
import os
from types import SimpleNamespace

import pytest
from conftest import receivers
from pelican import signals

from guidelib import Problem, SettingsError, relative
from guidelib.settings import SETTINGS_FILE
from plugins import build_record
from plugins.build_record.build_record import _record
from plugins.editorial import EditorialError, RegistryError, current, plugin
from plugins.site_audit import Block, MissingAuditError, required_blocks

REGISTRY = """\
people:
  - id: writers
    name: Writing team
    role: author
    interests: None declared
"""


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    monkeypatch.setattr(plugin, "_state", {})
    build_record.reset()
    yield
    build_record.reset()


def content(tmp_path, registry=REGISTRY, about="Title: About\nTemplate: about\n\nText.\n"):
    folder = tmp_path / "content"
    (folder / "data").mkdir(parents=True)
    (folder / "pages").mkdir()
    (folder / "data" / "editorial.yaml").write_text(registry, encoding="utf-8")
    (folder / "pages" / "about.md").write_text(about, encoding="utf-8")
    return folder


def load(folder, **extra):
    settings = {
        "PATH": str(folder),
        "PLUGINS": ["plugins.site_audit", "plugins.editorial"],
        "EDITORIAL_TODAY": "2027-01-31",
        **extra,
    }
    plugin.load(SimpleNamespace(settings=settings))
    return settings


def test_load_reads_the_registry_and_the_settings(tmp_path):
    folder = content(tmp_path)
    settings = load(folder, CONTACT_EMAIL="corrections@guide.test")
    editorial = current()
    assert [person.id for person in editorial.writers] == ["writers"]
    assert editorial.reviewers == []
    assert editorial.today == datetime.date(2027, 1, 31)
    assert editorial.page_source == os.path.abspath(folder / "pages" / "about.md")
    assert editorial.contact_email == "corrections@guide.test"
    assert editorial.about_url == ""
    assert required_blocks(settings) == (
        Block(
            id="review-status",
            name="the review status",
            fix="Keep article.html's {% include 'partials/review_status.html' %} in the "
            "chapter's header",
            pages="guide/*/index.html",
        ),
    )


def test_the_registry_and_page_settings_are_relative_to_path(tmp_path):
    folder = content(tmp_path)
    (folder / "data" / "editorial.yaml").rename(folder / "people.yaml")
    load(folder, EDITORIAL_DATA="people.yaml", EDITORIAL_PAGE="about.md")
    assert current().page_source == os.path.abspath(folder / "about.md")
    assert [person.name for person in current().writers] == ["Writing team"]


def test_without_a_contact_the_address_is_empty(tmp_path):
    load(content(tmp_path))
    assert current().contact_email == ""


def test_a_bad_contact_address_names_the_settings_file(tmp_path):
    with pytest.raises(EditorialError) as raised:
        load(content(tmp_path), CONTACT_EMAIL="corrections", **{SETTINGS_FILE: "site.py"})
    assert raised.value.problems == [
        Problem(
            "site.py",
            "CONTACT_EMAIL 'corrections' is not an email address",
            hint="set it to the monitored address that takes corrections, or leave it empty",
        )
    ]
    assert "editorial" not in plugin._state


def test_the_contact_check_names_pelicanconf_by_default():
    [problem] = plugin.contact_problems("not an address")
    assert problem.path == "pelicanconf.py"


def test_without_a_settings_file_the_contact_error_names_pelicanconf(tmp_path):
    with pytest.raises(EditorialError) as raised:
        load(content(tmp_path), CONTACT_EMAIL=5)
    assert raised.value.problems[0].path == "pelicanconf.py"


def test_a_missing_registry_is_one_error_naming_it(tmp_path):
    folder = content(tmp_path)
    (folder / "data" / "editorial.yaml").unlink()
    with pytest.raises(RegistryError) as raised:
        load(folder)
    [problem] = raised.value.problems
    assert problem.path.endswith("editorial.yaml")


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"EDITORIAL_TODAY": "31/01/2027"}, "must be a date written YYYY-MM-DD, not '31/01/2027'"),
        ({"EDITORIAL_PLACEHOLDERS": ["ok", "(unclosed"]}, r"expression: .\(unclosed."),
        ({"EDITORIAL_PAGES": "about.md"}, "Did you mean EDITORIAL_PAGE"),
    ],
)
def test_a_bad_setting_is_an_error_that_names_it(tmp_path, extra, named):
    with pytest.raises(SettingsError, match=named):
        load(content(tmp_path), **extra)


def test_every_pattern_is_checked_and_good_ones_pass(tmp_path):
    load(content(tmp_path), EDITORIAL_PLACEHOLDERS=[r"\bFIXME\b", r"(?i)dummy"])
    _, patterns = plugin._state["placeholders"]
    assert [p.pattern for p in patterns] == [r"\bFIXME\b", r"(?i)dummy"]


def test_the_review_status_needs_the_site_audit(tmp_path):
    with pytest.raises(MissingAuditError, match="the review status"):
        load(content(tmp_path), PLUGINS=["plugins.editorial"])


def test_loading_again_forgets_the_earlier_build(tmp_path):
    load(content(tmp_path))
    plugin._state["leftover"] = True
    load(content(tmp_path / "again"))
    assert "leftover" not in plugin._state


def test_current_without_a_load_says_which_plugin_is_missing():
    with pytest.raises(EditorialError) as raised:
        current()
    assert raised.value.problems == [
        Problem(
            "pelicanconf.py",
            "the editorial registry was not loaded",
            hint="add 'plugins.editorial' to PLUGINS: chapters name their authors and "
            "reviewers from it",
        )
    ]


def test_readiness_records_placeholders_and_the_contact(tmp_path):
    folder = content(tmp_path, about="Title: About\nTemplate: about\n\nTODO: write it.\n")
    load(folder, CONTACT_EMAIL="corrections@guide.test")
    plugin.record_readiness([])
    assert _record["sections"]["editorial"] == {"contact_email": "corrections@guide.test"}
    [problem] = _record["problems"]
    assert (problem["message"], problem["line"], problem["severity"]) == (
        "placeholder 'TODO' left in the content",
        4,
        "warning",
    )
    assert problem["path"].endswith("pages/about.md")


def test_readiness_records_nothing_before_a_load():
    plugin.record_readiness([])
    assert (_record["sections"], _record["problems"]) == ({}, [])


def test_templates_get_the_editorial_global_once_loaded(tmp_path):
    generator = SimpleNamespace(env=SimpleNamespace(globals={}))
    plugin.add_template_global(generator)
    assert generator.env.globals == {}
    load(content(tmp_path))
    plugin.add_template_global(generator)
    assert generator.env.globals == {"editorial": current()}


def page(source, template="about", url="about/"):
    return SimpleNamespace(source_path=str(source), template=template, url=url)


def pages(*listed, hidden=(), drafts=()):
    return SimpleNamespace(pages=list(listed), hidden_pages=list(hidden), draft_pages=list(drafts))


@pytest.mark.parametrize("where", ["pages", "hidden", "drafts"])
def test_the_about_pages_url_is_kept_wherever_pelican_lists_it(tmp_path, where):
    folder = content(tmp_path)
    load(folder)
    about = page(folder / "pages" / "about.md")
    other = page(folder / "pages" / "other.md", template="page", url="other/")
    listed = {"pages": (), "hidden": (), "drafts": ()} | {where: (about,)}
    plugin.find_about_page(
        pages(other, *listed["pages"], hidden=listed["hidden"], drafts=listed["drafts"])
    )
    assert current().about_url == "about/"


def test_a_missing_about_page_is_an_error_naming_it(tmp_path):
    folder = content(tmp_path)
    load(folder)
    with pytest.raises(EditorialError) as raised:
        plugin.find_about_page(pages(page(folder / "pages" / "other.md")))
    [problem] = raised.value.problems
    assert problem.path == relative(str(folder / "pages" / "about.md"))
    assert problem.message.startswith("the About page was not generated")
    assert problem.hint == (
        "create it with the line 'Template: about', or point EDITORIAL_PAGE at it "
        "(relative to PATH)"
    )
    assert current().about_url == ""


def test_an_about_page_with_another_template_is_an_error_at_line_1(tmp_path):
    folder = content(tmp_path)
    load(folder)
    with pytest.raises(EditorialError) as raised:
        plugin.find_about_page(pages(page(folder / "pages" / "about.md", template="page")))
    [problem] = raised.value.problems
    assert (problem.path, problem.line) == (relative(str(folder / "pages" / "about.md")), 1)
    assert problem.message == (
        "the About page uses template 'page', which does not show the editorial policy"
    )
    assert problem.hint == "add the line 'Template: about' to its metadata"


def test_the_about_page_is_matched_by_its_full_path(tmp_path, monkeypatch):
    folder = content(tmp_path)
    load(folder)
    monkeypatch.chdir(folder)
    plugin.find_about_page(pages(page("pages/about.md")))
    assert current().about_url == "about/"


def test_register_connects_each_handler_to_its_signal():
    plugin.register()
    assert plugin.load in receivers(signals.initialized)
    assert plugin.add_template_global in receivers(signals.generator_init)
    assert plugin.find_about_page in receivers(signals.page_generator_finalized)
    assert plugin.record_readiness in receivers(signals.all_generators_finalized)
