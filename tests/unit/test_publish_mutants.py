"""What the mutation run of sitebuild.publish found loose: which gh-pages branch a publish
builds on when the clone holds a file named like a ref, and the target and wait a run
asks the lock for.

The module's main tests are in test_publish_parts.py, test_publish_deploy.py,
test_publish_run.py and test_publish_more.py.
"""

import test_publish_deploy

from sitebuild import lock, publish
from sitebuild.publish import PublishResult

git, repo = test_publish_deploy.git, test_publish_deploy.repo  # repo: a fixture


def write_file(path, text=""):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# gh-pages ----------------------------------------------------------------------


def test_a_file_named_like_the_branch_is_not_taken_for_it(repo):
    # Without --verify, git rev-parse accepts a file of the working tree as well.
    write_file(repo / "refs" / "heads" / "gh-pages")
    write_file(repo / "refs" / "remotes" / "origin" / "gh-pages")
    assert publish.gh_pages_base(repo) is None


def test_a_file_named_like_origins_branch_leaves_the_local_branch_as_the_base(repo, tmp_path):
    git(repo, "branch", "gh-pages")  # holds README.md only
    write_file(repo / "refs" / "remotes" / "origin" / "gh-pages")
    site = tmp_path / "output"
    write_file(site / "index.html", "home")
    assert publish.gh_pages_base(repo) == "refs/heads/gh-pages"
    changes = publish.deploy_gh_pages(site, repo, dry_run=True)
    assert (changes.added, changes.changed, changes.removed) == (
        [".nojekyll", "index.html"],
        [],
        ["README.md"],
    )


# The lock ----------------------------------------------------------------------


def not_built(settings, output, overrides=None):
    raise AssertionError("built without the lock")


def test_the_lock_is_asked_for_with_the_target_and_the_settings_wait(tmp_path, monkeypatch):
    asked = []

    def refuse(path, what, wait=lock.DEFAULT_WAIT_SECONDS):
        asked.append((path, what, wait))
        raise lock.LockError(f"{what} is busy (waited {wait} s)")

    monkeypatch.setattr(
        publish, "load_settings", lambda settings, overrides: {"PUBLISH_LOCK_WAIT_SECONDS": 7}
    )
    monkeypatch.setattr(lock, "held", refuse)
    target = f"dir:{tmp_path / 'live'}"
    result = publish.publish(target, build=not_built, check=lambda output, config: [])
    assert asked == [(tmp_path / "live" / ".publish.lock", target, 7)]
    assert result == PublishResult(False, f"Nothing was published: {target} is busy (waited 7 s).")
