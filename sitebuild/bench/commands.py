"""Running the commands the bench times: every one is checked, and timed only if it worked.

A build that crashes after a second would otherwise be reported as a fast
build, so a command that exits with another status than the one expected
raises ``CommandFailed``, which names the command, its exit status and the
end of what it wrote to stderr; the bench stops there.
"""

import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
STDERR_TAIL_LINES = 20


class BenchError(Exception):
    """The bench cannot go on: what it measured would not be true."""


class CommandFailed(BenchError):
    """A command the bench ran did not exit as expected."""

    def __init__(self, command, returncode, stderr, expected=0, stdout=""):
        self.command = [str(part) for part in command]
        self.returncode = returncode
        self.stderr = stderr
        # Pelican's command line logs its errors to stdout.
        said = stderr.rstrip() or stdout.rstrip()
        tail = "\n".join(said.splitlines()[-STDERR_TAIL_LINES:]) or "(nothing)"
        super().__init__(
            f"{shlex.join(self.command)}\nexited with {returncode} (expected {expected}); "
            f"the end of its {'stderr' if stderr.strip() else 'stdout'}:\n{tail}"
        )


def run_checked(command, expected=0, **kwargs):
    """Run ``command`` from the repository root; return the CompletedProcess.

    Raises CommandFailed unless it exits with ``expected``.
    """
    done = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        cwd=kwargs.pop("cwd", ROOT),
        check=False,
        **kwargs,
    )
    if done.returncode != expected:
        raise CommandFailed(command, done.returncode, done.stderr, expected, done.stdout)
    return done


def timed(command, expected=0):
    """Run a command that must exit with ``expected``; return how long it took in seconds."""
    started = time.perf_counter()
    run_checked(command, expected)
    return time.perf_counter() - started


def interleaved(runs, commands):
    """Run ``commands`` (id -> command) in turn for ``runs`` rounds; return id -> times.

    Taking turns means a machine that slows down or speeds up during the
    bench moves every command compared alike.
    """
    times = {key: [] for key in commands}
    for _ in range(runs):
        for key, command in commands.items():
            times[key].append(timed(command))
    return times


def build_command(settings, output):
    """Our strict, atomic build runner, as `invoke build` runs it."""
    return [
        sys.executable,
        "-m",
        "sitebuild.build",
        "--settings",
        settings,
        "--output",
        output,
    ]


def pelican_command(settings, output):
    """Plain Pelican, quiet."""
    return [sys.executable, "-m", "pelican", "-s", settings, "-o", output, "-q"]


def check_command(output):
    """The whole `invoke check`, process start included; it reads output's build record."""
    return [BIN / "invoke", "check", "--output", output]


def shown(command, workdir):
    """``command`` as the report shows it: no machine paths, only placeholders."""
    text = shlex.join(str(part) for part in command)
    replacements = [
        (sys.executable, "python"),
        (str(BIN) + "/", ""),
        (str(workdir), "$BENCH"),
        (str(ROOT) + "/", ""),
        (str(ROOT), "."),
    ]
    for old, new in replacements:
        text = text.replace(old, new)
    return text
