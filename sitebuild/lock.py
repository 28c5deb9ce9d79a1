"""One publish at a time to each target: an OS lock on a lock file.

The lock is ``fcntl.flock`` on a file that belongs with the target:

- ``dir:PATH``: ``PATH/.publish.lock``, beside the releases it protects;
- ``gh-pages``: ``publish.lock`` in the repository's git folder (the common
  one, which every worktree of the clone shares, as they share the branch);
- rsync: a file under ``.cache/publish-locks/`` named after the target, on
  the machine that publishes (the remote end has no shared lock to take).

The kernel releases a flock when the process holding it ends, however it
ends (SIGKILL included), so a publish that was killed never leaves the lock
taken. The file itself stays, empty; it is never removed, because removing
it would let two processes lock two different files of the same name.

A second publish waits for the lock up to a bounded time, saying so, then
gives up with a message that names the lock file.
"""

import contextlib
import fcntl
import hashlib
import logging
import re
import subprocess
import time
from pathlib import Path

logger = logging.getLogger(__name__)

LOCK_NAME = ".publish.lock"
DEFAULT_WAIT_SECONDS = 300
POLL_SECONDS = 0.2


class LockError(Exception):
    """The lock could not be taken; the message says why and names the lock."""


def dir_lock(root):
    """The lock file of a ``dir:PATH`` target."""
    return Path(root).absolute() / LOCK_NAME


def git_lock(repo):
    """The lock file for publishing to gh-pages from the clone at ``repo``."""
    result = subprocess.run(
        ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise LockError(f"{repo} is not a git repository; run publish from the site's clone")
    return Path(result.stdout.strip()) / "publish.lock"


def rsync_lock(location, port=None, cache=".cache"):
    """The local lock file for an rsync target, one per destination."""
    destination = f"{location}:{port}" if port else location
    readable = re.sub(r"[^\w.-]+", "_", destination).strip("_")[:60]
    digest = hashlib.sha256(destination.encode()).hexdigest()[:12]
    return Path(cache) / "publish-locks" / f"{readable}-{digest}.lock"


def try_lock(handle):
    """Take the lock on the open file ``handle`` without waiting; return whether it was taken."""
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def held(path, what, wait=DEFAULT_WAIT_SECONDS, *, clock=time.monotonic, sleep=time.sleep):
    """Hold the lock ``path`` for the ``with`` block; ``what`` names the target in messages.

    Waits up to ``wait`` seconds (0: not at all) while another process holds
    it, then raises LockError.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        if not try_lock(handle):
            if wait > 0:
                logger.info(
                    "waiting for another publish to %s to finish (up to %d s; lock %s)",
                    what,
                    wait,
                    path,
                )
            deadline = clock() + wait
            while not try_lock(handle):
                if clock() >= deadline:
                    raise LockError(
                        f"another publish to {what} is still running: it holds the lock "
                        f"{path}. Publish again when it has finished"
                        + (f" (waited {wait:g} s)" if wait > 0 else "")
                    )
                sleep(POLL_SECONDS)
        try:
            yield path
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
