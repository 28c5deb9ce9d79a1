"""The two link checkers compared: `invoke check`, and LinkChecker over local HTTP.

LinkChecker is given the site over HTTP, as a reader gets it: over file:// it
takes a folder for a valid page and never looks for its index.html. The
server is started here and always stopped. After the two are timed, the
bench deletes a page and makes sure both report it and nothing else, so
neither was fast because it skipped part of the site.
"""

import contextlib
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time

from plugins.build_record import record_path

from .commands import BIN, ROOT, BenchError, check_command, run_checked

# As fast as it goes: the server is local and allows it (programs.StaticHandler).
# And every page parsed: by default LinkChecker skips pages over 1 MB, such
# as bare Pelican's home page listing 1,000 summaries, and all they link to.
LINKCHECKER_CONFIG = "[checking]\nmaxrequestspersecond=1000\nmaxfilesizeparse=1073741824\n"
SERVER_START_SECONDS = 10


def linkchecker_command(config, url, *extra):
    """Internal links only, like `invoke check` without --external."""
    return [BIN / "linkchecker", "--config", config, "--no-status", "--no-warnings", *extra, url]


def write_linkchecker_config(folder):
    path = folder / "linkcheckerrc"
    path.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    return path


def readable_by_all(folder):
    """LinkChecker drops root's privileges to "nobody", which must be able to read the site."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | (0o755 if path.is_dir() else 0o644))


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_command(port, folder):
    return [sys.executable, "-m", "sitebuild.bench.programs", "serve", str(port), str(folder)]


@contextlib.contextmanager
def served(folder):
    """Serve ``folder`` on a free port of 127.0.0.1; yield its URL."""
    port = _free_port()
    # A file, not a pipe: a pipe nobody reads could fill up and stall the server.
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(serve_command(port, folder), cwd=ROOT, stderr=log, text=True)
        try:
            deadline = time.monotonic() + SERVER_START_SECONDS
            while True:
                with socket.socket() as client:
                    if client.connect_ex(("127.0.0.1", port)) == 0:
                        break
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise BenchError(f"the local server for {folder} did not start:\n{log.read()}")
                time.sleep(0.05)
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            server.wait()


def invalid_urls(csv_text, url):
    """Paths under ``url`` that LinkChecker's CSV report calls invalid."""
    rows = csv.DictReader(
        (line for line in csv_text.splitlines() if line and not line.startswith("#")),
        delimiter=";",
    )
    return {
        row["url"][len(url) :].split("#")[0]
        for row in rows
        if row.get("valid") == "False" and row.get("url", "").startswith(url)
    }


def delete_page(output, page):
    """Delete ``page`` (a folder's index.html) from ``output``; return its folder's URL path."""
    (output / page).unlink()
    record = record_path(output)
    if record.exists():
        # The record describes the build; the breakage is planted on purpose.
        os.utime(record)
    return page.removesuffix("index.html")


def invoke_check_finds(output, folder):
    """`invoke check` must fail and name ``folder``; raises BenchError or CommandFailed."""
    ours = run_checked(check_command(output), expected=1)
    if folder not in ours.stdout:
        raise BenchError(f"invoke check did not report the missing {folder}:\n{ours.stdout}")


def linkchecker_finds(output, folder, config):
    """LinkChecker must fail and report ``folder`` as its only invalid link."""
    with served(output) as url:
        theirs = run_checked(linkchecker_command(config, url, "-o", "csv"), expected=1)
    found = invalid_urls(theirs.stdout, url)
    if found != {folder}:
        raise BenchError(
            f"LinkChecker on {output.name} reported {sorted(found)} invalid, expected {folder}"
        )
