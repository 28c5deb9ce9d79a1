"""Guards on the guide itself: chapters' metadata, order and citations, pages, references.

Nothing here depends on today's date: a review that has fallen due is a
warning from `invoke check`, not a test failure.

Chapters are drafts until a named clinical reviewer from the editorial
registry (content/data/editorial.yaml) signs them: a draft has no review
fields at all, and a chapter that has review fields must name its reviewers.
"""

import re

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

from plugins.chapters import parse_date
from plugins.citations import load_library

CONTENT = ROOT / "content"
CHAPTERS = sorted((CONTENT / "chapters").glob("*.md"))
PAGES = sorted((CONTENT / "pages").glob("*.md"))
REGISTRY = CONTENT / "data" / "editorial.yaml"
CITATION_KEY = re.compile(r"(?<![\w.])@([A-Za-z][\w:-]*\d{4}[a-z]?)")
CITATION_GROUP = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")
WORDS_MIN, WORDS_MAX = 500, 1000

REQUIRED_FIELDS = ("title", "slug", "date", "modified", "summary", "authors", "order", "category")
REVIEW_DATES = ("reviewed", "next_review")
REGISTRY_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Other pages and the home page link to chapters by slug: these must not move.
SLUGS_BY_ORDER = {
    1: "why-movement-helps",
    2: "brain-and-body",
    3: "kinds-of-movement",
    4: "how-much-how-often",
    5: "when-starting-is-hard",
    6: "routine-for-bad-weeks",
    7: "gentle-movement",
    8: "when-exercise-is-not-enough",
}

KEY_POINTS_HEADING = "## In short"
KEY_POINTS_MIN, KEY_POINTS_MAX, KEY_POINT_WORDS = 2, 4, 30

# Safe-messaging and editorial wording that no chapter may use, even negated.
BANNED = {
    "commit suicide": r"\bcommit(?:ted|s)? suicide\b",
    "successful/unsuccessful/failed attempt": (
        r"\b(?:un)?successful attempts?\b|\bfailed attempts?\b"
    ),
    "suicide epidemic": r"\bsuicide epidemic\b",
    "just work out": r"\bjust work(?:ing)? out\b",
    "no excuses": r"\bno excuses?\b",
    "lazy": r"\blazy\b|\blaziness\b",
    "cure": r"\bcur(?:e|es|ed)\b",
    "as effective as antidepressants": r"\bas effective as antidepressants?\b",
}
PLACEHOLDERS = re.compile(
    r"\bTODO\b|\bTBD\b|\bXXX\b|lorem ipsum|\bexample\.(?:com|org|net)\b", re.IGNORECASE
)


def split_front_matter(path):
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("\n\n")
    return head, rest


def body(path):
    return split_front_matter(path)[1]


def read_front_matter(path):
    """{lower-case field: value} of the file's front matter, as an author reads it."""
    head = split_front_matter(path)[0]
    fields = {}
    for line in head.splitlines():
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return fields


def key_points(text):
    """The points of the `## In short` list that opens a chapter's body, or None."""
    if not text.startswith(KEY_POINTS_HEADING + "\n\n"):
        return None
    points = []
    for line in text[len(KEY_POINTS_HEADING) + 2 :].splitlines():
        if re.match(r"[-*+] ", line):
            points.append(line[2:].strip())
        elif line.startswith(" ") and line.strip() and points:
            points[-1] += " " + line.strip()
        else:
            break
    return points


def emergency_cards(text):
    """Bodies of the `!!! emergency` admonitions in a chapter."""
    cards = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("!!! emergency"):
            card = []
            for following in lines[index + 1 :]:
                if following.strip() and not following.startswith("    "):
                    break
                card.append(following)
            cards.append("\n".join(card))
    return cards


@pytest.fixture(scope="module")
def library():
    return load_library(str(CONTENT / "references.bib"))


def registry_people():
    data = yaml.safe_load(REGISTRY.read_text(encoding="utf-8")) or {}
    return {person["id"]: person for person in data.get("people", [])}


def test_there_are_eight_chapters_numbered_one_to_eight_without_gaps():
    orders = sorted(int(read_front_matter(path)["order"]) for path in CHAPTERS)
    assert orders == list(range(1, 9))


def test_chapter_slugs_stay_where_other_pages_link_to_them():
    found = {int(read_front_matter(p)["order"]): read_front_matter(p)["slug"] for p in CHAPTERS}
    assert found == SLUGS_BY_ORDER


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_front_matter_is_complete(path):
    raw = read_front_matter(path)
    missing = [name for name in REQUIRED_FIELDS if not raw.get(name, "").strip()]
    assert missing == []
    assert parse_date(raw["modified"]) >= parse_date(raw["date"])
    assert raw["order"].strip().isdigit() and int(raw["order"]) > 0
    authors = [a.strip() for a in raw["authors"].split(",")]
    assert authors and all(REGISTRY_ID.fullmatch(a) for a in authors), authors


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_chapter_has_review_fields_unless_it_names_its_reviewers(path):
    raw = read_front_matter(path)
    dates = [name for name in REVIEW_DATES if raw.get(name, "").strip()]
    reviewers = [r.strip() for r in raw.get("reviewers", "").split(",") if r.strip()]
    if not dates and not reviewers:
        return  # a draft: no review claimed anywhere
    assert reviewers, f"{path.name} has {dates} but names no reviewer"
    assert all(REGISTRY_ID.fullmatch(r) for r in reviewers), reviewers
    assert dates == list(REVIEW_DATES), f"{path.name} names reviewers but lacks review dates"
    assert parse_date(raw["next_review"]) > parse_date(raw["reviewed"])


def test_no_chapter_names_a_reviewer_missing_from_the_registry():
    named = {}
    for path in CHAPTERS:
        for reviewer in read_front_matter(path).get("reviewers", "").split(","):
            if reviewer.strip():
                named.setdefault(reviewer.strip(), []).append(path.name)
    if not named:
        return  # every chapter is a draft: nobody is named
    people = registry_people()
    for reviewer, paths in named.items():
        assert reviewer in people, (reviewer, paths)
        assert people[reviewer].get("role") == "clinical-reviewer", (reviewer, paths)
        assert str(people[reviewer].get("qualifications", "")).strip(), (reviewer, paths)


def test_every_chapter_author_is_in_the_registry():
    people = registry_people()
    for path in CHAPTERS:
        for author in read_front_matter(path)["authors"].split(","):
            assert author.strip() in people, (path.name, author.strip())


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_length_is_within_the_brief(path):
    words = len(body(path).split())
    assert WORDS_MIN <= words <= WORDS_MAX, words


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_opens_with_short_key_points(path):
    points = key_points(body(path))
    assert points is not None, f"{path.name} does not open with '{KEY_POINTS_HEADING}'"
    assert KEY_POINTS_MIN <= len(points) <= KEY_POINTS_MAX, points
    for point in points:
        assert len(point.split()) <= KEY_POINT_WORDS, point


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_cited_key_points_are_also_said_in_the_chapter(path):
    text = body(path)
    rest = text.split("\n\n", 2)[2]
    for point in key_points(text) or []:
        for key in CITATION_KEY.findall(point):
            assert f"@{key}" in rest, (path.name, key)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_chapter_uses_banned_wording(path):
    text = " ".join(path.read_text(encoding="utf-8").lower().split())
    for label, pattern in BANNED.items():
        assert not re.search(pattern, text), (path.name, label)


@pytest.mark.parametrize("path", [*CHAPTERS, *PAGES], ids=lambda p: p.name)
def test_no_placeholders_or_example_addresses(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert not PLACEHOLDERS.search(line), (path.name, number, line)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_emergency_cards_do_not_type_phone_numbers(path):
    for card in emergency_cards(body(path)):
        assert card.strip(), path.name
        assert not re.search(r"\d{3}", card), (path.name, card)


def test_chapters_with_emergency_advice_have_emergency_cards():
    for name in ("04-how-much-how-often.md", "08-when-exercise-is-not-enough.md"):
        assert emergency_cards(body(CONTENT / "chapters" / name)), name


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_cites_at_least_two_sources_that_exist(path, library):
    keys = set(CITATION_KEY.findall(body(path)))
    assert len(keys) >= 2, keys
    assert keys <= set(library.references), keys - set(library.references)


def test_every_library_entry_is_cited_somewhere(library):
    cited = set()
    for path in [*CHAPTERS, *PAGES]:
        cited |= set(CITATION_KEY.findall(body(path)))
    assert set(library.references) - cited == set()


def test_anxiety_source_is_only_cited_for_anxiety():
    for path in CHAPTERS:
        for paragraph in body(path).split("\n\n"):
            if "@stubbs2017" in paragraph:
                assert "anxi" in paragraph.lower(), (path.name, paragraph)


def test_suicide_wording_follows_safe_messaging():
    for path in [*CHAPTERS, *PAGES]:
        text = " ".join(body(path).lower().split())
        for phrase in (
            "successful attempt",
            "failed attempt",
            "commit suicide",
            "committed suicide",
        ):
            assert phrase not in text, (path.name, phrase)


def test_the_built_guide_has_its_pages_and_a_home_page_that_offers_help(real_site):
    for slug in ("get-help", "disclaimer", "about", "privacy", "references"):
        assert (real_site / slug / "index.html").is_file(), slug
    home = BeautifulSoup((real_site / "index.html").read_text(encoding="utf-8"), "lxml")
    assert len(home.select(".intro p")) == 2
    starts = [a["href"] for a in home.select(".start-links a")]
    assert starts == ["./guide/why-movement-helps/", "./get-help/"]
    assert len(home.select("ol.chapter-list li")) == 8


def test_each_chapter_page_has_numbered_references_that_resolve(real_site):
    for page in sorted((real_site / "guide").glob("*/index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        citations = soup.select("sup a[href^='#cite-ref-']")
        assert len(citations) >= 2, page
        for link in citations:
            assert soup.find(id=link["href"][1:]), (page, link["href"])
