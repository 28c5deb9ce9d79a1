"""``python -m plugins.site_audit OUTPUT_DIR``: check a built site and report.

The check reads what the build recorded beside the site
(``OUTPUT_DIR.record.json``, see plugins.build_record): the blocks every
page must carry, the checks other plugins added to every page
(page_checks.py), the audit's settings and the content warnings the build
found. It never reads content/. A missing or stale record stops it with
how to fix that; ``--no-record`` checks any folder of HTML on its own.

Prints one line per problem, errors then warnings, and a summary. Exits 1 on
any error (or any warning with --strict), 2 when it cannot run at all.
"""

import argparse
import importlib
import sys
import time
from functools import partial
from pathlib import Path

from guidelib import Problem, exit_status, format_report
from plugins.build_record import RecordError, read_record, record_path

from .audit import AuditConfig, audit
from .blocks import Block
from .external import ExternalConfig, check_external
from .page_checks import load_page_checks


def load_source(spec):
    """Import "package.module:function" and return the function."""
    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        raise argparse.ArgumentTypeError(f"{spec!r} is not MODULE:FUNCTION")
    try:
        target = importlib.import_module(module_name)
        for part in attribute.split("."):
            target = getattr(target, part)
    except (ImportError, AttributeError) as error:
        raise argparse.ArgumentTypeError(f"cannot load warning source {spec!r}: {error}") from None
    return target


def at_least(minimum, kind, strictly=False):
    """An argparse type: a ``kind`` number no smaller than ``minimum`` (above it, ``strictly``)."""

    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value < minimum or (strictly and value == minimum):
            bound = f"more than {minimum}" if strictly else f"{minimum} or more"
            raise argparse.ArgumentTypeError(f"{text!r} is too small: give {bound}")
        return value

    return parse


def parser():
    defaults, external = AuditConfig(), ExternalConfig()
    p = argparse.ArgumentParser(
        prog="python -m plugins.site_audit", description=__doc__.splitlines()[0]
    )
    p.add_argument("output", type=Path, help="the built site (Pelican's output directory)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument(
        "--no-record",
        action="store_true",
        help="check a folder the build did not record (no required blocks or content warnings)",
    )
    p.add_argument(
        "--require-block",
        dest="blocks",
        action="append",
        default=[],
        metavar="ID",
        help="with --no-record: every page must hold one non-empty element with this id",
    )
    p.add_argument(
        "--site-url",
        default=None,
        help="the site's absolute URL (default: SITEURL as the build recorded it); "
        "links to it count as internal",
    )
    p.add_argument(
        "--base-path",
        default=defaults.base_path,
        help="URL path the site is served under, for root-relative links",
    )
    p.add_argument(
        "--chapters",
        default=None,
        help=f"glob of chapter pages, relative to the output (default: as recorded, or "
        f"{defaults.chapters})",
    )
    p.add_argument(
        "--warning-source",
        dest="sources",
        action="append",
        default=[],
        type=load_source,
        metavar="MODULE:FUNCTION",
        help="callable taking the build record and returning Problems; may be repeated",
    )
    group = p.add_argument_group("outbound links (--external)")
    group.add_argument("--external", action="store_true", help="also check outbound links")
    group.add_argument(
        "--cache",
        type=Path,
        default=external.cache_path,
        help="cache file of working links (default %(default)s)",
    )
    group.add_argument(
        "--cache-days",
        type=at_least(0, float),
        default=external.cache_days,
        help="days a working link stays cached (default %(default)s)",
    )
    group.add_argument(
        "--workers",
        type=at_least(1, int),
        default=external.workers,
        help="requests in flight at once (default %(default)s)",
    )
    group.add_argument(
        "--host-interval",
        type=at_least(0, float),
        default=external.host_interval,
        help="seconds between requests to one host (default %(default)s)",
    )
    group.add_argument(
        "--timeout",
        type=at_least(0, float, strictly=True),
        default=external.timeout,
        help="seconds to wait for an answer (default %(default)s)",
    )
    group.add_argument(
        "--retries",
        type=at_least(0, int),
        default=external.retries,
        help="retries after 429, 5xx or a timeout (default %(default)s)",
    )
    return p


def check_built_site(
    output,
    warning_sources=(),
    *,
    record=True,
    site_url=None,
    chapters=None,
    blocks=(),
    base_path=AuditConfig.base_path,
):
    """Audit the site in ``output`` with what its build recorded; return the AuditResult.

    Raises RecordError when ``record`` is true and the record is missing or
    stale. ``warning_sources`` are callables taking the record and returning
    Problems. The other arguments override what the build recorded.
    """
    data = read_record(output) if record else {"sections": {}, "problems": []}
    recorded = data["sections"].get("audit", {})
    defaults = AuditConfig()
    required = [Block(**block) for block in data["sections"].get("required_blocks", [])]
    required += [Block(block_id, f'the block "{block_id}"', "") for block_id in blocks]
    names = data["sections"].get("page_checks", [])
    try:
        checks = load_page_checks(names)
    except (ImportError, AttributeError) as error:
        raise RecordError(
            [
                Problem(
                    str(record_path(output)),
                    f"the build record names a page check that cannot be imported ({error})",
                    hint="build the site again with this version of the plugins",
                )
            ]
        ) from None
    config = AuditConfig(
        site_url=site_url if site_url is not None else recorded.get("site_url", ""),
        base_path=base_path,
        chapters=chapters or recorded.get("chapters", defaults.chapters),
        chapter_exclude=tuple(recorded.get("chapter_exclude", defaults.chapter_exclude)),
        collections=tuple(recorded.get("collections", defaults.collections)),
        blocks=tuple(required),
        page_checks=checks,
    )
    problems = [Problem(**problem) for problem in data["problems"]]
    sources = [partial(source, data) for source in warning_sources]
    return audit(output, config, [lambda: problems, *sources])


def main(argv=None, warning_sources=(), out=None):
    """Run the check; return the exit status.

    ``warning_sources`` are callables taking the build record and returning
    Problems (reviews due, helplines to verify: warnings that depend on the
    day the check runs).
    """
    out = out or sys.stdout
    args = parser().parse_args(argv)
    if not args.output.is_dir():
        print(
            f"site_audit: {args.output} is not a directory; build the site first", file=sys.stderr
        )
        return 2
    started = time.perf_counter()
    try:
        result = check_built_site(
            args.output,
            [*warning_sources, *args.sources],
            record=not args.no_record,
            site_url=args.site_url,
            chapters=args.chapters,
            blocks=args.blocks,
            base_path=args.base_path,
        )
    except RecordError as error:
        for problem in error.problems:
            print(f"site_audit: {problem}", file=sys.stderr)
        return 2
    problems = list(result.problems)
    if args.external:
        problems.extend(
            check_external(
                result.outbound,
                ExternalConfig(
                    cache_path=args.cache,
                    cache_days=args.cache_days,
                    workers=args.workers,
                    host_interval=args.host_interval,
                    timeout=args.timeout,
                    retries=args.retries,
                ),
            )
        )
    print(format_report(problems, result.pages, time.perf_counter() - started), file=out)
    return exit_status(problems, strict=args.strict)
