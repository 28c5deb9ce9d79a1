"""sitebuild.browser: the order in which the browser tests' browser is found.

Each test lays out fake browsers (small executable files) in tmp_path: a
stand-in for /usr/bin/chromium, folders for PATH, and where Playwright's
chromium would be.
"""

import pytest

from sitebuild.browser import Browser, find_browser, is_snap_wrapper, missing_message

SNAP_WRAPPER = (
    "#!/bin/sh\n"
    "if ! [ -x /snap/bin/chromium ]; then\n"
    "  echo \"Command '$0' requires the chromium snap to be installed.\" >&2\n"
    '  exit 1\nfi\nexec /snap/bin/chromium "$@"\n'
)
LAUNCHER = '#!/bin/sh\n# Chromium launcher\nexec /usr/lib/chromium/chromium "$@"\n'


def executable(path, text=LAUNCHER):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


class Machine:
    """A fake machine: Debian's chromium, PATH folders and Playwright's folder under one root."""

    def __init__(self, root):
        self.root = root
        self.debian = root / "usr" / "bin" / "chromium"
        self.bin = root / "usr" / "local" / "bin"
        self.opt = root / "opt" / "bin"
        self.managed = root / "ms-playwright" / "chromium-1" / "chrome-linux" / "chrome"
        self.bin.mkdir(parents=True)
        self.opt.mkdir(parents=True)

    def find(self):
        return find_browser(
            search_path=f"{self.bin}:{self.opt}",
            debian=self.debian,
            managed=lambda: str(self.managed),
        )


@pytest.fixture
def machine(tmp_path):
    return Machine(tmp_path)


def test_debian_chromium_comes_first(machine):
    executable(machine.debian)
    executable(machine.bin / "google-chrome")
    executable(machine.managed)
    assert machine.find() == Browser("Debian's chromium", str(machine.debian))


def test_a_snap_wrapper_at_usr_bin_chromium_is_passed_over_for_google_chrome(machine):
    executable(machine.debian, SNAP_WRAPPER)
    chrome = executable(machine.opt / "google-chrome")
    executable(machine.managed)
    assert machine.find() == Browser("Google Chrome", str(chrome))


@pytest.mark.parametrize(
    ("installed", "expected"),
    [
        (["google-chrome-stable", "chromium-browser"], ("Google Chrome", "google-chrome-stable")),
        (["chromium-browser", "chromium"], ("Chromium", "chromium-browser")),
        (["chromium"], ("Chromium", "chromium")),
        (["google-chrome", "google-chrome-stable"], ("Google Chrome", "google-chrome")),
    ],
)
def test_installed_browsers_are_found_on_path_in_order(machine, installed, expected):
    for name in installed:
        executable(machine.bin / name)
    executable(machine.managed)
    kind, name = expected
    assert machine.find() == Browser(kind, str(machine.bin / name))


def test_a_snap_wrapper_on_path_is_passed_over(machine):
    executable(machine.bin / "chromium-browser", SNAP_WRAPPER)
    chromium = executable(machine.opt / "chromium")
    assert machine.find() == Browser("Chromium", str(chromium))


def test_a_link_into_snap_is_a_snap_wrapper(machine, tmp_path):
    (machine.bin / "chromium").symlink_to("/snap/bin/chromium")
    assert is_snap_wrapper(machine.bin / "chromium")
    assert not is_snap_wrapper(executable(tmp_path / "real" / "chromium"))


def test_playwrights_chromium_comes_last(machine):
    executable(machine.debian, SNAP_WRAPPER)
    executable(machine.bin / "chromium-browser", SNAP_WRAPPER)
    executable(machine.managed, "\x7fELF a binary")
    assert machine.find() == Browser("Playwright's chromium", str(machine.managed))


def test_a_file_that_cannot_be_run_is_not_a_browser(machine):
    machine.debian.parent.mkdir(parents=True)
    machine.debian.write_text(LAUNCHER, encoding="utf-8")
    machine.debian.chmod(0o644)
    executable(machine.managed)
    assert machine.find().kind == "Playwright's chromium"


def test_nothing_found_is_none_and_the_message_says_how_to_install_one(machine):
    assert machine.find() is None
    message = missing_message(machine.debian)
    assert message.startswith("no browser for the browser tests: looked for Debian's chromium")
    assert "python -m playwright install --with-deps chromium" in message


def test_the_browser_is_named_with_its_path():
    assert str(Browser("Google Chrome", "/usr/bin/google-chrome")) == (
        "Google Chrome (/usr/bin/google-chrome)"
    )
