"""Uncited research claims: a block of prose that states a finding and cites nothing.

A finding is recognised by its form, with regular expressions tuned on the
guide's chapters: a percentage, a confidence interval, an effect size or
odds, a count of participants, trials or studies, or the words research uses
to report (a study, a trial, a meta-analysis, "a review found", "research
shows"). Plain advice ("walk for 10 minutes", "a review of your medicine
with your doctor") has none of these. There is no marker to silence the
check: cite the source in the same paragraph or list item, or rephrase.
"""

import re

from guidelib import WARNING, Problem

COUNTED = (
    r"participants|trials|studies|people|adults|reviews|patients|women|men|"
    r"children|adolescents|volunteers|subjects|cases|respondents|cohorts"
)
NUMBER = r"\d[\d,.]*\d|\d"
DETERMINERS = r"a|an|the|this|that|one|each|another|such|its|their|our"
REPORTS = r"(?:found|finds|show|shows|showed|shown|suggest|suggests|suggested|reported)\b"

FINDING_RE = re.compile(
    "|".join(
        [
            r"\b(?:\d+\s?%\s?)?CI\b|\bconfidence\s+intervals?\b",
            # 12%, 12 %, 12 per cent
            rf"(?:{NUMBER})\s?(?:%|per\s?cent\b)",
            r"\bSMD\b|\bstandardi[sz]ed\s+mean\s+differences?\b|\beffect\s+sizes?\b",
            r"\bHedges'?\s*g\b|\b[gd]\s*=\s*-?\d",
            r"\b(?:odds|hazard|risk)\s+ratios?\b|\bodds\b|\brelative\s+risk\b",
            # 1,039 trials; 156 adults; 97 systematic reviews
            rf"\b(?:{NUMBER})\s+(?:[a-z-]+\s+){{0,2}}?(?:{COUNTED})\b",
            # "a study", "the Norwegian study", "a study found"; not "work, study"
            rf"\b(?:{DETERMINERS})\s+(?:[\w-]+\s+){{0,2}}?study\b|\bstudy\s+(?:{REPORTS})",
            r"\bstudies\b|\btrials\b|\btrial\b(?!\s+and\s+error)|\bmeta-?analys[ie]s\b",
            # "a review found", "research shows"; not "what the research shows"
            r"(?<!what\s)(?<!what\sthe\s)\b(?:reviews?|research|researchers|evidence)\s+"
            rf"(?:has\s+|have\s+)?(?:{REPORTS})",
        ]
    ),
    re.IGNORECASE,
)


# Every form of FINDING_RE holds one of these (in lower case): a digit, "=",
# or a word. Most prose holds none, and looking for them is much quicker than
# the pattern. Only for ASCII text, where lower() folds case as the pattern's
# IGNORECASE does.
NEEDED = (*"0123456789=", "ci", "confidence", "smd", "standardi", "effect", "hedges", "odds",
          "hazard", "risk", "relative", "stud", "trial", "meta", "review", "research",
          "evidence")  # fmt: skip


def finding(text):
    """The words in ``text`` that state a research finding, or None."""
    if text.isascii():
        lower = text.lower()
        if not any(needed in lower for needed in NEEDED):
            return None
    match = FINDING_RE.search(text)
    return match.group(0) if match else None


def uncited_claims(path, blocks):
    """A warning for each prose block that states a finding and carries no citation."""
    problems = []
    for block in blocks:
        found = None if block.cited else finding(block.text)
        if found:
            problems.append(
                Problem(
                    path,
                    f'research finding with no citation ("{found}")',
                    WARNING,
                    block.line,
                    "cite the source in this paragraph, e.g. [@key], or rephrase it "
                    "as plain advice without the finding",
                )
            )
    return problems
