"""Strict, atomic builds of the site.

Strict: Pelican's own ``--fatal warnings`` stops at the first message, so an
author fixing a chapter would meet problems one build at a time. This runner
lets Pelican finish, collects every warning and error it logged (from Pelican
itself, from the theme and from our plugins) and fails afterwards, listing them
all.

Atomic: Pelican writes into a fresh directory beside the output directory. Only
when the build logged nothing worse than INFO is that directory renamed into
place; a failed build deletes it and leaves the site that was there untouched.

Usage: ``python -m sitebuild.build [--settings FILE] [--output DIR] [--cache]``.
"""

import argparse
import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings

from .preview import following, merge_into

logger = logging.getLogger(__name__)

CACHE_PATH = ".cache/pelican"

# A live preview rebuilds on every save: it keeps Pelican's content cache and
# leaves the whole-site audit to `invoke build` and `invoke check`. The safety
# blocks are still checked on every page, in the preview's own process: a
# second one is worth starting only when a build writes many pages.
# Its cache is not compressed either: a rebuild reads and writes it whole.
PREVIEW_OVERRIDES = {
    "SITE_AUDIT_ON_BUILD": False,
    "PAGE_BLOCKS_SECOND_PROCESS": False,
    "GZIP_CACHE": False,
    "CACHE_PATH": ".cache/preview",
}


# Pelican's messages that deserve a hint on how to fix them.
HINTS = {
    "Unable to find": (
        "check the path after {filename}: it is relative to the linking file's "
        "folder, or to content/ when it starts with '/'"
    ),
}


class _Collector(logging.Handler):
    """Keeps every record at WARNING or above that reached the root logger.

    Some of Pelican's warnings, such as a broken ``{filename}`` link, do not
    say which file they are about. While a content file is being processed it
    is ``self`` in a frame of the call stack, so the file is found there.
    """

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        record.source_path = _content_being_processed()
        self.records.append(record)


def _content_being_processed():
    frame = sys._getframe(2)
    while frame is not None:
        owner = frame.f_locals.get("self")
        path = getattr(owner, "source_path", None)
        if isinstance(path, str) and os.path.isfile(path):
            return path
        frame = frame.f_back
    return None


def _line_of(path, needle):
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if needle in line:
                return number
    return None


@dataclass
class BuildResult:
    output: Path
    problems: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self):
        return not self.problems


def _describe(record):
    """One line for a logged problem, with the cause when Pelican logged an exception."""
    message = record.getMessage()
    text = f"{record.levelname}: {message}"
    path = getattr(record, "source_path", None)
    if path:
        quoted = message.split("'")[1] if message.count("'") >= 2 else None
        line = _line_of(path, quoted) if quoted else None
        where = os.path.relpath(path) + (f":{line}" if line else "")
        text = f"{record.levelname}: {where}: {message}"
    if record.exc_info and record.exc_info[1] is not None:
        cause = record.exc_info[1]
        text += f": {type(cause).__name__}: {cause}"
    for start, hint in HINTS.items():
        if message.startswith(start):
            text += f" Fix: {hint}."
    return text


def _reset_pelican_log_filter():
    # Pelican drops a warning it has already shown in this process; a second
    # build in the same process (livereload) must see it again, or a problem
    # that is still there would pass unnoticed.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    # Pelican also shows a repeated warning only once (a broken link to the
    # same target from eight chapters would name one chapter); every
    # occurrence names another file, so all warnings are let through.
    LimitFilter.LOGS_DEDUP_MIN_LEVEL = logging.INFO


def _swap_into_place(new, output):
    old = None
    if output.exists():
        old = output.with_name(f".{output.name}.old-{os.getpid()}")
        output.rename(old)
    new.rename(output)
    if old is not None:
        shutil.rmtree(old)


def build(settings_file="pelicanconf.py", output="output", cache=False, overrides=None, plan=None):
    """Build the site into ``output``; return a BuildResult listing any problems.

    ``output`` is replaced only when the build logged no warning or error.
    A live preview's ``plan`` (sitebuild.preview) may have the build write only
    some pages; those then replace their old copies in ``output``.
    """
    started = time.perf_counter()
    output = Path(output).resolve()
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    _reset_pelican_log_filter()
    staging = output.with_name(f".{output.name}.new-{os.getpid()}")
    created = False
    try:
        # Settings first: a settings file that stops (publishconf.py without
        # SITEURL, say) does so before anything is written.
        settings = read_settings(
            settings_file,
            override={
                "OUTPUT_PATH": str(staging),
                "DELETE_OUTPUT_DIRECTORY": False,
                "CACHE_CONTENT": cache,
                "LOAD_CONTENT_CACHE": cache,
                "CACHE_PATH": CACHE_PATH,
                # Pelican attaches the exception to "Could not process <file>"
                # only in debug mode; without it the author would not see why.
                "DEBUG": True,
                **(overrides or {}),
            },
        )
        shutil.rmtree(staging, ignore_errors=True)  # left by a build that was killed
        staging.mkdir(mode=0o755, parents=True)
        created = True
        with following(plan):
            Pelican(settings).run()
    except (Exception, SystemExit) as error:  # noqa: BLE001 - any failure must fail the build, with its message
        logger.error("%s: %s", type(error).__name__, error)
    finally:
        root.removeHandler(collector)

    problems = [_describe(record) for record in collector.records]
    if problems:
        if created:
            shutil.rmtree(staging, ignore_errors=True)
    elif plan is not None and not plan.everything and output.is_dir():
        merge_into(staging, output)
        shutil.rmtree(staging)
    else:
        _swap_into_place(staging, output)
    return BuildResult(output, problems, time.perf_counter() - started)


def report(result, stream=sys.stderr):
    """Tell the author how the build went; return the process exit code."""
    if result.ok:
        print(f"Built {result.output} in {result.seconds:.2f} s.", file=stream)
        return 0
    count = len(result.problems)
    print(f"\nBuild failed: {count} problem{'s' if count != 1 else ''}.", file=stream)
    for problem in result.problems:
        print(f"  {problem}", file=stream)
    print(
        f"Nothing was published: {result.output} is unchanged. "
        "Fix the problems above and build again.",
        file=stream,
    )
    return 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("--cache", action="store_true", help="use Pelican's content cache")
    parser.add_argument("--verbose", action="store_true", help="show every file written")
    args = parser.parse_args(argv)
    # Problems are listed once, at the end; while building only progress is shown.
    handler = logging.StreamHandler()
    handler.setLevel(logging.INFO if args.verbose else logging.CRITICAL + 1)
    logging.basicConfig(level=logging.INFO, format="%(message)s", handlers=[handler])
    return report(build(args.settings, args.output, cache=args.cache))


if __name__ == "__main__":
    sys.exit(main())
