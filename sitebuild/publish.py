"""Publish the site: build it with the production settings, check it, then deploy it.

    python -m sitebuild.publish --to TARGET [--dry-run] [--push] [--cname X] [--keep N]
    python -m sitebuild.publish --no-deploy

Nothing is deployed unless the build and the check both succeeded; the
output of a failed build never replaces the last good one (sitebuild.build).

Targets:

``gh-pages``
    commit the output to the gh-pages branch of the repository (ghp-import),
    with .nojekyll and, given --cname, a CNAME file; pushed to origin only
    with --push.
``rsync://[user@]host[:port]/path`` or ``[user@]host:path``
    rsync over ssh. Files appear only at the end of the transfer
    (--delay-updates) and old files go after that (--delete-after).
``dir:PATH``
    copy the output to PATH/releases/<id>/, then point the symlink
    PATH/current at it with one rename: readers see the old release or the
    new one, never a mixture. Earlier releases are kept (--keep). A release
    is copied under a hidden name (releases/.<id>.incoming) and renamed when
    complete; what a publish killed half-way left there, the next one removes.

One publish at a time runs to each target: the whole run (build, check,
deploy) holds the target's lock (sitebuild/lock.py). Another one waits up to
PUBLISH_LOCK_WAIT_SECONDS (publishconf.py), saying so, then gives up.

``--dry-run`` builds and checks, then shows what would change, deploying nothing.
``--no-deploy`` builds and checks only: the build command for hosts that
publish a directory themselves (Netlify, Cloudflare Pages).
"""

import argparse
import contextlib
import functools
import hashlib
import itertools
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import lock
from .build import build as build_site

logger = logging.getLogger(__name__)

GH_PAGES_BRANCH = "gh-pages"
DEFAULT_KEEP_RELEASES = 3
TARGET_EXAMPLES = "gh-pages, rsync://host/path, user@host:path or dir:PATH"
INCOMING = re.compile(r"\.(.+)\.incoming")
# For tests only: after copying this many files of a dir: release, the
# publish stops where it is, as if the machine had hung, until it is killed.
# tests/integration/test_publish_lock.py kills it there with SIGKILL.
TEST_STOP_COPY_AFTER = "SITEBUILD_TEST_STOP_COPY_AFTER_FILES"
SSH_TARGET = re.compile(r"^(?:[\w.+-]+@)?[\w.-]+:")


class PublishError(Exception):
    """Publishing stopped; the message says why and what to do."""


@dataclass(frozen=True)
class Target:
    """Where the site goes: ``kind`` is "gh-pages", "rsync" or "dir"."""

    kind: str
    location: str = ""
    port: int | None = None


@dataclass
class Changes:
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    removed: list = field(default_factory=list)

    def lines(self):
        marks = (("+", self.added), ("~", self.changed), ("-", self.removed))
        return [f"  {mark} {path}" for mark, paths in marks for path in paths]

    def summary(self):
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"


# Targets -------------------------------------------------------------------


def parse_target(text):
    """Return the Target that ``text`` names; raise PublishError if it names none."""
    text = (text or "").strip()
    if text == GH_PAGES_BRANCH:
        return Target("gh-pages")
    if text.startswith("dir:"):
        path = text[len("dir:") :]
        if not path:
            raise PublishError("dir: needs a path, for example dir:/srv/guide")
        return Target("dir", path)
    if text.startswith("rsync://"):
        rest = text[len("rsync://") :]
        host, slash, path = rest.partition("/")
        user, at, hostport = host.rpartition("@")
        name, colon, port = hostport.partition(":")
        if not name or not slash or not path or (colon and not port.isdigit()):
            raise PublishError(
                f"{text!r} is not rsync://[user@]host[:port]/path, "
                "for example rsync://deploy@example.org/srv/guide"
            )
        return Target("rsync", f"{user}{at}{name}:/{path}", int(port) if port else None)
    if SSH_TARGET.match(text) and not text.split(":", 1)[1].startswith("//"):
        return Target("rsync", text)
    raise PublishError(f"unknown target {text!r}: use {TARGET_EXAMPLES}")


def rsync_command(source, destination, port=None, dry_run=False):
    """Return the rsync command (a list of arguments) that sends ``source`` to ``destination``.

    --checksum compares content, not modification times, which every build
    renews; --times is left out for the same reason, so a file that did not
    change keeps its date (and readers' caches stay valid).
    """
    command = [
        "rsync",
        "--recursive",
        "--links",
        "--checksum",
        "--compress",
        "--chmod=D755,F644",
        "--delete-after",
        "--delay-updates",
        "--rsh",
        "ssh" if port is None else f"ssh -p {port}",
    ]
    if dry_run:
        command += ["--dry-run", "--itemize-changes"]
    # The trailing slash sends the folder's contents, not the folder.
    command += [f"{str(source).rstrip('/')}/", destination]
    return command


def ghp_import_command(source, message, cname=None, push=False, branch=GH_PAGES_BRANCH):
    """Return the ghp-import command that commits ``source`` to ``branch``."""
    command = [sys.executable, "-m", "ghp_import", "-n", "-b", branch, "-m", message]
    if cname:
        command += ["-c", cname]
    if push:
        command.append("-p")
    return [*command, str(source)]


# Comparing trees -----------------------------------------------------------


def tree_files(root):
    """Return every file under ``root`` as {relative POSIX path: Path}."""
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): path
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def tree_digests(root, digest=None):
    """Return {relative path: digest of content} for every file under ``root``."""
    digest = digest or (lambda data: hashlib.sha256(data).hexdigest())
    return {name: digest(path.read_bytes()) for name, path in tree_files(root).items()}


def git_blob_id(data):
    """Return the id git gives a file with content ``data``."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def diff_trees(old, new):
    """Return the Changes that turn tree ``old`` into ``new`` ({path: digest} each)."""
    return Changes(
        added=sorted(set(new) - set(old)),
        changed=sorted(path for path in set(old) & set(new) if old[path] != new[path]),
        removed=sorted(set(old) - set(new)),
    )


# gh-pages ------------------------------------------------------------------


def _git(repo, *args, run=subprocess.run):
    result = run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    return result.returncode, result.stdout, result.stderr.strip()


def branch_tree(repo, ref):
    """Return {path: blob id} of the commit ``ref`` in ``repo``, or {} if there is none."""
    code, out, _ = _git(repo, "ls-tree", "-r", "-z", ref)
    if code != 0:
        return {}
    tree = {}
    for entry in filter(None, out.split("\0")):
        meta, path = entry.split("\t", 1)
        tree[path] = meta.split()[2]
    return tree


def gh_pages_base(repo, branch=GH_PAGES_BRANCH):
    # ghp-import builds on origin's branch when there is one, as a push would.
    for ref in (f"refs/remotes/origin/{branch}", f"refs/heads/{branch}"):
        if _git(repo, "rev-parse", "--verify", "--quiet", ref)[0] == 0:
            return ref
    return None


def gh_pages_expected(output, cname=None):
    """Return {path: blob id} the gh-pages branch should hold for ``output``."""
    expected = tree_digests(output, git_blob_id)
    expected[".nojekyll"] = git_blob_id(b"")
    if cname:
        expected["CNAME"] = git_blob_id(cname.encode())
    return expected


def deploy_gh_pages(output, repo, cname=None, push=False, dry_run=False):
    """Commit ``output`` to gh-pages in ``repo`` (ghp-import); return the Changes."""
    repo = Path(repo)
    if _git(repo, "rev-parse", "--git-dir")[0] != 0:
        raise PublishError(f"{repo} is not a git repository; run publish from the site's clone")
    base = gh_pages_base(repo)
    changes = diff_trees(branch_tree(repo, base) if base else {}, gh_pages_expected(output, cname))
    if dry_run:
        return changes
    code, head, _ = _git(repo, "rev-parse", "--short", "HEAD")
    message = f"Publish the site built from {head.strip()}" if code == 0 else "Publish the site"
    result = subprocess.run(
        ghp_import_command(output, message, cname, push),
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise PublishError(
            f"ghp-import failed (exit {result.returncode}): "
            f"{(result.stderr or result.stdout).strip()}"
        )
    # ghp-import reports some failures only on its output, with exit code 0.
    committed = branch_tree(repo, f"refs/heads/{GH_PAGES_BRANCH}")
    if committed != gh_pages_expected(output, cname):
        raise PublishError(
            f"the {GH_PAGES_BRANCH} branch does not hold the built site after ghp-import: "
            f"{(result.stderr or result.stdout).strip() or 'no message'}"
        )
    return changes


# rsync ---------------------------------------------------------------------


def deploy_rsync(output, target, dry_run=False):
    """Send ``output`` with rsync; return rsync's list of changes (dry run) or ''."""
    command = rsync_command(output, target.location, target.port, dry_run)
    logger.info("Running: %s", " ".join(command))
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise PublishError(
            "rsync is not installed; install it (apt-get install rsync) and publish again"
        ) from None
    if result.returncode != 0:
        raise PublishError(
            f"rsync failed (exit {result.returncode}): {result.stderr.strip()}. "
            "The files already sent are in hidden .~tmp~ folders, not yet live."
        )
    return result.stdout


# dir:PATH ------------------------------------------------------------------


def release_id(now=None):
    """Return a new release's folder name: its UTC time, which sorts in order."""
    now = now or datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S%fZ")


def current_release(root):
    """Return the folder PATH/current points at, or None before the first release."""
    link = Path(root) / "current"
    if link.is_symlink():
        return (link.parent / os.readlink(link)).resolve()
    if link.exists():
        raise PublishError(
            f"{link} exists but is not a symlink; move it aside (for example into "
            f"{Path(root) / 'releases'}) and publish again"
        )
    return None


def switch_symlink(link, target):
    """Point ``link`` at ``target`` in one rename, so it never dangles or goes missing."""
    link = Path(link)
    temporary = link.with_name(f".{link.name}.{os.getpid()}.new")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(target, temporary)
    os.replace(temporary, link)


def prune_releases(releases, keep, current):
    """Delete all but the ``keep`` newest releases before ``current``; return those deleted."""
    older = sorted(
        path
        for path in Path(releases).iterdir()
        if path.is_dir() and not path.name.startswith(".") and path.resolve() != current
    )
    doomed = older[: max(len(older) - keep, 0)]
    for path in doomed:
        shutil.rmtree(path)
    return doomed


def remove_half_written(root):
    """Remove what publishes killed half-way left under ``root``; return what was removed.

    Only call it holding the target's lock: then no other publish is writing.
    """
    releases = Path(root) / "releases"
    leftovers = [path for path in Path(root).glob(".current.*.new") if path.is_symlink()]
    if releases.is_dir():
        leftovers += sorted(p for p in releases.iterdir() if INCOMING.fullmatch(p.name))
    for path in leftovers:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    return leftovers


def _copy_function():
    stop_after = os.environ.get(TEST_STOP_COPY_AFTER)
    if not stop_after:
        return shutil.copy2
    copied = itertools.count(1)

    def copy_then_stop(source, destination):
        shutil.copy2(source, destination)
        if next(copied) >= int(stop_after):
            logger.info("%s: stopped after %s files", TEST_STOP_COPY_AFTER, stop_after)
            while True:
                time.sleep(60)

    return copy_then_stop


def deploy_dir(output, root, keep=DEFAULT_KEEP_RELEASES, dry_run=False, new_id=None):
    """Install ``output`` as a new release under ``root`` and switch to it; return the Changes."""
    root = Path(root).absolute()
    current = current_release(root)
    changes = diff_trees(tree_digests(current) if current else {}, tree_digests(output))
    if dry_run:
        return changes
    for path in remove_half_written(root):
        logger.info("Removed %s, left by a publish that was stopped half-way", path)
    releases = root / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    name = new_id or release_id()
    release = releases / name
    if release.exists():
        raise PublishError(f"{release} already exists; publish again for a new release id")
    # Copied under a hidden name, renamed when complete: a release folder
    # that exists is a whole release.
    incoming = releases / f".{name}.incoming"
    shutil.copytree(output, incoming, symlinks=True, copy_function=_copy_function())
    incoming.rename(release)
    switch_symlink(root / "current", Path("releases") / name)
    for path in prune_releases(releases, keep, release.resolve()):
        logger.info("Removed old release %s", path)
    return changes


# The whole run -------------------------------------------------------------


def load_settings(settings_file, overrides=None):
    """Read the Pelican settings; a settings file that refuses to load raises PublishError."""
    from pelican.settings import read_settings

    try:
        return read_settings(str(settings_file), override=dict(overrides or {}))
    except SystemExit as stop:
        # publishconf.py stops with a message when SITEURL is missing.
        raise PublishError(str(stop.code)) from None


def audit_check(output, settings, allow_drafts=False):
    """The check `invoke check` runs, on what the build recorded: what stops the publish.

    Its errors, and its warnings but for those readiness.py lets through,
    as strings. The build runs without its own audit (see ``publish``), so
    the site is audited once.
    """
    try:
        from plugins.build_record import RecordError, read_record
        from plugins.site_audit import check_built_site

        from .check import dated_warnings
        from .readiness import drafts_hint, sort_warnings
    except ImportError as error:
        # Deploying an unchecked site is what this module exists to prevent.
        raise PublishError(f"the site check (site_audit) cannot be loaded: {error}") from None
    try:
        result = check_built_site(output, dated_warnings(datetime.now(UTC).date()))
    except RecordError as error:
        raise PublishError("; ".join(map(str, error.problems))) from None
    record = read_record(output)
    refused, passed = sort_warnings(result.warnings, record, allow_drafts)
    for problem in passed:
        logger.warning("check: %s", problem)
    return [str(problem) for problem in [*result.errors, *refused]] + drafts_hint(refused, record)


@dataclass
class PublishResult:
    ok: bool
    message: str
    changes: Changes | None = None
    details: str = ""


def publish(
    target,
    *,
    settings="publishconf.py",
    output="output",
    dry_run=False,
    push=False,
    cname=None,
    keep=None,
    repo=".",
    overrides=None,
    allow_drafts=False,
    build=build_site,
    check=None,
):
    """Build, check and (unless ``target`` is None or ``dry_run``) deploy; return a PublishResult.

    ``build(settings, output, overrides=...)`` returns an object with ``ok``
    and ``problems``; ``check(output, settings)`` returns a list of problems
    (by default ``audit_check``, which lets drafts through with
    ``allow_drafts``). Both can be replaced, by tests in particular. The
    whole run holds the target's lock.
    """
    check = check or functools.partial(audit_check, allow_drafts=allow_drafts)
    try:
        parsed = parse_target(target) if target is not None else None
        config = load_settings(settings, overrides)
        lock_file = target_lock(parsed, repo, dry_run)
        wait = lock_wait(config)
    except (PublishError, lock.LockError) as error:
        return PublishResult(False, f"Nothing was published: {error}")
    with contextlib.ExitStack() as stack:
        try:
            if lock_file:
                stack.enter_context(lock.held(lock_file, target, wait))
        except (lock.LockError, OSError) as error:
            return PublishResult(False, f"Nothing was published: {error}.")
        return _build_check_deploy(
            parsed,
            target,
            (settings, output, config, overrides),
            (build, check),
            dict(dry_run=dry_run, push=push, cname=cname, keep=keep, repo=repo),
        )


def target_lock(target, repo=".", dry_run=False):
    """The lock file a publish to ``target`` holds, or None when there is nothing to lock.

    A dry run of a dir: target takes the lock only where the folder exists:
    it creates nothing there.
    """
    if target is None:
        return None
    if target.kind == "gh-pages":
        return lock.git_lock(repo)
    if target.kind == "rsync":
        return lock.rsync_lock(target.location, target.port, Path(repo) / ".cache")
    if dry_run and not Path(target.location).is_dir():
        return None
    return lock.dir_lock(target.location)


def lock_wait(config):
    """PUBLISH_LOCK_WAIT_SECONDS: how long to wait for another publish to the same target."""
    wait = config.get("PUBLISH_LOCK_WAIT_SECONDS", lock.DEFAULT_WAIT_SECONDS)
    if isinstance(wait, bool) or not isinstance(wait, (int, float)) or wait < 0:
        raise PublishError(
            f"PUBLISH_LOCK_WAIT_SECONDS must be a number of seconds, 0 or more "
            f"(0: refuse at once while another publish runs); it is {wait!r}"
        )
    return wait


def _build_check_deploy(parsed, target, site, steps, deploy):
    settings, output, config, overrides = site
    build, check = steps
    where = target or "anywhere"
    logger.info("Building the site with %s into %s ...", settings, output)
    # The check below audits the written site once; the build need not.
    built = build(settings, output, overrides={"SITE_AUDIT_ON_BUILD": False, **(overrides or {})})
    if not built.ok:
        return PublishResult(
            False,
            f"The build failed, so nothing was published to {where}.",
            details="\n".join(f"  {problem}" for problem in built.problems),
        )

    logger.info("Checking the built site ...")
    try:
        problems = check(Path(output), config)
    except PublishError as error:
        return PublishResult(False, f"Nothing was published to {where}: {error}")
    if problems:
        return PublishResult(
            False,
            f"The check found {len(problems)} problem(s), so nothing was published to {where}.",
            details="\n".join(f"  {problem}" for problem in problems),
        )

    if parsed is None:
        return PublishResult(True, f"Built and checked {output}; deploying was not asked for.")
    try:
        return _deploy(parsed, Path(output), config, **deploy)
    except (PublishError, OSError) as error:
        return PublishResult(False, f"Deploying to {target} failed: {error}")


def _deploy(target, output, config, dry_run, push, cname, keep, repo):
    verb = "Would publish" if dry_run else "Published"
    if target.kind == "gh-pages":
        changes = deploy_gh_pages(output, repo, cname, push, dry_run)
        pushed = " and pushed it to origin" if push and not dry_run else ""
        where = f"the {GH_PAGES_BRANCH} branch{pushed}"
        return PublishResult(True, f"{verb} to {where}: {changes.summary()}.", changes)
    if target.kind == "rsync":
        listing = deploy_rsync(output, target, dry_run)
        return PublishResult(True, f"{verb} to {target.location} with rsync.", details=listing)
    if keep is None:
        keep = config.get("PUBLISH_KEEP_RELEASES", DEFAULT_KEEP_RELEASES)
    changes = deploy_dir(output, target.location, keep, dry_run)
    where = Path(target.location) / "current"
    return PublishResult(True, f"{verb} to {where}: {changes.summary()}.", changes)


def parser():
    p = argparse.ArgumentParser(
        prog="python -m sitebuild.publish", description=__doc__.split("\n\n")[0]
    )
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", metavar="TARGET", help=TARGET_EXAMPLES)
    where.add_argument(
        "--no-deploy", action="store_true", help="build and check only (Netlify, Cloudflare)"
    )
    p.add_argument("--dry-run", action="store_true", help="show what would change; deploy nothing")
    p.add_argument("--push", action="store_true", help="gh-pages: push the branch to origin")
    p.add_argument("--cname", help="gh-pages: the custom domain, written to a CNAME file")
    p.add_argument("--keep", type=int, help="dir: earlier releases to keep (default 3)")
    p.add_argument(
        "--allow-drafts",
        action="store_true",
        help="publish chapters no clinician has reviewed yet, with their draft notice",
    )
    p.add_argument("--settings", default="publishconf.py")
    p.add_argument("--output", default="output")
    return p


def main(argv=None, stream=None):
    stream = stream or sys.stderr
    args = parser().parse_args(argv)
    if args.keep is not None and args.keep < 0:
        parser().error("--keep must be 0 or more")
    # Pelican's own messages are collected by the build and listed once.
    logging.basicConfig(level=logging.INFO, handlers=[logging.NullHandler()])
    progress = logging.StreamHandler(stream)
    progress.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(progress)
    logger.propagate = False
    try:
        result = publish(
            None if args.no_deploy else args.to,
            settings=args.settings,
            output=args.output,
            dry_run=args.dry_run,
            push=args.push,
            cname=args.cname,
            keep=args.keep,
            allow_drafts=args.allow_drafts,
        )
    finally:
        logger.removeHandler(progress)
        logger.propagate = True
    print(result.message, file=stream)
    if result.changes is not None and args.dry_run:
        print("\n".join(result.changes.lines()) or "  (no change)", file=stream)
    if result.details:
        print(result.details.rstrip(), file=stream)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
