"""All the prose checks of one Markdown source, and the Pelican handlers around them.

``check_source`` is a pure function of a source's text. The handlers read
each Markdown source once, when its generator has finished reading
(``article_generator_finalized``, ``page_generator_finalized``): unlike
``content_object_init`` these run on every build, also for content that a
live preview loaded from the content cache.
"""

import logging
import os
from dataclasses import dataclass

from guidelib import ERROR, MARKDOWN_SUFFIXES, contents_of, field_lines, relative
from plugins.build_record import add_problem, note, note_page

from .claims import uncited_claims
from .extract import extract, prose
from .reading import grade_problem, measure
from .rules import load_rules, rule_problems
from .settings import read_config

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """The reading-grade limits: above ``error`` fails, above ``warning`` warns."""

    error: float
    warning: float


@dataclass(frozen=True)
class SourceReport:
    problems: tuple
    reading: object = None  # a reading.Reading, for graded sources only


def check_source(path, source, rules, limits=None):
    """Check the Markdown ``source`` of the file at ``path``.

    Every source gets the editorial ``rules``. With ``limits`` (a chapter), it
    also gets the reading grade and the uncited-claim check.
    """
    blocks = extract(source)
    problems = rule_problems(path, blocks, rules)
    reading = None
    if limits is not None:
        reading = measure(prose(blocks))
        title_line = field_lines(source).get("title", 1)
        graded = grade_problem(path, reading, title_line, limits.error, limits.warning)
        problems += [graded] if graded else []
        problems += uncited_claims(path, prose(blocks))
    return SourceReport(tuple(sorted(problems, key=lambda p: (p.line or 0, p.message))), reading)


# What the build read at start-up: the settings and the rules.
_state = {}
# The last report of each source, with what it was made from: a live preview
# rebuilds in the same process and checks again only the sources that changed.
_reports = {}


def initialized(pelican):
    """Check the settings and the rules file; either stops the build when bad."""
    config = read_config(pelican.settings)
    rules = load_rules(os.path.abspath(os.path.join(pelican.settings["PATH"], config.rules_file)))
    _state.clear()
    _state.update(config=config, rules=rules)


def report_problems(problems):
    """Errors fail the build; warnings go to the record for `invoke check`."""
    for problem in problems:
        if problem.severity == ERROR:
            problem.log(logger)
        else:
            add_problem(problem)


def check_generator(generator, kind):
    config = _state["config"]
    limits = Limits(config.grade_error, config.grade_warning)
    note("prose", {"grade_error": config.grade_error, "grade_warning": config.grade_warning})
    for content in contents_of([generator]):
        path = content.source_path
        if not path or not path.endswith(MARKDOWN_SUFFIXES):
            continue
        with open(path, encoding="utf-8-sig") as handle:
            source = handle.read()
        graded = limits if kind in config.graded else None
        made_from = (source, _state["rules"], graded)
        cached = _reports.get(path)
        if cached is not None and cached[0] == made_from:
            result = cached[1]
        else:
            result = check_source(relative(path), source, _state["rules"], graded)
            _reports[path] = (made_from, result)
        report_problems(result.problems)
        if result.reading is not None:
            note_page(content, prose=result.reading.as_dict())


def article_generator_finalized(generator):
    check_generator(generator, "articles")


def page_generator_finalized(generator):
    check_generator(generator, "pages")
