"""The live preview's web server: the built site, and what only the preview adds.

``invoke livereload`` serves output/ with Python's http.server and adds, under
the reserved path ``/__preview__/``:

* ``events``: a Server-Sent Events stream that says "reload" after each good
  build and "failed" after each failed one. Each page names itself when it
  opens the stream (``page=``), so the preview knows which pages are open:
  a rebuild may leave a costly page nobody has open as it was, and the
  server has such a stale page rebuilt before it serves it
  (``BuildState.refresh``, sitebuild.preview);
* ``problems.json``: the last build's problems, as the terminal lists them;
* ``preview.js`` and ``preview.css`` (from preview_static/), which every HTML
  page served here loads: the script follows the stream, reloads the page and
  shows the problems over it.

Those two files are linked from each page as it is sent, never written into
output/, so a build or a publish cannot contain them. No inline code is added:
the site's Content-Security-Policy is sent with every response, with the one
source the stream and problems.json need (``connect-src 'self'``).

Hand-written, on the standard library: the livereload package, used before,
polls the files for changes and has no way to carry the build's problems to
the page; an event stream and four small routes are all a preview needs, and
Pelican's own ``pelican --listen`` server cannot add them either.
"""

import json
import os
import threading
import time
from collections import Counter
from functools import partial
from html.parser import HTMLParser
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .headers import CONTENT_SECURITY_POLICY, security_headers

RESERVED = "/__preview__/"
STATIC = Path(__file__).parent / "preview_static"
STATIC_TYPES = {"preview.js": "text/javascript", "preview.css": "text/css"}
PREVIEW_POLICY = {**CONTENT_SECURITY_POLICY, "connect-src": ("'self'",)}
# A comment line this often lets a stream notice a reader who has gone.
KEEP_ALIVE_SECONDS = 15
CHUNK = 8192


def preview_tags(build):
    """The two tags every served page gets; ``build`` names the build it shows."""
    return (
        f'<script src="{RESERVED}preview.js" data-build="{build}" defer></script>'
        f'<link rel="stylesheet" href="{RESERVED}preview.css">'
    )


class _HeadEnd(HTMLParser):
    """Finds where the first ``</head>`` starts, as (line, column)."""

    def __init__(self):
        # With False, text holding an "&#" that starts no character reference
        # stops the parser until more input comes: such a page got no tags.
        super().__init__(convert_charrefs=True)
        self.found = None

    def handle_endtag(self, tag):
        if tag == "head" and self.found is None:
            self.found = self.getpos()


def inject(html, build):
    """Return ``html`` with the preview's tags just before ``</head>``; unchanged if none."""
    parser = _HeadEnd()
    # The head is at the top: a long page need not be parsed to its end.
    for start in range(0, len(html), CHUNK):
        parser.feed(html[start : start + CHUNK])
        if parser.found is not None:
            break
    else:
        return html
    line, column = parser.found
    lines = html.splitlines(keepends=True)
    offset = sum(len(text) for text in lines[: line - 1]) + column
    return html[:offset] + preview_tags(build) + html[offset:]


def output_name(path):
    """The file of the output that serves the URL path ``path``: "/guide/" -> "guide/index.html"."""
    name = path.lstrip("/")
    return name + "index.html" if name == "" or name.endswith("/") else name


def problem_entries(problems):
    """The problems as the page shows them: the terminal's line, split where it names the file."""
    entries = []
    for problem in problems:
        text = str(problem)
        location = problem.location if problem.path else ""
        entries.append(
            {
                "severity": problem.severity.upper(),
                "location": location,
                "detail": text.removeprefix(f"{location}: ") if location else text,
            }
        )
    return entries


class BuildState:
    """The last build's name and problems, shared by the watcher and every stream."""

    def __init__(self):
        self._changed = threading.Condition()
        self._started = time.time_ns()
        self._count = 0
        self.problems = []
        self._open = Counter()  # output name -> streams of pages showing it
        # Set by the watcher: refresh(name) rebuilds the stale page ``name``
        # and returns once it is written; stale(name) says whether it is.
        self.refresh = None
        self.stale = lambda name: False

    def opened(self, name):
        with self._changed:
            self._open[name] += 1

    def closed(self, name):
        with self._changed:
            self._open[name] -= 1
            if self._open[name] <= 0:
                del self._open[name]

    def showing(self):
        """The output names of the pages open in a browser now."""
        with self._changed:
            return frozenset(self._open)

    @property
    def build(self):
        # A restarted server names its builds afresh, so open pages reload.
        return f"{self._started}-{self._count}" if self._count else ""

    def current(self):
        """(build, problems) of the last build, read together."""
        with self._changed:
            return self.build, self.problems

    def publish(self, problems):
        with self._changed:
            self._count += 1
            self.problems = list(problems)
            self._changed.notify_all()

    def wait(self, build, timeout):
        """Wait until a build other than ``build`` is published; return (build, failed) or None."""
        with self._changed:
            if self._changed.wait_for(lambda: self.build != build, timeout):
                return self.build, bool(self.problems)
        return None


class PreviewHandler(SimpleHTTPRequestHandler):
    """The built site with the preview's tags in each page, and the reserved routes."""

    # One connection for a page and its stylesheets and scripts (every
    # response has a length; an event stream ends with its connection).
    protocol_version = "HTTP/1.1"

    def __init__(self, *args, state, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def end_headers(self):
        for name, value in security_headers(PREVIEW_POLICY).items():
            self.send_header(name, value)
        # The page must come from the latest build, never from the cache.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass  # the terminal is for the build's report

    def list_directory(self, path):
        self.send_error(HTTPStatus.NOT_FOUND)  # as a static host: no listings

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == f"{RESERVED}events":
            query = parse_qs(url.query)
            page = query.get("page", [None])[0]
            self._stream(query.get("since", [""])[0], output_name(page) if page else None)
        elif url.path == f"{RESERVED}problems.json":
            build, problems = self.state.current()
            body = {"build": build, "problems": problem_entries(problems)}
            self._send(HTTPStatus.OK, "application/json", json.dumps(body).encode("utf-8"))
        elif url.path.removeprefix(RESERVED) in STATIC_TYPES:
            name = url.path.removeprefix(RESERVED)
            self._send(HTTPStatus.OK, STATIC_TYPES[name], (STATIC / name).read_bytes())
        else:
            self._page(url.path)

    def _page(self, path):
        file = Path(self.translate_path(path))
        if file.is_dir():
            if not path.endswith("/"):
                super().do_GET()  # the standard redirect to the folder's URL
                return
            file = file / "index.html"
        status = HTTPStatus.OK
        if not file.is_file():
            status, file = HTTPStatus.NOT_FOUND, Path(self.directory) / "404.html"
            if not file.is_file():
                self.send_error(status)
                return
        if file.suffix != ".html":
            super().do_GET()
            return
        name = Path(os.path.relpath(file, self.directory)).as_posix()
        if self.state.refresh is not None and self.state.stale(name):
            self.state.refresh(name)
        html = inject(file.read_text(encoding="utf-8"), self.state.build)
        self._send(status, "text/html; charset=utf-8", html.encode("utf-8"))

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, since, page=None):
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.close_connection = True
        build, problems = self.state.current()
        failed = bool(problems)
        if page is not None:
            self.state.opened(page)
        try:
            # A page served before the last build, or over a failed one, is told at once.
            if failed or (build and since != build):
                self._event("failed" if failed else "reload", build)
            while True:
                changed = self.state.wait(build, KEEP_ALIVE_SECONDS)
                if changed is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    build, failed = changed
                    self._event("failed" if failed else "reload", build)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded
        finally:
            if page is not None:
                self.state.closed(page)

    def _event(self, name, build):
        data = json.dumps({"build": build, "sent": time.time()})
        self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
        self.wfile.flush()


def start_server(output, state, host, port):
    """Serve ``output`` on host:port from a background thread; return the server."""
    handler = partial(PreviewHandler, directory=str(output), state=state)
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True  # open streams do not hold up Ctrl-C
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
