"""Uncited research claims: findings are caught, plain advice is not, a citation settles it.

The examples are sentences from the guide's chapters.
"""

import pytest

from plugins.prose import Limits, check_source, extract, finding, prose, uncited_claims

PATH = "content/chapters/01-x.md"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("About 12% of later cases might have been prevented.", "12%"),
        ("Cases fell by 12 per cent.", "12 per cent"),
        ("The 95% CI ran from 0.79 to 1.43.", "95% CI"),
        ("The confidence interval was wide.", "confidence interval"),
        ("The SMD was 1.11.", "SMD"),
        ("A standardised mean difference of 1.11.", "standardised mean difference"),
        ("It lifted BDNF by a moderate amount (Hedges' g 0.46).", "Hedges' g"),
        ("The rise was stronger (g = 0.58).", "g = 0"),
        ("People who did no exercise had higher odds of depression.", "odds"),
        ("The odds ratio was 1.4.", "odds ratio"),
        ("Those reviews covered 1,039 trials and 128,000 people.", "1,039 trials"),
        ("It followed 156 adults for a year.", "156 adults"),
        ("One overview gathered 97 systematic reviews.", "97 systematic reviews"),
        ("A large study in Norway tracked adults over 11 years.", "A large study"),
        ("This was an observational study.", "an observational study"),
        ("Newer studies could shift the estimate.", "studies"),
        ("People in these trials who exercised improved more.", "trials"),
        ("One meta-analysis pooled the results.", "meta-analysis"),
        ("A Cochrane review found a moderate benefit.", "review found"),
        ("Research shows that movement eases low mood.", "Research shows"),
        ("Researchers found a link with later depression.", "Researchers found"),
    ],
)
def test_a_research_finding_is_recognised(text, found):
    assert finding(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Start with 5 to 10 minutes, on as many days as you can manage.",
        "Walk to the end of your street, or dance to one song.",
        "Guidelines are a goal for later, not a rule for now.",
        "You can no longer manage work, study, caring for others or looking after yourself.",
        "Finding what suits you is a matter of trial and error.",
        "This chapter lays out what the research shows, in plain words.",
        "Tell whoever supports your care: a family doctor, nurse or therapist.",
        "Call 999 or 112, or text SHOUT to 85258.",
        "Two people you trust can help you keep going.",
    ],
)
def test_plain_advice_is_not_a_finding(text):
    assert finding(text) is None


def test_an_uncited_finding_is_a_warning_on_its_paragraphs_first_line():
    source = "Title: T\n\nWalk a little.\n\nOne large study followed\n156 adults for 11 years.\n"
    (problem,) = uncited_claims(PATH, prose(extract(source)))
    assert str(problem) == (
        f'{PATH}:5: research finding with no citation ("One large study"). Cite the '
        "source in this paragraph, e.g. [@key], or rephrase it as plain advice without "
        "the finding."
    )
    assert problem.severity == "warning"


@pytest.mark.parametrize(
    "cited",
    [
        "One large study followed 156 adults [@harvey2018].",
        "In @harvey2018, a large study followed 156 adults.",
        "A large study followed 156 adults [see @harvey2018, p. 3; @singh2023].",
    ],
)
def test_a_cited_finding_is_not_reported(cited):
    assert uncited_claims(PATH, prose(extract(cited))) == []


def test_each_list_item_is_checked_on_its_own():
    source = "- Walk a little.\n- One trial found a benefit.\n- A trial found more [@a].\n"
    assert [p.line for p in uncited_claims(PATH, prose(extract(source)))] == [2]


def test_a_cited_lead_in_covers_its_list_of_findings():
    source = "A meta-analysis found the following [@szuhany2015]:\n\n- a rise (Hedges' g 0.46);\n"
    assert uncited_claims(PATH, prose(extract(source))) == []


def test_findings_in_code_headings_and_urls_are_not_claims():
    source = (
        "## What 97 reviews found\n\n"
        "Type `12% of 156 adults` here, or see https://example.org/study-trial.\n"
    )
    assert uncited_claims(PATH, prose(extract(source))) == []


def test_a_comment_does_not_silence_the_check():
    source = "<!-- uncited: ok -->\nOne trial found a benefit. <!-- ok -->\n"
    problems = check_source(PATH, source, (), Limits(error=20, warning=20)).problems
    assert [(p.line, p.message) for p in problems] == [
        (2, 'research finding with no citation ("trial")')
    ]


def test_pages_without_limits_get_no_claim_check():
    source = "One trial found a benefit.\n"
    assert check_source("content/pages/about.md", source, (), None).problems == ()
