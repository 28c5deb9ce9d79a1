"""``invoke livereload``: watch the sources, rebuild, and tell the open pages.

``python -m sitebuild.preview_watch [--settings FILE] [--output DIR] [--port 8000]``
builds the site once, serves it (sitebuild.preview_server) and then waits
for the operating system to report a change (watchfiles: inotify, FSEvents
or ReadDirectoryChangesW, never polling) under the settings file, content/,
the theme and the plugin packages. Each change is rebuilt by LivePreview
(sitebuild.preview, which rewrites only what an edit changes), reported in
the terminal as ``invoke build`` reports, and announced to every open page.
A page left stale because no browser had it open is rebuilt when it is
asked for, before the server sends it.
"""

import argparse
import logging
import os
import sys
import threading

from watchfiles import DefaultFilter, watch

from .build import report
from .preview import SKIPPED_FOLDERS, LivePreview
from .preview_server import BuildState, start_server

# watchfiles groups the events of one save (an editor's temporary file, its
# rename, a second write): it yields once no event has come for STEP_MS, or
# after DEBOUNCE_MS at most. Its defaults (50 and 1600 ms) are for restarting
# servers; a save is over within a few milliseconds.
STEP_MS = 15
DEBOUNCE_MS = 300
# After a rebuild, this long without a change lets the preview tidy its
# memory (LivePreview.settle) before the next save.
IDLE_MS = 1000

SOURCES_FILTER = DefaultFilter(ignore_dirs=(*DefaultFilter.ignore_dirs, *SKIPPED_FOLDERS))


# One build at a time: the watcher's, or one a request for a stale page starts.
_building = threading.RLock()


def rebuild(preview, state, also=()):
    """Build once, report it in the terminal, tell the pages; return the BuildResult.

    The pages open in a browser, and ``also``, count as shown (sitebuild.preview).
    """
    with _building:
        result = preview.rebuild(showing=state.showing() | set(also))
        state.publish(result.problems)
    report(result)
    return result


def refresh(preview, state, name):
    """Write the stale page ``name``, unless a build did while this request waited.

    Two requests for one stale page (two tabs, a reload) would otherwise
    build twice, and the second, with nothing changed, would rewrite the site.
    """
    with _building:
        if name not in preview.stale:
            return
        rebuild(preview, state, also=(name,))


def connect(preview, state):
    """Let the server ask for a stale page to be written before it serves it."""
    state.stale = lambda name: name in preview.stale
    state.refresh = lambda name: refresh(preview, state, name)


def must_watch_again(changes, roots, now):
    """Whether the watched paths must be set up again after ``changes``.

    The settings may now name another theme or other plugins; and a watched
    file (the settings file) that an editor saved by replacing it is a new
    file, which the old watch no longer sees.
    """
    files = {root for root in roots if not os.path.isdir(root)}
    return tuple(now) != tuple(roots) or any(path in files for _, path in changes)


def follow(preview, state, stop=None):
    """Rebuild on every change until ``stop`` is set or Ctrl-C; settle when idle."""
    unsettled = True  # the first build's garbage
    while stop is None or not stop.is_set():
        roots = tuple(preview.roots)
        for changes in watch(
            *roots,
            watch_filter=SOURCES_FILTER,
            step=STEP_MS,
            debounce=DEBOUNCE_MS,
            stop_event=stop,
            raise_interrupt=False,
            rust_timeout=IDLE_MS,
            yield_on_timeout=True,
        ):
            if not changes:  # a second with no change
                if unsettled:
                    with _building:
                        preview.settle()
                    unsettled = False
                continue
            rebuild(preview, state)
            unsettled = True
            if must_watch_again(changes, roots, preview.roots):
                break
        else:
            return  # stopped, or Ctrl-C


def run(settings_file, output, host, port, on_ready=None):
    """Serve, build and follow the sources; return when stopped."""
    state = BuildState()
    server = start_server(output, state, host, port)
    try:
        if on_ready is not None:
            on_ready(f"http://{host}:{server.server_address[1]}/")
        preview = LivePreview(settings_file, output)
        connect(preview, state)
        rebuild(preview, state)
        follow(preview, state)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    # As in sitebuild.build: the problems are listed once, by report().
    handler = logging.StreamHandler()
    handler.setLevel(logging.CRITICAL + 1)
    logging.basicConfig(level=logging.INFO, format="%(message)s", handlers=[handler])

    def ready(url):
        print(f"Serving the live preview at {url} (Ctrl-C to stop)", file=sys.stderr)

    run(args.settings, args.output, args.host, args.port, on_ready=ready)
    return 0


if __name__ == "__main__":
    sys.exit(main())
