"""Results of the data files' parsers, kept on disk from one build to the next.

Each build is a new process, and checking the helpline data and the prose
rules with strictyaml takes it about half a second: more than converting the
guide's eight chapters. Both parsers are pure functions of a file's text and
path, with results that do not change, so ``on_disk`` keeps each result in a
folder the build names (``keep_in``) and uses it again only for the same
function and the same arguments. The build names a folder of its content
cache, which has a folder of its own for each version of the code
(sitebuild.build.cache_folder), so a result made by older code is never read.

A call that raises is not kept: it raises again next time, with its message.
A kept file that cannot be read is made again. Without a folder (a plain
``pelican`` run) nothing is kept.

Written by hand: it is ``functools.lru_cache`` for one process after another,
about thirty lines; joblib's ``Memory`` does the same and much more, a large
dependency for two calls.
"""

import functools
import hashlib
import os
import pickle

from .files import write_whole

_folder = {"path": None}


def keep_in(folder):
    """Keep the results of ``on_disk`` functions in ``folder`` from now on; None: nowhere."""
    _folder["path"] = None if folder is None else str(folder)


def on_disk(function):
    """``function``, with each result kept in the folder of ``keep_in``.

    ``function``'s arguments and result must pickle, and it must be pure.
    """

    @functools.wraps(function)
    def kept(*args):
        folder = _folder["path"]
        if folder is None:
            return function(*args)
        call = pickle.dumps((function.__module__, function.__qualname__, args))
        path = os.path.join(folder, hashlib.sha256(call).hexdigest() + ".pickle")
        try:
            with open(path, "rb") as handle:
                return pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            pass  # not kept yet, or unreadable: made again below
        result = function(*args)
        _write(folder, path, result)
        return result

    return kept


def _write(folder, path, result):
    """Write ``result`` to ``path`` whole or not at all: builds may run side by side."""
    try:
        os.makedirs(folder, exist_ok=True)
        write_whole(path, pickle.dumps(result))
    except OSError:
        pass  # a folder that cannot be written to only costs the time
