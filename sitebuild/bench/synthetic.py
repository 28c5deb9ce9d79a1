"""The synthetic corpus: N chapters of realistic length from a fixed seed.

Each article has six sections and about ten citations drawn from a 200-entry
library, and the usual front matter; the safety data and pages come from the
real site, so every page carries the same furniture as the guide's.
"""

import random
import shutil

from .commands import ROOT
from .sites import finish

SEED = 20261122
LIBRARY_SIZE = 200
CITATIONS_PER_ARTICLE = 10
REAL_PAGES = ("get-help.md", "disclaimer.md", "references.md")

WORDS = [
    "movement", "walking", "mood", "energy", "sleep", "routine", "evidence", "trial",
    "review", "daily", "small", "steps", "body", "brain", "stress", "rest", "support",
    "care", "activity", "week", "minutes", "gentle", "outdoors", "friends", "habit",
    "start", "plan", "track", "progress", "help", "feeling", "tired", "slowly", "kind",
    "patient", "strength", "breathing", "stretch", "garden", "stairs", "morning",
    "evening", "light", "symptoms", "people", "research",
]  # fmt: skip


def _sentence(rng, citation=None):
    words = rng.choices(WORDS, k=rng.randint(9, 22))
    text = " ".join(words).capitalize()
    return f"{text} {citation}." if citation else f"{text}."


def write_library(path, rng):
    entries = []
    for number in range(1, LIBRARY_SIZE + 1):
        first, second = rng.sample(WORDS, 2)
        entries.append(
            f"@article{{ref{number:03d},\n"
            f"  author = {{{first.capitalize()}, Alex and {second.capitalize()}, Sam}},\n"
            f"  title = {{A study of {' '.join(rng.sample(WORDS, 5))}}},\n"
            f"  journal = {{Journal of Synthetic Research}},\n"
            f"  year = {{{2000 + number % 25}}},\n"
            f"  volume = {{{number % 40 + 1}}},\n"
            f"  number = {{{number % 12 + 1}}},\n"
            f"  pages = {{{number}--{number + 9}}},\n"
            f"  doi = {{10.5555/synthetic.{number:03d}}}\n"
            "}\n"
        )
    path.write_text("\n".join(entries), encoding="utf-8")


def write_article(path, number, rng):
    keys = [f"ref{k:03d}" for k in rng.sample(range(1, LIBRARY_SIZE + 1), CITATIONS_PER_ARTICLE)]
    citations = [f"[@{key}]" for key in keys[:-2]] + [f"[@{keys[-2]}; @{keys[-1]}]"]
    sections = []
    for section in range(1, 7):
        paragraphs = []
        for _ in range(3):
            cite = citations.pop() if citations and rng.random() < 0.6 else None
            sentences = [_sentence(rng) for _ in range(rng.randint(2, 4))]
            sentences.append(_sentence(rng, cite))
            paragraphs.append(" ".join(sentences))
        body = "\n\n".join(paragraphs)
        sections.append(f"## Section {section} of article {number}\n\n{body}")
    # Every chapter starts with its key points (plugins/furniture).
    sections.insert(0, f"## In short\n\n- First point of article {number}.\n- Second point.")
    rest = " ".join(citations)
    path.write_text(
        f"Title: Synthetic article {number}\n"
        f"Slug: article-{number}\n"
        "Date: 2026-01-01\n"
        "Modified: 2026-02-01\n"
        f"Summary: Synthetic article number {number} for benchmarks.\n"
        "Authors: editorial-team\n"
        f"Order: {number}\n"
        "Category: Guide\n"
        f"Tags: {rng.choice(WORDS)}, {rng.choice(WORDS)}\n\n"
        + "\n\n".join(sections)
        + (f"\n\nFurther reading {rest}.\n" if rest else "\n"),
        encoding="utf-8",
    )


def generate(folder, articles, seed=SEED, bare=True):
    """Write a synthetic site with ``articles`` chapters into ``folder``; return its Corpus."""
    rng = random.Random(seed)
    content = folder / "content"
    (content / "chapters").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "data", content / "data")
    (content / "pages").mkdir()
    for page in REAL_PAGES:
        if (ROOT / "content" / "pages" / page).exists():
            shutil.copy(ROOT / "content" / "pages" / page, content / "pages" / page)
    for slug, template in (("about", "Template: about\n"), ("privacy", "")):
        (content / "pages" / f"{slug}.md").write_text(
            f"Title: {slug.capitalize()}\nSlug: {slug}\n{template}Summary: A page.\n\nText.\n",
            encoding="utf-8",
        )
    write_library(content / "references.bib", rng)
    for number in range(1, articles + 1):
        write_article(content / "chapters" / f"{number:04d}.md", number, rng)
    # The articles are random words: their reading grade means nothing, but
    # the prose checks still run, and are measured.
    return finish("synthetic", folder, bare, {"PROSE_GRADE_ERROR": 20, "PROSE_GRADE_WARNING": 20})
