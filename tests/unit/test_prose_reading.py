"""Reading grade: the figures, the error and the warning with their exact messages, the report."""

from plugins.prose import Limits, check_source, extract, measure, prose, prose_report

PATH = "content/chapters/01-hard.md"

HARD = """\
Slug: hard
Title: A hard chapter

Considerable physiological adaptations accompany sustained cardiovascular conditioning.

Walk a bit.

Intermittent participation nevertheless contributes measurable psychological improvements.
"""

EASY = """\
Title: An easy chapter

Walk to the door. Then sit down for a bit. You can rest now.

- Go out for a walk
- Come back home
"""


def grade_problems(source, limits):
    return [
        str(problem)
        for problem in check_source(PATH, source, (), limits).problems
        if "reading grade" in problem.message
    ]


def test_the_figures_are_textstats_on_the_prose_with_the_three_hardest_sentences():
    reading = measure(prose(extract(HARD)))
    assert (reading.words, reading.sentences, reading.grade, reading.ease) == (17, 3, 29.7, -107.5)
    assert [(s.line, s.grade) for s in reading.hardest] == [(4, 39.4), (8, 34.3), (6, -2.6)]
    assert reading.hardest[0].text == (
        "Considerable physiological adaptations accompany sustained cardiovascular conditioning."
    )


def test_front_matter_headings_and_code_do_not_change_the_grade():
    padded = HARD.replace(
        "Walk a bit.",
        "## Extraordinarily incomprehensible terminology\n\n"
        "```\nunquestionably_unintelligible_identifier()\n```\n\nWalk a bit.",
    )
    assert measure(prose(extract(padded))).grade == measure(prose(extract(HARD))).grade


def test_above_the_error_limit_fails_with_the_title_line_and_the_hardest_lines():
    assert grade_problems(HARD, Limits(error=9, warning=7)) == [
        f"{PATH}:2: reading grade 29.7 is above 9 (PROSE_GRADE_ERROR; Flesch-Kincaid, "
        "on 17 words of prose). Use shorter sentences and everyday words; the hardest "
        "sentences are on lines 4, 8 and 6 (`invoke check --report` lists them)."
    ]
    (problem,) = check_source(PATH, HARD, (), Limits(error=9, warning=7)).problems
    assert problem.severity == "error"


def test_between_the_limits_is_a_warning():
    (problem,) = check_source(PATH, HARD, (), Limits(error=30, warning=20)).problems
    assert (problem.severity, problem.line, problem.message) == (
        "warning",
        2,
        "reading grade 29.7 is above 20 (PROSE_GRADE_WARNING; Flesch-Kincaid, "
        "on 17 words of prose)",
    )


def test_at_or_below_the_limits_there_is_no_problem():
    assert grade_problems(HARD, Limits(error=30, warning=29.7)) == []
    assert grade_problems(EASY, Limits(error=9, warning=7)) == []


def test_the_hardest_sentences_name_each_line_once():
    (problem,) = check_source(PATH, EASY, (), Limits(error=1, warning=-5)).problems
    assert problem.hint.startswith(
        "use shorter sentences and everyday words; the hardest sentences are on lines 3 and 5 "
    )


def test_without_limits_a_source_is_not_graded():
    report = check_source("content/pages/about.md", HARD, (), None)
    assert (report.problems, report.reading) == ((), None)


def test_the_report_lists_each_chapter_and_its_hardest_sentences():
    record = {
        "sections": {"prose": {"grade_error": 9, "grade_warning": 7}},
        "pages": [
            {"source": "content/about.md"},
            {"source": PATH, "prose": measure(prose(extract(HARD))).as_dict()},
        ],
    }
    assert prose_report(record) == (
        "Reading grade (Flesch-Kincaid, on the prose only): warning above 7, error above 9\n"
        "\n"
        "source                           words  sentences      grade       ease\n"
        "content/chapters/01-hard.md         17          3       29.7     -107.5\n"
        "\n"
        "Hardest sentences in content/chapters/01-hard.md:\n"
        "  content/chapters/01-hard.md:4: grade 39.4: Considerable physiological adaptations "
        "accompany sustained cardiovascular conditioning.\n"
        "  content/chapters/01-hard.md:8: grade 34.3: Intermittent participation nevertheless "
        "contributes measurable psychological improvements.\n"
        "  content/chapters/01-hard.md:6: grade -2.6: Walk a bit."
    )


def test_the_report_says_when_nothing_was_measured():
    assert prose_report({"sections": {}, "pages": []}) == (
        "Reading grade: no chapter was measured in this build."
    )


def test_warm_up_loads_the_pronouncing_dictionary_before_any_word_is_counted():
    from textstat.backend.utils._get_cmudict import get_cmudict

    import plugins.prose

    get_cmudict.cache_clear()
    plugins.prose.warm_up()
    assert get_cmudict.cache_info().currsize == 1
