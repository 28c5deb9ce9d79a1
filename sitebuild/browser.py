"""Which browser the browser tests drive: found on the machine, never downloaded by them.

In this order:

1. Debian's chromium, ``/usr/bin/chromium``, when it is the real browser
   and not Ubuntu's transitional package, which only wraps a snap that CI
   runners cannot run;
2. Google Chrome or Chromium already installed, found on PATH as
   ``google-chrome``, ``google-chrome-stable``, ``chromium-browser`` or
   ``chromium`` (GitHub's Ubuntu runners ship Google Chrome);
3. the chromium that Playwright manages (``python -m playwright install
   --with-deps chromium`` puts it in Playwright's own folder), where it has
   been installed.

Used by tests/browser/conftest.py, which names the browser in the test
session's header, and by ``./bootstrap --test``, which installs one only
when none is found: ``python -m sitebuild.browser`` prints the one found,
or exits 1 saying what it looked for.
"""

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
INSTALLED = ("google-chrome", "google-chrome-stable", "chromium-browser", "chromium")
HOW_TO_INSTALL = (
    "run ./bootstrap --test: it installs Debian's chromium on Debian, and Playwright's "
    "chromium (python -m playwright install --with-deps chromium) elsewhere"
)


@dataclass(frozen=True)
class Browser:
    kind: str
    path: str

    def __str__(self):
        return f"{self.kind} ({self.path})"


def is_snap_wrapper(path):
    """Whether ``path`` only hands over to a snap: it lives in /snap, or is a script naming snap."""
    real = Path(os.path.realpath(path))
    if real.parts[1:2] == ("snap",):
        return True
    try:
        with open(real, "rb") as handle:
            head = handle.read(8192)
    except OSError:
        return True
    return head.startswith(b"#!") and b"snap" in head


def usable(path):
    return os.path.isfile(path) and os.access(path, os.X_OK) and not is_snap_wrapper(path)


def playwright_chromium():
    """The path of Playwright's own chromium, whether installed or not."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return playwright.chromium.executable_path


def find_browser(search_path=None, debian=DEBIAN_CHROMIUM, managed=playwright_chromium):
    """Return the Browser to test with, or None; see the module's docstring for the order.

    ``search_path`` is a PATH string (the environment's by default);
    ``managed()`` returns where Playwright's chromium would be.
    """
    if usable(debian):
        return Browser("Debian's chromium", str(debian))
    search_path = os.environ.get("PATH", "") if search_path is None else search_path
    for name in INSTALLED:
        found = shutil.which(name, path=search_path)
        if found and usable(found):
            kind = "Google Chrome" if name.startswith("google-chrome") else "Chromium"
            return Browser(kind, found)
    path = managed()
    if path and usable(path):
        return Browser("Playwright's chromium", path)
    return None


def missing_message(debian=DEBIAN_CHROMIUM):
    return (
        f"no browser for the browser tests: looked for Debian's chromium ({debian}), then "
        f"{', '.join(INSTALLED)} on PATH, then Playwright's chromium. To install one, "
        f"{HOW_TO_INSTALL}"
    )


def main():
    browser = find_browser()
    if browser is None:
        print(missing_message(), file=sys.stderr)
        return 1
    print(browser)
    return 0


if __name__ == "__main__":
    sys.exit(main())
