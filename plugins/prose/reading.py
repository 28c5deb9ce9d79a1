"""Plain language: reading grade and ease of a chapter's prose, from textstat.

textstat 0.7.8 is pinned: later versions load NLTK data from the network at
run time. The chapter's grade and ease are textstat's, on the extracted
prose (extract.py) with one block a line. The hardest sentences are found by
splitting each block after . ! or ? followed by a space, and grading each
sentence alone (sentence_grade); that split is ours, because textstat counts
sentences but does not list them. ``prose_report`` prints the figures from
the build record, for `invoke check --report`.
"""

import functools
import re
from dataclasses import dataclass

import textstat

from guidelib import ERROR, WARNING, Problem

HARDEST = 3
COLUMNS = ("words", "sentences", "grade", "ease")
WORD_RE = re.compile(r"\w")
SENTENCE_END_RE = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?:\s+|$)")


@dataclass(frozen=True)
class Sentence:
    line: int
    text: str
    grade: float

    def as_dict(self):
        return {"line": self.line, "text": self.text, "grade": self.grade}


@dataclass(frozen=True)
class Reading:
    """How a chapter reads: textstat's figures on its prose, rounded to 0.1."""

    words: int
    sentences: int
    grade: float
    ease: float
    hardest: tuple = ()

    def as_dict(self):
        return {
            "words": self.words,
            "sentences": self.sentences,
            "grade": self.grade,
            "ease": self.ease,
            "hardest": [sentence.as_dict() for sentence in self.hardest],
        }


def sentences(block):
    """Each sentence of ``block`` as (line it starts on, text)."""
    start = 0
    for match in SENTENCE_END_RE.finditer(block.text):
        text = block.text[start : match.end()].strip()
        if text:
            yield block.line_at(start), text
        start = match.end()
    if block.text[start:].strip():
        yield block.line_at(start), block.text[start:].strip()


@functools.cache
def _word_syllables(token):
    """textstat's syllables of ``token``, or None when it is no word (no letter or digit)."""
    return textstat.syllable_count(token) if WORD_RE.search(token) else None


def warm_up():
    """Load textstat's pronouncing dictionary now, not at the first word counted.

    textstat loads the CMU dictionary the first time it counts syllables:
    over a second here, which a live preview would add to an author's first
    save (sitebuild.preview calls this while it waits).
    """
    textstat.syllable_count("ready")


def sentence_grade(text):
    """The Flesch-Kincaid formula on one sentence, with textstat's syllables per word.

    Counting each word once and remembering it keeps a 1,000-chapter build
    fast; textstat itself would count every word of every sentence again.
    """
    counts = [count for count in map(_word_syllables, text.split()) if count is not None]
    if not counts:
        return 0.0
    return round(0.39 * len(counts) + 11.8 * sum(counts) / len(counts) - 15.59, 1)


def measure(blocks):
    """The Reading of prose ``blocks`` (an empty text reads at grade 0)."""
    text = "\n".join(block.text for block in blocks)
    graded = [
        Sentence(line, sentence, sentence_grade(sentence))
        for block in blocks
        for line, sentence in sentences(block)
    ]
    hardest = sorted(graded, key=lambda sentence: (-sentence.grade, sentence.line))[:HARDEST]
    return Reading(
        words=textstat.lexicon_count(text),
        sentences=textstat.sentence_count(text),
        grade=round(textstat.flesch_kincaid_grade(text), 1) if text else 0.0,
        ease=round(textstat.flesch_reading_ease(text), 1) if text else 0.0,
        hardest=tuple(hardest),
    )


def grade_problem(path, reading, line, error_above, warning_above):
    """The Problem when ``reading`` is above a limit, else None.

    ``line`` is where the chapter can be found (its Title line).
    """
    if reading.grade > error_above:
        severity, setting, limit = ERROR, "PROSE_GRADE_ERROR", error_above
    elif reading.grade > warning_above:
        severity, setting, limit = WARNING, "PROSE_GRADE_WARNING", warning_above
    else:
        return None
    lines = list(dict.fromkeys(str(sentence.line) for sentence in reading.hardest))
    where = ", ".join(lines[:-1]) + f" and {lines[-1]}" if len(lines) > 1 else "".join(lines)
    return Problem(
        path,
        f"reading grade {reading.grade:g} is above {limit:g} ({setting}; "
        f"Flesch-Kincaid, on {reading.words} words of prose)",
        severity,
        line,
        f"use shorter sentences and everyday words; the hardest sentences "
        f"are on line{'s' if len(lines) > 1 else ''} {where} "
        f"(`invoke check --report` lists them)",
    )


def prose_report(record):
    """The table of each graded source's reading figures and its hardest sentences."""
    pages = [page for page in record.get("pages", []) if "prose" in page]
    if not pages:
        return "Reading grade: no chapter was measured in this build."
    limits = record["sections"]["prose"]
    width = max(len("source"), *(len(page["source"]) for page in pages))
    lines = [
        "Reading grade (Flesch-Kincaid, on the prose only): "
        f"warning above {limits['grade_warning']:g}, error above {limits['grade_error']:g}",
        "",
        f"{'source':<{width}}" + "".join(f"  {column:>9}" for column in COLUMNS),
    ]
    for page in pages:
        prose = page["prose"]
        lines.append(
            f"{page['source']:<{width}}"
            + "".join(
                f"  {prose[column]:>9}"
                if column in ("words", "sentences")
                else f"  {prose[column]:>9.1f}"
                for column in COLUMNS
            )
        )
    for page in pages:
        lines += ["", f"Hardest sentences in {page['source']}:"]
        for sentence in page["prose"]["hardest"]:
            lines.append(
                f"  {page['source']}:{sentence['line']}: grade {sentence['grade']:.1f}: "
                f"{sentence['text']}"
            )
    return "\n".join(lines)
