"""Staging folders: named per process, and only those of builds that are gone are removed."""

import os
import subprocess
import sys

from sitebuild.staging import (
    prepare_staging,
    process_is_gone,
    staging_folder,
    stale_staging_folders,
)


def test_each_process_stages_beside_the_output_in_a_folder_named_by_its_pid(tmp_path):
    output = tmp_path / "site" / "output"
    assert staging_folder(output, 12) == tmp_path / "site" / ".output.new-12"
    assert staging_folder(str(output)) == tmp_path / "site" / f".output.new-{os.getpid()}"


def test_a_running_process_is_not_gone_and_a_finished_one_is():
    assert not process_is_gone(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert process_is_gone(child.pid)


def test_a_process_this_user_may_not_signal_is_not_gone(monkeypatch):
    def refuse(pid, signal):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "kill", refuse)
    assert not process_is_gone(1)


def make(tmp_path, *names):
    for name in names:
        (tmp_path / name).mkdir()


def test_only_folders_of_builds_that_are_gone_are_stale(tmp_path):
    output = tmp_path / "output"
    make(
        tmp_path,
        ".output.new-1",
        ".output.new-2",
        ".output.new-x",
        ".other.new-4",
        ".output.new-7-old",
        f".output.new-{os.getpid()}",
    )
    (tmp_path / ".output.new-3").write_text("a file, not a folder\n", encoding="utf-8")
    (tmp_path / ".output.new-5").symlink_to(tmp_path / ".output.new-1")
    running = {2}
    stale = stale_staging_folders(output, is_gone=lambda pid: pid not in running)
    # Not: a build still running, a file, a symlink, other names, this process's own.
    assert stale == [tmp_path / ".output.new-1"]


def test_nothing_is_stale_beside_an_output_whose_folder_does_not_exist(tmp_path):
    assert stale_staging_folders(tmp_path / "missing" / "output") == []


def test_prepare_removes_the_stale_and_its_own_and_keeps_a_running_builds(tmp_path):
    output = tmp_path / "output"
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    gone, own = staging_folder(output, child.pid), staging_folder(output)
    busy = staging_folder(output, os.getppid())
    for folder in (gone, own, busy):
        folder.mkdir()
        (folder / "index.html").write_text("half a site\n", encoding="utf-8")
    mask = os.umask(0)
    try:
        staging = prepare_staging(output)
    finally:
        os.umask(mask)
    assert staging == own
    assert staging.is_dir() and list(staging.iterdir()) == []
    assert staging.stat().st_mode & 0o777 == 0o755
    assert not gone.exists()
    assert (busy / "index.html").exists()


def test_prepare_makes_the_parent_folders_it_needs(tmp_path):
    staging = prepare_staging(tmp_path / "a" / "b" / "output")
    assert staging == tmp_path / "a" / "b" / f".output.new-{os.getpid()}"
    assert staging.is_dir()
