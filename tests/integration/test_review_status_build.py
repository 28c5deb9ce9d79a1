"""The review status and the editorial policy, on the three-chapter fixture site.

The fixture's registry (tests/fixtures/mini_site/content/data/editorial.yaml)
holds fictional people only. Its build date is fixed (EDITORIAL_TODAY):
chapter 1 is reviewed, chapter 2 is a draft and chapter 3's review is overdue.
"""

import json
import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_build

FIXTURE = ROOT / "tests" / "fixtures" / "mini_site"
PRODUCTION = """\
import importlib.util
_spec = importlib.util.spec_from_file_location("mini_settings", {settings!r})
_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_site)
globals().update({{name: value for name, value in vars(_site).items() if name.isupper()}})
SITEURL = "https://guide.test"
RELATIVE_URLS = False
CONTACT_EMAIL = "corrections@guide.test"
"""


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def text(element):
    return " ".join(element.get_text().split())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("review") / "output"
    result = run_build(FIXTURE / "settings.py", output)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review-published")
    settings = folder / "settings.py"
    settings.write_text(PRODUCTION.format(settings=str(FIXTURE / "settings.py")), "utf-8")
    result = run_build(settings, folder / "output")
    assert result.returncode == 0, result.stderr
    return folder / "output"


def status(site, slug):
    return soup(site / "guide" / slug / "index.html").find(id="review-status")


def test_each_chapter_shows_its_derived_status(site):
    slugs = ("starting-small", "keeping-going", "getting-support")
    statuses = [status(site, slug)["data-review-status"] for slug in slugs]
    assert statuses == ["reviewed", "draft", "overdue"]


def test_a_draft_says_so_before_the_text_and_links_to_how_review_works(site):
    page = soup(site / "guide" / "keeping-going" / "index.html")
    notice = page.find(id="review-status")
    assert text(notice) == (
        "Not yet reviewed by a clinician This chapter has not yet been reviewed by a clinician. "
        "It was written by Fixture writing team, Fixture Editor. How review works"
    )
    assert notice.find_next(class_="chapter__body") is not None
    assert [a["href"] for a in notice.find_all("a")] == [
        "../../about/#person-fixture-writers",
        "../../about/#person-fixture-editor",
        "../../about/#editorial-review",
    ]
    assert notice.find("time") is None


def test_a_reviewed_chapter_names_its_reviewers_qualifications_and_dates(site):
    notice = status(site, "starting-small")
    assert text(notice) == (
        "Reviewed by a clinician Reviewed by Fixture Clinician, Fixture qualification A "
        "(fictional); Second Fixture Clinician, Fixture qualification B (fictional). Last "
        "reviewed 11 November 2026. Next review due 11 November 2027."
    )
    assert [a["href"] for a in notice.find_all("a")] == [
        "../../about/#person-fixture-clinician",
        "../../about/#person-fixture-second-clinician",
    ]
    assert [t["datetime"] for t in notice.find_all("time")] == ["2026-11-11", "2027-11-11"]


def test_an_overdue_review_says_so(site):
    notice = status(site, "getting-support")
    assert "Review overdue" in text(notice)
    assert "This chapter's review is overdue" in text(notice)
    assert [t["datetime"] for t in notice.find_all("time")] == ["2026-11-13", "2027-01-14"]


def test_every_link_of_a_status_reaches_an_entry_of_the_about_page(site):
    about = soup(site / "about" / "index.html")
    for slug in ("starting-small", "keeping-going", "getting-support"):
        for link in status(site, slug).find_all("a"):
            path, _, anchor = link["href"].partition("#")
            assert path == "../../about/" and about.find(id=anchor), (slug, link["href"])


def test_the_about_page_lists_the_registry_below_its_text(site):
    about = soup(site / "about" / "index.html")
    policy = about.find(id="editorial-policy")
    assert about.find("p", string="Fixture text.").find_next(id="editorial-policy") is policy
    people = {li["id"]: li.get_text(" ", strip=True) for li in policy.select("li.person")}
    assert people == {
        "person-fixture-writers": "Fixture writing team Role Author Declared interests None "
        "declared",
        "person-fixture-editor": "Fixture Editor Role Editor Declared interests None declared",
        "person-fixture-clinician": "Fixture Clinician Role Clinical reviewer Qualifications "
        "Fixture qualification A (fictional) Declared interests "
        "Fixture interest (fictional)",
        "person-fixture-second-clinician": "Second Fixture Clinician Role Clinical reviewer "
        "Qualifications Fixture qualification B (fictional) "
        "Declared interests None declared",
    }
    writers = policy.find(id="editorial-writers").find_next("ul")
    assert [li["id"] for li in writers.select("li")] == [
        "person-fixture-writers",
        "person-fixture-editor",
    ]
    assert policy.find(id="editorial-review")
    corrections = policy.find(id="editorial-corrections").find_next("p")
    assert text(corrections) == "No corrections address has been set for this build of the site."
    assert "@" not in text(policy)


def test_schema_org_claims_a_review_only_for_the_reviewed_chapter(published):
    def data(slug):
        page = soup(published / "guide" / slug / "index.html")
        return json.loads(page.find("script", type="application/ld+json").string)

    reviewed = data("starting-small")
    assert reviewed["lastReviewed"] == "2026-11-11"
    assert reviewed["reviewedBy"] == [
        {
            "@type": "Person",
            "name": "Fixture Clinician",
            "description": "Fixture qualification A (fictional)",
        },
        {
            "@type": "Person",
            "name": "Second Fixture Clinician",
            "description": "Fixture qualification B (fictional)",
        },
    ]
    for slug in ("keeping-going", "getting-support"):
        assert "lastReviewed" not in data(slug) and "reviewedBy" not in data(slug), slug


def test_the_about_page_shows_the_corrections_address_when_one_is_set(published):
    policy = soup(published / "about" / "index.html").find(id="editorial-policy")
    link = policy.find(id="editorial-corrections").find_next("a")
    assert link["href"] == "mailto:corrections@guide.test"
    assert status(published, "starting-small").find("a")["href"] == (
        "https://guide.test/about/#person-fixture-clinician"
    )


def broken_build(tmp_path, relative, old, new):
    copy = tmp_path / "site"
    shutil.copytree(FIXTURE, copy)
    path = copy / relative
    source = path.read_text(encoding="utf-8")
    assert old in source
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return run_build(copy / "settings.py", tmp_path / "output")


@pytest.mark.parametrize(
    ("relative", "old", "new", "expected"),
    [
        (
            "content/chapters/02-keeping-going.md",
            "Authors: fixture-writers,",
            "Authors: fixture-writer,",
            "content/chapters/02-keeping-going.md:6: Authors: unknown person 'fixture-writer'. "
            "Did you mean 'fixture-writers' or 'fixture-editor'? Or use an id from ",
        ),
        (
            "content/chapters/03-getting-support.md",
            "Reviewers: fixture-clinician",
            "Reviewers: fixture-editor",
            "content/chapters/03-getting-support.md:9: Reviewers: 'fixture-editor' is registered "
            "as editor, not as clinical-reviewer",
        ),
        (
            "content/chapters/02-keeping-going.md",
            "Order: 2",
            "Status: reviewed\nOrder: 2",
            "content/chapters/02-keeping-going.md:7: field 'Status': the review status is derived, "
            "never typed",
        ),
        (
            "content/chapters/03-getting-support.md",
            "Reviewers: fixture-clinician\n",
            "",
            "content/chapters/03-getting-support.md:6: Reviewed and Next_review without Reviewers",
        ),
        (
            "content/data/editorial.yaml",
            "    role: editor",
            "    role: proofreader",
            "content/data/editorial.yaml:9: person 'fixture-editor': role 'proofreader' is not one "
            "of author, editor, clinical-reviewer",
        ),
        (
            "content/pages/about.md",
            "Template: about\n",
            "",
            "content/pages/about.md:1: the About page uses template 'page', which does not show "
            "the editorial policy. Add the line 'Template: about' to its metadata.",
        ),
    ],
    ids=[
        "unknown-author",
        "reviewer-not-clinical",
        "typed-status",
        "half-signed",
        "bad-role",
        "about-template",
    ],
)
def test_editorial_errors_fail_the_build_with_file_line_and_fix(
    tmp_path, relative, old, new, expected
):
    result = broken_build(tmp_path, relative, old, new)
    assert result.returncode == 1
    assert expected in result.stderr
    assert not (tmp_path / "output").exists()


def test_a_missing_registry_is_one_error_naming_it(tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(FIXTURE, copy)
    (copy / "content" / "data" / "editorial.yaml").unlink()
    result = run_build(copy / "settings.py", tmp_path / "output")
    assert result.returncode == 1
    assert "content/data/editorial.yaml: cannot read the editorial registry" in result.stderr
    assert "Build failed: 1 problem." in result.stderr
