"""The staging folders the build writes into before it replaces the output.

Each build writes into ``.<output>.new-<pid>`` beside the output folder, so
two builds never write into one folder. A build that finishes renames or
removes its own; a build that was killed (SIGKILL, a power cut) cannot, and
leaves it behind. The next build removes every staging folder whose process
is gone. A folder whose process still runs (another build, now) is left
alone; so is one whose pid a new, unrelated process has taken since, which
is rare and costs only disk space until that process ends.
"""

import os
import re
import shutil
from pathlib import Path


def staging_folder(output, pid=None):
    """The folder a build with process id ``pid`` (this one by default) stages ``output`` in."""
    output = Path(output)
    return output.with_name(f".{output.name}.new-{os.getpid() if pid is None else pid}")


def process_is_gone(pid):
    """Whether no process with id ``pid`` exists (one we may not signal exists)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def stale_staging_folders(output, is_gone=process_is_gone):
    """The staging folders beside ``output`` left by builds whose process is gone."""
    output = Path(output)
    pattern = re.compile(rf"\.{re.escape(output.name)}\.new-(\d+)")
    if not output.parent.is_dir():
        return []
    stale = []
    for path in sorted(output.parent.iterdir()):
        match = pattern.fullmatch(path.name)
        if match and path.is_dir() and not path.is_symlink():
            pid = int(match.group(1))
            if pid != os.getpid() and is_gone(pid):
                stale.append(path)
    return stale


def prepare_staging(output):
    """Remove the staging folders killed builds left; return this build's, empty and new.

    This process's own folder, if one is there, is removed too: it can only
    be from an earlier process that had the same pid, or from a build in
    this process that did not get as far as cleaning up.
    """
    staging = staging_folder(output)
    for path in [*stale_staging_folders(output), staging]:
        shutil.rmtree(path, ignore_errors=True)
    staging.mkdir(mode=0o755, parents=True)
    return staging
