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
import hashlib
import importlib.metadata
import logging
import os
import re
import shutil
import sys
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from blinker import Signal
from pelican import Pelican
from pelican.contents import Content
from pelican.log import LimitFilter
from pelican.plugins import signals
from pelican.settings import read_settings
from pelican.utils import memoized

import guidelib
import plugins
from guidelib import (
    ERROR,
    WARNING,
    Problem,
    ProblemsError,
    kept,
    line_of,
    relative,
    set_site_folder,
)
from guidelib.settings import SETTINGS_FILE
from plugins import build_record
from plugins.build_record import record_path

from .staging import prepare_staging, staging_folder

logger = logging.getLogger(__name__)

CACHE_PATH = ".cache/pelican"


def code_version():
    """A digest of the code that turns content into pages.

    Pelican's content cache knows each source file by its time stamp only, so
    a cache written by other code (a plugin changed, Pelican, Python-Markdown
    or strictyaml upgraded) would give that code's HTML, records and parsed
    data files (guidelib.kept). Each version of the
    code has a cache folder of its own (``cache_folder``).
    """
    digest = hashlib.sha1(usedforsecurity=False)
    for name in ("pelican", "markdown", "strictyaml"):
        digest.update(f"{name} {importlib.metadata.version(name)}\n".encode())
    for package in (plugins, guidelib):
        folder = Path(package.__file__).parent
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_folder(base):
    """``base`` with the code's version, e.g. .cache/pelican-1a2b3c4d5e6f."""
    return f"{base}-{code_version()}"


# A cache folder's name: the base's, a hyphen and the code's version.
VERSIONED = re.compile(r"(.+)-[0-9a-f]{12}")


def prune_cache_folders(current, keep=1):
    """Remove the cache folders of earlier code versions but the ``keep`` newest; return them.

    ``current`` is this build's folder (``cache_folder``), as Pelican resolved
    it. Each edit of a plugin makes a new folder; without this, an author who
    edits the code for a day would keep a cache per edit. The newest earlier
    one stays, so switching between two branches keeps both.
    """
    parent, name = os.path.split(os.path.abspath(current))
    base = VERSIONED.fullmatch(name)
    try:
        entries = list(os.scandir(parent)) if base else []
    except FileNotFoundError:
        return []

    def earlier(entry):
        other = VERSIONED.fullmatch(entry.name)
        return (
            entry.name != name
            and other is not None
            and other.group(1) == base.group(1)
            and entry.is_dir(follow_symlinks=False)
        )

    found = sorted(filter(earlier, entries), key=lambda e: e.stat().st_mtime_ns, reverse=True)
    removed = [entry.path for entry in found[keep:]]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


# Pelican's messages that deserve a hint on how to fix them.
HINTS = {
    "Unable to find": (
        "check the path after {filename}: it is relative to the linking file's "
        "folder, or to content/ when it starts with '/'"
    ),
    "Empty alt attribute": (
        'say in the alt text what the image shows, e.g. <img src="..." alt="A person walking">'
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
        record.source_path = _content_being_processed() or _file_named_in(record)
        self.records.append(record)


def _file_named_in(record):
    # Some are logged where no content object is at hand (Pelican's "Empty
    # alt attribute for image x in <file>", from its readers), but name the
    # file among their arguments.
    arguments = record.args if isinstance(record.args, tuple) else ()
    return next((arg for arg in arguments if isinstance(arg, str) and os.path.isfile(arg)), None)


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


# Pelican's warnings about several files with one slug (pelican/utils.py):
# the first names the same files as the second, which says what they share.
SAME_LANG = 'There are %s items "%s" with lang %s'
SAME_SLUG = "There are %s original (not translated) items %s"
SLUG_HINT = "give each file its own Slug"


def _shared_slug(record):
    """Pelican's duplicate-slug warning as one Problem naming both files."""
    count, shared, *paths = record.args
    paths = sorted(paths)
    first, *others = [relative(path) for path in paths]
    what = shared.removeprefix("with ")
    return Problem(
        others[0] if others else first,
        f"{what} is also used by {first}"
        + (f" and {len(others) - 1} more" if len(others) > 1 else ""),
        line=line_of(paths[1], "slug") if len(paths) > 1 else None,
        hint=SLUG_HINT,
    )


def _problems_of(record):
    """The Problems behind one logged record.

    Our plugins log Problems, or raise ProblemsError, which Pelican logs as
    "Could not process <file>" with the exception attached: the Problems
    already name the file and line, so they stand alone. Anything else
    (Pelican's own messages) becomes a Problem here, located through the
    content being processed when the message was logged.
    """
    if isinstance(getattr(record, "problem", None), Problem):
        return [record.problem]
    if str(record.msg).startswith(SAME_LANG):
        return []
    if str(record.msg).startswith(SAME_SLUG):
        return [_shared_slug(record)]
    cause = record.exc_info[1] if record.exc_info else None
    if isinstance(cause, ProblemsError):
        return cause.problems
    message = record.getMessage()
    severity = ERROR if record.levelno >= logging.ERROR else WARNING
    path = getattr(record, "source_path", None)
    if path and os.path.isabs(path):
        # The problem names the file as the author knows it.
        message = message.replace(path, relative(path))
    line = None
    if path:
        quoted = message.split("'")[1] if message.count("'") >= 2 else None
        line = _line_of(path, quoted) if quoted else None
    if cause is not None:
        message += f": {type(cause).__name__}: {cause}"
    hint = next((hint for start, hint in HINTS.items() if message.startswith(start)), "")
    return [Problem(relative(path) if path else "", message, severity, line, hint)]


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


def _disconnect_plugins():
    # Pelican connects each plugin's receivers when it starts a build and never
    # disconnects them. A second build in the same process (a live preview, a
    # test) with another PLUGINS list would still run the first build's
    # plugins, so every receiver is let go before a build (Pelican then
    # connects this build's own plugins) and after it.
    for candidate in vars(signals).values():
        if isinstance(candidate, Signal):
            for ref in list(candidate.receivers.values()):
                receiver = ref() if isinstance(ref, weakref.ref) else ref
                if receiver is not None:
                    candidate.disconnect(receiver)


def _forget_contents():
    # Pelican memoizes each content object's HTML and summary (get_content,
    # get_summary) in caches of the Content class, which keep every content
    # object of every build made in this process: a live preview of a
    # thousand chapters grew by 45 MB a rebuild. Nothing reads them after
    # the build that made them.
    for value in vars(Content).values():
        if isinstance(value, memoized):
            value.cache.clear()


def merge_into(staging, output):
    """Move every file a selective build wrote in ``staging`` over its copy in ``output``."""
    for folder, _, names in os.walk(staging):
        target = output / os.path.relpath(folder, staging)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(os.path.join(folder, name), target / name)


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
    A live preview's ``plan`` (sitebuild.preview) may have had the build write
    only some pages (``plan.everything`` is then false); those then replace
    their old copies in ``output``.
    """
    started = time.perf_counter()
    output = Path(output).resolve()
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    _reset_pelican_log_filter()
    staging = staging_folder(output)
    created = False
    set_site_folder(os.path.dirname(os.path.abspath(settings_file)))
    overrides = dict(overrides or {})
    cache_path = cache_folder(overrides.pop("CACHE_PATH", CACHE_PATH))
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
                "CACHE_PATH": cache_path,
                # Pelican attaches the exception to "Could not process <file>"
                # only in debug mode; without it the author would not see why.
                "DEBUG": True,
                # Settings problems name the file they are in.
                SETTINGS_FILE: relative(settings_file),
                **overrides,
            },
        )
        # The data files' parsed forms, kept from one build to the next.
        kept.keep_in(os.path.join(settings["CACHE_PATH"], "parsed"))
        prune_cache_folders(settings["CACHE_PATH"])
        # Also removes the staging folders of builds that were killed.
        prepare_staging(output)
        created = True
        _disconnect_plugins()
        build_record.reset()
        Pelican(settings).run()
    except ProblemsError as error:
        for problem in error.problems:
            problem.log(logger)
    except (Exception, SystemExit) as error:  # noqa: BLE001 - any failure must fail the build, with its message
        logger.error("%s: %s", type(error).__name__, error)
    finally:
        kept.keep_in(None)
        root.removeHandler(collector)
        # Nor does a finished build leave its plugins listening in this process.
        _disconnect_plugins()
        _forget_contents()

    problems = [problem for record in collector.records for problem in _problems_of(record)]
    # One source line can be reported twice, word for word: Pelican writes a
    # chapter's links for its own page and again for the whole guide's.
    problems = list(dict.fromkeys(problems))
    if any(problem.hint == SLUG_HINT for problem in problems):
        # Two files with one slug also make Pelican refuse to write the second
        # page: the same root cause, already named.
        problems = [p for p in problems if "FileOverwriteFailedError" not in p.message]
    staged_record = record_path(staging)
    if problems:
        if created:
            shutil.rmtree(staging, ignore_errors=True)
        staged_record.unlink(missing_ok=True)
    else:
        if plan is not None and not plan.everything and output.is_dir():
            merge_into(staging, output)
            shutil.rmtree(staging)
        else:
            _swap_into_place(staging, output)
        # The record describes the output now in place, so it is newer than it.
        if staged_record.exists():
            os.replace(staged_record, record_path(output))
            os.utime(record_path(output))
    return BuildResult(output, problems, time.perf_counter() - started)


def report(result, stream=sys.stderr):
    """Tell the author how the build went; return the process exit code."""
    if result.ok:
        print(f"Built {result.output} in {result.seconds:.2f} s.", file=stream)
        return 0
    count = len(result.problems)
    print(f"\nBuild failed: {count} problem{'s' if count != 1 else ''}.", file=stream)
    for problem in result.problems:
        print(f"  {problem.severity.upper()}: {problem}", file=stream)
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
