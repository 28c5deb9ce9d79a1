"""All the prose checks of one Markdown source, and the Pelican handlers around them.

``check_source`` is a pure function of a source's text. The handlers report
on each Markdown source once, when its generator has finished reading
(``article_generator_finalized``, ``page_generator_finalized``): unlike
``content_object_init`` these run on every build, also for content that a
live preview loaded from the content cache. A large build, when a core is
spare, hands each source to a worker process as soon as Pelican has read it
(``content_object_init``), so that the checks run while Pelican reads the rest
(guidelib.worker).
"""

import logging
import os
from dataclasses import dataclass

from pelican.contents import Article

from guidelib import ERROR, MARKDOWN_SUFFIXES, contents_of, field_lines, relative
from guidelib.worker import Worker
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
# Checks sources in a second process while Pelican reads (guidelib.worker).
_worker = Worker("prose")
# The text of each source as read when Pelican had just read it, this build.
_texts = {}


def initialized(pelican):
    """Check the settings and the rules file; either stops the build when bad."""
    _worker.close()
    _texts.clear()
    config = read_config(pelican.settings)
    rules = load_rules(os.path.abspath(os.path.join(pelican.settings["PATH"], config.rules_file)))
    _state.clear()
    _state.update(config=config, rules=rules)


def _read(path):
    with open(path, encoding="utf-8-sig") as handle:
        return handle.read()


def _made_from(source, kind):
    """What a source's report is made from: its text, the rules and its limits, if graded."""
    config = _state["config"]
    graded = Limits(config.grade_error, config.grade_warning) if kind in config.graded else None
    return (source, _state["rules"], graded)


def hand_to_worker(content):
    """Give a source Pelican has just read to the worker, unless its report is known."""
    path = content.source_path
    if "rules" not in _state or not path or not path.endswith(MARKDOWN_SUFFIXES):
        return
    try:
        source = _texts[path] = _read(path)
    except OSError:
        return  # the generator's handler below reports it
    # Pelican's articles are Articles; a guess only: a wrong one is checked again.
    made_from = _made_from(source, "articles" if isinstance(content, Article) else "pages")
    cached = _reports.get(path)
    if _state["config"].worker and (cached is None or cached[0] != made_from):
        _worker.add((path, made_from), check_source, relative(path), *made_from)


def report_problems(problems):
    """Errors fail the build; warnings go to the record for `invoke check`."""
    for problem in problems:
        if problem.severity == ERROR:
            problem.log(logger)
        else:
            add_problem(problem)


def check_generator(generator, kind):
    config = _state["config"]
    note("prose", {"grade_error": config.grade_error, "grade_warning": config.grade_warning})
    for content in contents_of([generator]):
        path = content.source_path
        if not path or not path.endswith(MARKDOWN_SUFFIXES):
            continue
        source = _texts.pop(path, None)
        made_from = _made_from(source if source is not None else _read(path), kind)
        cached = _reports.get(path)
        if cached is not None and cached[0] == made_from:
            result = cached[1]
        else:
            result = _worker.report((path, made_from))
            if result is None:
                result = check_source(relative(path), *made_from)
            _reports[path] = (made_from, result)
        report_problems(result.problems)
        if result.reading is not None:
            note_page(content, prose=result.reading.as_dict())


def article_generator_finalized(generator):
    check_generator(generator, "articles")


def page_generator_finalized(generator):
    check_generator(generator, "pages")


def all_generators_finalized(generators):
    _worker.close()
