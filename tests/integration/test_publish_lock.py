"""One publish at a time, and what a killed publish or build leaves behind.

Publishes and builds here are real processes, killed with SIGKILL. The
publishes run sitebuild.publish.publish in a child process with the
three-chapter fixture site and the production settings; the site check is a
stand-in, as in test_publish.py (the check has its own tests). To kill a
publish during its copy, the child is started with
SITEBUILD_TEST_STOP_COPY_AFTER_FILES, which makes it stop, as a hung machine
would, once that many files of the new release are copied.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_build

from sitebuild import lock, publish
from sitebuild.staging import staging_folder

SITEURL = "https://guide.example.org"
FIXTURE = ROOT / "tests" / "fixtures" / "mini_site"
# A publish in its own process, with the stand-in check; it prints its result.
CHILD = """
import logging, sys
from sitebuild import publish
target, output, content, wait = sys.argv[1:]
progress = logging.StreamHandler(sys.stderr)
progress.setFormatter(logging.Formatter("%(message)s"))
logging.getLogger("sitebuild").addHandler(progress)
logging.getLogger("sitebuild").setLevel(logging.INFO)
result = publish.publish(
    target, settings="publishconf.py", output=output, check=lambda output, settings: [],
    overrides={"PATH": content, "PUBLISH_LOCK_WAIT_SECONDS": float(wait)},
)
print(result.message, file=sys.stderr)
sys.exit(0 if result.ok else 1)
"""
STOP_AFTER = 5


@pytest.fixture(autouse=True)
def environment(monkeypatch):
    monkeypatch.setenv("SITEURL", SITEURL)


@pytest.fixture
def content(tmp_path):
    return shutil.copytree(FIXTURE / "content", tmp_path / "content")


def start_publish(target, output, content, wait=0, stop_copy_after=None):
    env = dict(os.environ)
    if stop_copy_after is not None:
        env[publish.TEST_STOP_COPY_AFTER] = str(stop_copy_after)
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, target, str(output), str(content), str(wait)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process):
    _, stderr = process.communicate(timeout=300)
    return process.returncode, stderr


def wait_for(condition, process, what):
    """Poll until ``condition()`` holds; fail, with the process's messages, if it ends first."""
    for _ in range(3000):
        if condition():
            return
        if process.poll() is not None:
            pytest.fail(f"the process ended before {what}: {process.stderr.read()}")
        time.sleep(0.05)
    pytest.fail(f"gave up waiting for {what}")


def files(root):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def incoming(live):
    return sorted((live / "releases").glob(".*.incoming"))


def edit_a_chapter(content):
    chapter = content / "chapters" / "01-starting-small.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA new closing line.\n")


def test_a_publish_while_another_holds_the_lock_refuses_and_names_the_lock(tmp_path, content):
    live = tmp_path / "live"
    target = f"dir:{live}"
    with lock.held(lock.dir_lock(live), target, wait=0):
        result = publish.publish(
            target,
            settings=ROOT / "publishconf.py",
            output=tmp_path / "output",
            overrides={"PATH": str(content), "PUBLISH_LOCK_WAIT_SECONDS": 0},
            check=lambda output, settings: [],
        )
    assert not result.ok
    assert result.message == (
        f"Nothing was published: another publish to {target} is still running: it holds "
        f"the lock {live / '.publish.lock'}. Publish again when it has finished."
    )
    assert not (tmp_path / "output").exists()
    assert [path.name for path in live.iterdir()] == [".publish.lock"]


def test_a_publish_killed_during_its_copy_leaves_the_live_site_and_the_next_cleans_up(
    tmp_path, content
):
    live, output = tmp_path / "live", tmp_path / "output"
    target = f"dir:{live}"
    code, stderr = finish(start_publish(target, output, content))
    assert code == 0, stderr
    first = (live / "current").resolve()
    first_files = files(first)

    edit_a_chapter(content)
    stopped = start_publish(target, output, content, stop_copy_after=STOP_AFTER)
    wait_for(
        lambda: incoming(live) and len(files(incoming(live)[0])) >= STOP_AFTER,
        stopped,
        "the copy of the new release began",
    )
    # A second publish to the same target, refused at once, then one that waits.
    code, stderr = finish(start_publish(target, output, content, wait=0))
    assert code == 1
    assert f"another publish to {target} is still running" in stderr
    assert str(live / ".publish.lock") in stderr
    waiting = start_publish(target, output, content, wait=600)
    assert waiting.stderr.readline().startswith(
        f"waiting for another publish to {target} to finish (up to 600 s; lock "
    )

    stopped.send_signal(signal.SIGKILL)
    assert stopped.wait(timeout=60) == -signal.SIGKILL
    (half_written,) = incoming(live)
    assert 0 < len(files(half_written)) < len(files(output))
    # The live site is still the first release, whole.
    assert (live / "current").resolve() == first
    assert files(live / "current") == first_files

    code, stderr = finish(waiting)
    assert code == 0, stderr
    assert f"Removed {half_written}, left by a publish that was stopped half-way" in stderr
    assert incoming(live) == []
    second = (live / "current").resolve()
    assert second != first
    assert files(second) == files(output)
    assert b"A new closing line." in files(second)["guide/starting-small/index.html"]
    assert files(first) == first_files


def test_a_lock_whose_holder_was_killed_is_free(tmp_path):
    path = tmp_path / "live" / ".publish.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from sitebuild import lock\n"
            "with lock.held(sys.argv[1], 'dir:live', wait=0):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(600)\n",
            str(path),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline() == "held\n"
    busy = pytest.raises(lock.LockError, match="another publish to dir:live is still running")
    with busy, lock.held(path, "dir:live", wait=0):
        pass
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=60)
    with lock.held(path, "dir:live", wait=0) as held:
        assert held == path


def test_gh_pages_and_rsync_targets_lock_files_of_their_own(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "init", "--quiet", str(clone)], check=True)
    assert publish.target_lock(publish.Target("gh-pages"), clone) == (
        clone / ".git" / "publish.lock"
    )
    one = publish.target_lock(publish.parse_target("deploy@example.org:/srv/guide"), tmp_path)
    other = publish.target_lock(publish.parse_target("deploy@example.org:/srv/other"), tmp_path)
    assert one.parent == other.parent == tmp_path / ".cache" / "publish-locks"
    assert one != other
    assert one.name.startswith("deploy_example.org_srv_guide-")
    # A dry run creates nothing in a dir: target that is not there yet.
    assert publish.target_lock(publish.Target("dir", str(tmp_path / "new")), dry_run=True) is None


# Builds ---------------------------------------------------------------------


def start_build(output):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sitebuild.build",
            "--settings",
            str(FIXTURE / "settings.py"),
            "--output",
            str(output),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_mid_build(output):
    """Start a build and kill it while it writes its staging folder; return that folder."""
    for _ in range(5):
        build = start_build(output)
        staging = staging_folder(output, build.pid)
        wait_for(staging.exists, build, "the build made its staging folder")
        build.send_signal(signal.SIGSTOP)
        if staging.exists():
            build.send_signal(signal.SIGKILL)
            build.wait(timeout=60)
            return staging
        # It finished between the two looks; try again.
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
    pytest.fail("every build finished before it could be stopped")


def test_a_killed_build_leaves_the_output_and_the_next_build_removes_its_staging(tmp_path):
    output = tmp_path / "output"
    done = run_build(FIXTURE / "settings.py", output)
    assert done.returncode == 0, done.stderr
    before = files(output)

    staging = kill_mid_build(output)

    assert files(output) == before
    assert staging.is_dir()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        # A staging folder whose build still runs is someone else's work.
        busy = staging_folder(output, running.pid)
        busy.mkdir()
        done = run_build(FIXTURE / "settings.py", output)
        assert done.returncode == 0, done.stderr
        assert not staging.exists()
        assert busy.is_dir()
    finally:
        running.kill()
        running.wait()
    assert files(output) == before
