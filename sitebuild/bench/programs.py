"""Programs the bench runs in processes of their own.

``python -m sitebuild.bench.programs serve PORT FOLDER``
    serves FOLDER on 127.0.0.1:PORT for LinkChecker, like a static host;
``python -m sitebuild.bench.programs preview SETTINGS OUTPUT RUNS CHAPTER PAGE``
    builds a live preview, then edits CHAPTER's text RUNS times and its title
    RUNS times, rebuilding after each edit with PAGE open, as an author has
    it in ``invoke livereload``; then its text RUNS times again with every
    page open (the whole guide is then rewritten too). It prints the times
    as JSON;
``python -m sitebuild.bench.programs bare-preview SETTINGS OUTPUT RUNS CHAPTER PAGE``
    the same text edits to a bare Pelican site, each rebuilt as
    ``pelican --autoreload`` rebuilds, with Pelican's content cache on; it
    prints the times as JSON;
``python -m sitebuild.bench.programs peak SETTINGS OUTPUT``
    builds the site once with our runner and prints its peak memory in MiB.

Each fails with a non-zero exit and a message on stderr when its build fails.
"""

import argparse
import functools
import http.server
import json
import resource
import sys
import time
from pathlib import Path


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Like a static host, and unlike http.server, a folder without index.html is a 404.

    The "LinkChecker: allow" header lets LinkChecker go faster than its polite
    10 requests a second; the server is local, so it may.
    """

    def list_directory(self, path):
        self.send_error(404)

    def end_headers(self):
        self.send_header("LinkChecker", "allow")
        super().end_headers()

    def log_message(self, format, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """LinkChecker may hang up mid-answer: that is no error of the site's, so say nothing."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(port, folder):
    handler = functools.partial(StaticHandler, directory=str(folder))
    QuietServer(("127.0.0.1", port), handler).serve_forever()


def failure(what, result):
    return f"{what} failed:\n" + "\n".join(str(problem) for problem in result.problems)


def _text(text, marker):
    return text + f"\nEdit {marker}.\n"


# name: (edit, whether only the chapter's page is open)
EDITS = {
    "text": (_text, True),
    "title": (lambda text, marker: text.replace("Title: ", f"Title: Edit {marker} ", 1), True),
    "text_all_open": (_text, False),
}


def preview(settings, output, runs, chapter, page):
    """Time rebuilds after edits to ``chapter``, as ``invoke livereload`` does them."""
    from sitebuild.preview import LivePreview

    live = LivePreview(settings, output)
    first = live.rebuild()
    if not first.ok:
        sys.exit(failure("the first preview build", first))
    times = {}
    open_page = {page.resolve().relative_to(Path(output).resolve()).as_posix()}
    for name, (edit, only_page) in EDITS.items():
        times[name] = []
        for run in range(runs):
            live.settle()  # as the watcher does after a second with no change
            marker = f"{name.replace('_', ' ')} {run}"
            chapter.write_text(edit(chapter.read_text(encoding="utf-8"), marker), encoding="utf-8")
            started = time.perf_counter()
            result = live.rebuild(showing=open_page if only_page else None)
            times[name].append(time.perf_counter() - started)
            if not result.ok:
                sys.exit(failure(f"the preview build after {name} edit {run}", result))
            if f"Edit {marker}" not in page.read_text(encoding="utf-8"):
                sys.exit(f"{page} does not show edit {name} {run}")
    return times


def bare_preview(settings, output, runs, chapter, page):
    """Time bare Pelican's rebuilds after text edits to ``chapter``.

    Pelican's autoreload runs one Pelican object again after each change,
    and so does this. Its content cache is on, unzipped, as in our preview:
    Pelican's fastest rebuild (the autoreload leaves the cache off unless the
    settings turn it on). Pelican writes every page on every run.
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    output = Path(output)
    cache = output.with_name(f"{output.name}-cache")
    overrides = {"OUTPUT_PATH": str(output), "CACHE_PATH": str(cache), "GZIP_CACHE": False}
    overrides.update(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    pelican = Pelican(read_settings(str(settings), override=overrides))
    pelican.run()
    times = []
    for run in range(runs):
        marker = f"bare {run}"
        chapter.write_text(_text(chapter.read_text(encoding="utf-8"), marker), encoding="utf-8")
        started = time.perf_counter()
        pelican.run()
        times.append(time.perf_counter() - started)
        if f"Edit {marker}" not in page.read_text(encoding="utf-8"):
            sys.exit(f"{page} does not show bare Pelican's edit {run}")
    return times


def peak(settings, output):
    """Build once; return the process's peak resident memory in MiB."""
    from sitebuild.build import build

    result = build(str(settings), str(output))
    if not result.ok:
        sys.exit(failure("the build", result))
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m sitebuild.bench.programs")
    commands = parser.add_subparsers(dest="program", required=True)
    served = commands.add_parser("serve")
    served.add_argument("port", type=int)
    served.add_argument("folder", type=Path)
    for program in ("preview", "bare-preview"):
        previewed = commands.add_parser(program)
        for name in ("settings", "output"):
            previewed.add_argument(name, type=Path)
        previewed.add_argument("runs", type=int)
        previewed.add_argument("chapter", type=Path)
        previewed.add_argument("page", type=Path)
    measured = commands.add_parser("peak")
    measured.add_argument("settings", type=Path)
    measured.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    if args.program == "serve":
        serve(args.port, args.folder)
    elif args.program == "preview":
        times = preview(args.settings, args.output, args.runs, args.chapter, args.page)
        print(json.dumps(times))
    elif args.program == "bare-preview":
        times = bare_preview(args.settings, args.output, args.runs, args.chapter, args.page)
        print(json.dumps(times))
    else:
        print(json.dumps(peak(args.settings, args.output)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
