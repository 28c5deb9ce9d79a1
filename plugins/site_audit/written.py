"""The checks of one written page, as a pure function: in the main process or in a worker.

``check_written`` takes the bytes of a page the build has just written (read
then, so that what is checked is the page as written) and returns what the
build needs to know of it: each required block the page lacks, repeats
or leaves empty (blocks.py) and, when the whole-site audit is on, its
PageFacts (pages.py, with the checks other plugins added) and its size. It
needs nothing but its arguments, all of which pickle, so on a build that
writes many pages plugin.py hands each page to a worker process
(guidelib.worker) while Pelican writes the next ones.
"""

from dataclasses import dataclass

from .blocks import block_problems
from .page_checks import run_page_checks
from .pages import parse_page, scan_tree


@dataclass(frozen=True)
class WrittenPage:
    """What one written page told the checks."""

    missing: tuple  # (Block, what is wrong, line) for each block not as required
    facts: object = None  # its PageFacts, when it was scanned for the audit
    size: int = 0


def check_written(data, page, blocks, scan, chapter_exclude, checks):
    """Check the page ``page`` (relative to the output) whose bytes are ``data``.

    ``scan`` asks for the audit's PageFacts too; ``chapter_exclude`` is the
    selectors left out of a chapter's markup weight, or None for a page that
    is not a chapter.
    """
    try:
        root = parse_page(data)
    except ValueError:
        root = None  # the audit reads it again and reports why it cannot be parsed
    missing = tuple(block_problems(page, root, blocks))
    facts = None
    if scan and root is not None:
        facts = scan_tree(page, root, chapter_exclude)
        facts.problems.extend(run_page_checks(page, root, checks))
    return WrittenPage(missing, facts, len(data))
