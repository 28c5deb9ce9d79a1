"""``python -m site_audit OUTPUT_DIR``: check a built site and report.

Prints one line per problem, errors then warnings, and a summary. Exits 1 on
any error (or any warning with --strict), 2 when it cannot run at all.
"""

import argparse
import importlib
import sys
import time
from pathlib import Path

from .audit import AuditConfig, audit
from .external import ExternalConfig, check_external
from .problems import exit_status, format_report


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


def parser():
    defaults, external = AuditConfig(), ExternalConfig()
    p = argparse.ArgumentParser(prog="python -m site_audit", description=__doc__.splitlines()[0])
    p.add_argument("output", type=Path, help="the built site (Pelican's output directory)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument(
        "--site-url",
        default=defaults.site_url,
        help="the site's absolute URL (SITEURL); links to it count as internal",
    )
    p.add_argument(
        "--base-path",
        default=defaults.base_path,
        help="URL path the site is served under, for root-relative links",
    )
    p.add_argument(
        "--chapters",
        default=defaults.chapters,
        help="glob of chapter pages, relative to the output (default %(default)s)",
    )
    p.add_argument(
        "--warning-source",
        dest="sources",
        action="append",
        default=[],
        type=load_source,
        metavar="MODULE:FUNCTION",
        help="callable returning (path, message) warnings; may be repeated",
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
        type=float,
        default=external.cache_days,
        help="days a working link stays cached (default %(default)s)",
    )
    group.add_argument(
        "--workers",
        type=int,
        default=external.workers,
        help="requests in flight at once (default %(default)s)",
    )
    group.add_argument(
        "--host-interval",
        type=float,
        default=external.host_interval,
        help="seconds between requests to one host (default %(default)s)",
    )
    group.add_argument(
        "--timeout",
        type=float,
        default=external.timeout,
        help="seconds to wait for an answer (default %(default)s)",
    )
    group.add_argument(
        "--retries",
        type=int,
        default=external.retries,
        help="retries after 429, 5xx or a timeout (default %(default)s)",
    )
    return p


def main(argv=None, warning_sources=(), out=None):
    """Run the check; return the exit status. ``warning_sources`` adds callables."""
    out = out or sys.stdout
    args = parser().parse_args(argv)
    if not args.output.is_dir():
        print(
            f"site_audit: {args.output} is not a directory; build the site first", file=sys.stderr
        )
        return 2
    started = time.perf_counter()
    config = AuditConfig(site_url=args.site_url, base_path=args.base_path, chapters=args.chapters)
    result = audit(args.output, config, [*warning_sources, *args.sources])
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
