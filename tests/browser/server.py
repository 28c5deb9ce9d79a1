"""Serve a built site on a free localhost port with the response headers it is published with."""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from sitebuild.headers import parse_headers_file, security_headers


def served_headers(site):
    """The headers every page of `site` is served with: its `_headers` rules for `/*`.

    A development build writes no `_headers`; it is served with the same
    headers a production build would write (sitebuild/headers.py).
    """
    headers_file = site / "_headers"
    if headers_file.exists():
        return parse_headers_file(headers_file.read_text(encoding="utf-8")).get("/*", {})
    return security_headers()


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args, headers, **kwargs):
        self.extra_headers = headers
        super().__init__(*args, **kwargs)

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        # Each test gets a fresh browser context, but a cached page could still
        # hide a change made to the output between two builds of one session.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 (the base class's signature)
        pass


class SiteServer:
    """The static files of `root`, served on 127.0.0.1 in a background thread."""

    def __init__(self, root, headers):
        handler = functools.partial(_Handler, directory=str(root), headers=headers)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        host, port = self._httpd.server_address[:2]
        self.origin = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def url(self, path):
        return self.origin + path
