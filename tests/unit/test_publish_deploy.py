"""The deploy steps of sitebuild.publish on small trees: gh-pages in a real git repository,
rsync to a local folder, and dir: releases. No site is built here; the whole run is in
tests/integration/test_publish.py.
"""

import hashlib
import os
import subprocess
import sys

import pytest

from sitebuild import publish
from sitebuild.publish import PublishError, Target


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def site(tmp_path):
    return write(
        tmp_path / "output",
        {"index.html": "home", "guide/a b/index.html": "chapter", "theme/css/site.css": "css"},
    )


def git(repo, *args):
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path):
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.email", "editors@guide.test")
    git(folder, "config", "user.name", "Editors")
    (folder / "README.md").write_text("guide\n", encoding="utf-8")
    git(folder, "add", "README.md")
    git(folder, "commit", "-q", "-m", "start")
    return folder


# Comparing trees -------------------------------------------------------------


def test_tree_files_lists_files_only_by_posix_path_in_order(site):
    (site / "empty").mkdir()
    files = publish.tree_files(site)
    assert list(files) == ["guide/a b/index.html", "index.html", "theme/css/site.css"]
    assert files["index.html"] == site / "index.html"


def test_tree_digests_default_to_sha256_and_take_another_digest(site):
    digests = publish.tree_digests(site)
    assert digests["index.html"] == hashlib.sha256(b"home").hexdigest()
    assert publish.tree_digests(site, len) == {
        "guide/a b/index.html": 7,
        "index.html": 4,
        "theme/css/site.css": 3,
    }


# gh-pages --------------------------------------------------------------------


def test_a_missing_ref_has_an_empty_tree(repo):
    assert publish.branch_tree(repo, "refs/heads/gh-pages") == {}


def test_branch_tree_gives_each_path_its_blob_id(repo):
    assert publish.branch_tree(repo, "HEAD") == {"README.md": publish.git_blob_id(b"guide\n")}


def test_gh_pages_base_prefers_origins_branch(repo):
    assert publish.gh_pages_base(repo) is None
    git(repo, "branch", "gh-pages")
    assert publish.gh_pages_base(repo) == "refs/heads/gh-pages"
    git(repo, "update-ref", "refs/remotes/origin/gh-pages", "HEAD")
    assert publish.gh_pages_base(repo) == "refs/remotes/origin/gh-pages"
    assert publish.gh_pages_base(repo, branch="pages") is None


def test_gh_pages_expected_adds_nojekyll_and_the_cname(site):
    expected = publish.gh_pages_expected(site, "guide.example.org")
    assert expected[".nojekyll"] == publish.git_blob_id(b"")
    assert expected["CNAME"] == publish.git_blob_id(b"guide.example.org")
    assert expected["index.html"] == publish.git_blob_id(b"home")
    assert "CNAME" not in publish.gh_pages_expected(site)


def test_gh_pages_outside_a_repository_is_refused(site, tmp_path):
    (tmp_path / "plain").mkdir()
    with pytest.raises(PublishError, match="is not a git repository; run publish from"):
        publish.deploy_gh_pages(site, tmp_path / "plain")


def test_a_gh_pages_dry_run_lists_the_changes_and_commits_nothing(site, repo):
    changes = publish.deploy_gh_pages(site, repo, cname="guide.example.org", dry_run=True)
    assert changes.added == [
        ".nojekyll",
        "CNAME",
        "guide/a b/index.html",
        "index.html",
        "theme/css/site.css",
    ]
    assert (changes.changed, changes.removed) == ([], [])
    assert publish.gh_pages_base(repo) is None


def test_gh_pages_commits_the_site_naming_the_source_commit(site, repo):
    changes = publish.deploy_gh_pages(site, repo)
    assert len(changes.added) == 4
    assert publish.branch_tree(repo, "refs/heads/gh-pages") == publish.gh_pages_expected(site)
    head = git(repo, "rev-parse", "--short", "HEAD")
    assert (
        git(repo, "log", "-1", "--format=%s", "gh-pages") == f"Publish the site built from {head}"
    )
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD") == "main"

    (site / "index.html").write_text("home again", encoding="utf-8")
    (site / "theme/css/site.css").unlink()
    again = publish.deploy_gh_pages(site, repo)
    assert (again.added, again.changed, again.removed) == (
        [],
        ["index.html"],
        ["theme/css/site.css"],
    )


def test_gh_pages_without_a_commit_yet_says_only_publish(site, tmp_path):
    folder = tmp_path / "new"
    folder.mkdir()
    git(folder, "init", "-q")
    git(folder, "config", "user.email", "editors@guide.test")
    git(folder, "config", "user.name", "Editors")
    publish.deploy_gh_pages(site, folder)
    assert git(folder, "log", "-1", "--format=%s", "gh-pages") == "Publish the site"


def test_a_failing_ghp_import_is_an_error_with_its_message(site, repo, monkeypatch):
    monkeypatch.setattr(
        publish,
        "ghp_import_command",
        lambda *args: [sys.executable, "-c", "import sys; sys.exit('no can do')"],
    )
    with pytest.raises(PublishError, match=r"ghp-import failed \(exit 1\): no can do"):
        publish.deploy_gh_pages(site, repo)


def test_a_ghp_import_that_commits_nothing_is_caught(site, repo, monkeypatch):
    monkeypatch.setattr(
        publish, "ghp_import_command", lambda *args: [sys.executable, "-c", "print('done')"]
    )
    with pytest.raises(
        PublishError, match="branch does not hold the built site after ghp-import: done"
    ):
        publish.deploy_gh_pages(site, repo)


# rsync -----------------------------------------------------------------------


def test_rsync_dry_run_lists_the_changes_and_sends_nothing(site, tmp_path):
    destination = tmp_path / "remote"
    destination.mkdir()
    listing = publish.deploy_rsync(site, Target("rsync", str(destination)), dry_run=True)
    assert "index.html" in listing and "site.css" in listing
    assert list(destination.iterdir()) == []


def test_rsync_sends_the_site_and_removes_what_is_gone(site, tmp_path):
    destination = write(tmp_path / "remote", {"old.html": "old"})
    assert publish.deploy_rsync(site, Target("rsync", str(destination))) == ""
    assert publish.tree_digests(destination) == publish.tree_digests(site)


def test_a_failing_rsync_is_an_error_with_its_message(site, tmp_path):
    with pytest.raises(PublishError, match=r"(?s)rsync failed \(exit \d+\): .+ not yet live"):
        publish.deploy_rsync(site, Target("rsync", str(tmp_path / "no" / "such" / "folder")))


def test_without_rsync_the_error_says_how_to_install_it(site, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PublishError, match=r"rsync is not installed; install it \(apt-get"):
        publish.deploy_rsync(site, Target("rsync", str(tmp_path / "remote")))


# dir: ------------------------------------------------------------------------


def test_before_the_first_release_there_is_no_current_one(tmp_path):
    assert publish.current_release(tmp_path) is None


def test_the_current_release_is_where_the_link_points(tmp_path):
    (tmp_path / "releases" / "one").mkdir(parents=True)
    os.symlink("releases/one", tmp_path / "current")
    assert publish.current_release(tmp_path) == (tmp_path / "releases" / "one").resolve()


def test_a_leftover_temporary_link_is_replaced(tmp_path):
    (tmp_path / "one").mkdir()
    os.symlink("gone", tmp_path / f".current.{os.getpid()}.new")
    publish.switch_symlink(tmp_path / "current", "one")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "one"]


def test_half_written_releases_and_links_are_removed_and_nothing_else(tmp_path):
    releases = tmp_path / "releases"
    write(releases, {".20260101T000000000000Z.incoming/index.html": "half", "2026/index.html": "x"})
    (releases / ".20260102T000000000000Z.incoming").write_text("odd", encoding="utf-8")
    os.symlink("releases/2026", tmp_path / ".current.123.new")
    (tmp_path / ".current.456.new").write_text("not a link", encoding="utf-8")
    removed = publish.remove_half_written(tmp_path)
    assert sorted(p.name for p in removed) == [
        ".20260101T000000000000Z.incoming",
        ".20260102T000000000000Z.incoming",
        ".current.123.new",
    ]
    assert sorted(p.name for p in releases.iterdir()) == ["2026"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".current.456.new", "releases"]


def test_nothing_half_written_without_a_releases_folder(tmp_path):
    assert publish.remove_half_written(tmp_path) == []


def test_copies_are_plain_unless_a_test_asks_to_stop(monkeypatch, tmp_path):
    import shutil

    monkeypatch.delenv(publish.TEST_STOP_COPY_AFTER, raising=False)
    assert publish._copy_function() is shutil.copy2
    monkeypatch.setenv(publish.TEST_STOP_COPY_AFTER, "2")

    class Stopped(Exception):
        pass

    def sleep(seconds):
        assert seconds == 60
        raise Stopped

    monkeypatch.setattr(publish.time, "sleep", sleep)
    copy = publish._copy_function()
    write(tmp_path, {"a": "1", "b": "2"})
    copy(tmp_path / "a", tmp_path / "a2")
    with pytest.raises(Stopped):
        copy(tmp_path / "b", tmp_path / "b2")
    assert (tmp_path / "b2").read_text(encoding="utf-8") == "2"


def test_a_dir_dry_run_lists_the_changes_and_creates_nothing(site, tmp_path):
    root = tmp_path / "live"
    changes = publish.deploy_dir(site, root, dry_run=True)
    assert len(changes.added) == 3
    assert not root.exists()


def test_a_release_goes_live_through_a_relative_link(site, tmp_path):
    root = tmp_path / "live"
    changes = publish.deploy_dir(site, root, new_id="20260101T000000000000Z")
    assert changes.summary() == "3 added, 0 changed, 0 removed"
    assert os.readlink(root / "current") == "releases/20260101T000000000000Z"
    assert publish.tree_digests(root / "current") == publish.tree_digests(site)

    (site / "index.html").write_text("new home", encoding="utf-8")
    again = publish.deploy_dir(site, root, new_id="20260102T000000000000Z", dry_run=True)
    assert (again.added, again.changed, again.removed) == ([], ["index.html"], [])


def test_a_release_id_already_used_is_refused(site, tmp_path):
    root = tmp_path / "live"
    publish.deploy_dir(site, root, new_id="20260101T000000000000Z")
    with pytest.raises(PublishError, match="already exists; publish again for a new release id"):
        publish.deploy_dir(site, root, new_id="20260101T000000000000Z")


def test_a_release_without_an_id_is_named_by_its_time(site, tmp_path):
    root = tmp_path / "live"
    publish.deploy_dir(site, root)
    [release] = (root / "releases").iterdir()
    assert publish.re.fullmatch(r"\d{8}T\d{12}Z", release.name)


def test_the_default_keeps_three_earlier_releases(site, tmp_path):
    root = tmp_path / "live"
    for day in range(1, 7):
        publish.deploy_dir(site, root, new_id=f"202601{day:02}T000000000000Z")
    kept = sorted(p.name for p in (root / "releases").iterdir())
    assert kept == [f"202601{day:02}T000000000000Z" for day in range(3, 7)]


def test_a_release_clears_what_a_killed_publish_left(site, tmp_path):
    root = tmp_path / "live"
    write(root / "releases", {".20250101T000000000000Z.incoming/index.html": "half"})
    publish.deploy_dir(site, root, new_id="20260101T000000000000Z")
    assert sorted(p.name for p in (root / "releases").iterdir()) == ["20260101T000000000000Z"]


def test_a_relative_root_is_made_absolute(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    publish.deploy_dir(site, "live", new_id="20260101T000000000000Z")
    assert (tmp_path / "live" / "current" / "index.html").read_text(encoding="utf-8") == "home"


# What the unit tests above leave open --------------------------------------------


def test_a_path_with_a_tab_keeps_it_in_the_branch_tree(repo):
    (repo / "a\tb.html").write_text("tab", encoding="utf-8")
    git(repo, "add", "a\tb.html")
    git(repo, "commit", "-q", "-m", "tab")
    assert publish.branch_tree(repo, "HEAD")["a\tb.html"] == publish.git_blob_id(b"tab")


def test_gh_pages_commits_the_cname_and_pushes_only_when_asked(site, repo, tmp_path):
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    git(repo, "remote", "add", "origin", str(origin))
    publish.deploy_gh_pages(site, repo, cname="guide.example.org")
    assert publish.branch_tree(repo, "refs/heads/gh-pages")["CNAME"] == publish.git_blob_id(
        b"guide.example.org"
    )
    assert publish.branch_tree(origin, "refs/heads/gh-pages") == {}
    publish.deploy_gh_pages(site, repo, cname="guide.example.org", push=True)
    assert publish.branch_tree(origin, "refs/heads/gh-pages") == publish.gh_pages_expected(
        site, "guide.example.org"
    )


def test_a_ghp_import_that_says_nothing_is_reported_as_such(site, repo, monkeypatch):
    monkeypatch.setattr(publish, "ghp_import_command", lambda *args: ["true"])
    with pytest.raises(PublishError, match="after ghp-import: no message$"):
        publish.deploy_gh_pages(site, repo)


def test_rsync_says_what_it_runs_and_uses_the_targets_port(site, tmp_path, caplog):
    destination = tmp_path / "remote"
    destination.mkdir()
    with caplog.at_level("INFO", logger="sitebuild.publish"):
        publish.deploy_rsync(site, Target("rsync", str(destination), 2222), dry_run=True)
    [message] = [r.getMessage() for r in caplog.records]
    command = publish.rsync_command(site, str(destination), 2222, dry_run=True)
    assert message == "Running: " + " ".join(command)
    assert "ssh -p 2222" in message


def test_the_rsync_messages_in_full(site, tmp_path, monkeypatch):
    with pytest.raises(PublishError) as failed:
        publish.deploy_rsync(site, Target("rsync", str(tmp_path / "no" / "such")))
    assert str(failed.value).startswith("rsync failed (exit ")
    assert str(failed.value).endswith(
        ". The files already sent are in hidden .~tmp~ folders, not yet live."
    )
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PublishError) as missing:
        publish.deploy_rsync(site, Target("rsync", str(tmp_path / "remote")))
    assert str(missing.value) == (
        "rsync is not installed; install it (apt-get install rsync) and publish again"
    )


def test_a_source_folder_ending_in_x_keeps_its_name(tmp_path):
    assert publish.rsync_command("siteX", "h:/x")[-2] == "siteX/"


def test_release_ids_are_in_utc_whatever_the_local_zone(monkeypatch):
    import time
    from datetime import UTC, datetime, timedelta

    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14
    time.tzset()
    try:
        made = datetime.strptime(publish.release_id(), "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert abs(made - datetime.now(UTC)) < timedelta(minutes=5)


def test_a_current_folder_is_refused_with_where_to_move_it(tmp_path):
    (tmp_path / "current").mkdir()
    with pytest.raises(PublishError) as refused:
        publish.current_release(tmp_path)
    assert str(refused.value) == (
        f"{tmp_path / 'current'} exists but is not a symlink; move it aside (for example into "
        f"{tmp_path / 'releases'}) and publish again"
    )


def test_a_stopped_copy_says_so(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv(publish.TEST_STOP_COPY_AFTER, "1")

    class Stopped(Exception):
        pass

    def sleep(seconds):
        raise Stopped

    monkeypatch.setattr(publish.time, "sleep", sleep)
    write(tmp_path, {"a": "1"})
    with caplog.at_level("INFO", logger="sitebuild.publish"), pytest.raises(Stopped):
        publish._copy_function()(tmp_path / "a", tmp_path / "a2")
    assert [r.getMessage() for r in caplog.records] == [
        f"{publish.TEST_STOP_COPY_AFTER}: stopped after 1 files"
    ]


def test_a_release_keeps_symbolic_links_as_links(site, tmp_path):
    os.symlink("index.html", site / "home.html")
    root = tmp_path / "live"
    publish.deploy_dir(site, root, new_id="20260101T000000000000Z")
    copied = root / "current" / "home.html"
    assert copied.is_symlink() and os.readlink(copied) == "index.html"


def test_a_release_uses_the_copy_a_test_can_stop(site, tmp_path, monkeypatch):
    copied = []

    def recording():
        def copy(source, destination):
            copied.append(os.path.basename(source))
            return publish.shutil.copy2(source, destination)

        return copy

    monkeypatch.setattr(publish, "_copy_function", recording)
    publish.deploy_dir(site, tmp_path / "live", new_id="20260101T000000000000Z")
    assert sorted(copied) == ["index.html", "index.html", "site.css"]


def test_a_release_says_what_it_removed(site, tmp_path, caplog):
    root = tmp_path / "live"
    publish.deploy_dir(site, root, keep=0, new_id="20260101T000000000000Z")
    write(root / "releases", {".20260101T000000000001Z.incoming/index.html": "half"})
    with caplog.at_level("INFO", logger="sitebuild.publish"):
        publish.deploy_dir(site, root, keep=0, new_id="20260102T000000000000Z")
    releases = root / "releases"
    assert [r.getMessage() for r in caplog.records] == [
        f"Removed {releases / '.20260101T000000000001Z.incoming'}, left by a publish that was "
        "stopped half-way",
        f"Removed old release {releases / '20260101T000000000000Z'}",
    ]
