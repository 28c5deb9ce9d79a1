"""Files written whole or not at all: the build record, kept results, the link cache.

A reader, or a build running beside this one, sees the old file or the new
one, never half of one. The data goes into a temporary file in the same
folder, so that ``os.replace`` can move it onto the file in one step; a
process killed half-way leaves that temporary file, named ``.NAME.*.tmp``,
and the file itself as it was.
"""

import os
import tempfile


def write_whole(path, data):
    """Write ``data`` (str as UTF-8, or bytes) to ``path`` in one step."""
    folder, name = os.path.split(os.path.abspath(path))
    if isinstance(data, str):
        data = data.encode("utf-8")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
