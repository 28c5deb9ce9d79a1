"""Publishing end to end: gh-pages in a local git repository, dir: releases, rsync.

Each publish builds the three-chapter fixture site with the production
settings (publishconf.py) in this process. The site check is replaced by a
stand-in, so these tests are about deploying; the check's own tests live
with site_audit.
"""

import importlib.util
import io
import shutil
import subprocess

import pytest
from conftest import ROOT

from sitebuild import publish
from sitebuild.publish import Target

SITEURL = "https://guide.example.org"
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "mini_site" / "content"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Publisher",
    "GIT_AUTHOR_EMAIL": "publisher@example.org",
    "GIT_COMMITTER_NAME": "Test Publisher",
    "GIT_COMMITTER_EMAIL": "publisher@example.org",
}


def passing_check(output, settings):
    return []


@pytest.fixture(autouse=True)
def environment(monkeypatch):
    monkeypatch.setenv("SITEURL", SITEURL)
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)
    # A developer's global git configuration must not change what git does here.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def content(tmp_path):
    """A copy of the fixture content that a test may change."""
    return shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")


def run_publish(target, tmp_path, content, check=passing_check, **options):
    return publish.publish(
        target,
        settings=ROOT / "publishconf.py",
        output=tmp_path / "output",
        # The stand-in check replaces the audit; the fixture has no Get help page.
        overrides={"PATH": str(content), "SITE_AUDIT_ON_BUILD": False},
        check=check,
        **options,
    )


def git(cwd, *args):
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def files(root):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def break_a_date(content):
    chapter = content / "chapters" / "02-keeping-going.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("Date: 2026-", "Date: 2026-13-", 1), encoding="utf-8")
    assert chapter.read_text(encoding="utf-8") != text


# gh-pages -----------------------------------------------------------------


@pytest.fixture
def repository(tmp_path):
    """A clone with one commit on main and a bare repository as its origin."""
    remote = tmp_path / "remote.git"
    clone = tmp_path / "clone"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(tmp_path, "init", "--quiet", "-b", "main", str(clone))
    (clone / "README.md").write_text("The guide's sources.\n", encoding="utf-8")
    git(clone, "add", "README.md")
    git(clone, "commit", "--quiet", "-m", "Sources")
    git(clone, "remote", "add", "origin", str(remote))
    git(clone, "push", "--quiet", "origin", "main")
    return clone, remote


def test_gh_pages_commits_the_built_site_and_pushes_it_when_asked(tmp_path, content, repository):
    clone, remote = repository
    main_before = git(remote, "rev-parse", "main")

    result = run_publish(
        "gh-pages", tmp_path, content, repo=clone, push=True, cname="guide.example.org"
    )

    assert result.ok, (result.message, result.details)
    built = files(tmp_path / "output")
    listed = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split("\n")
    assert set(filter(None, listed)) == {*built, ".nojekyll", "CNAME"}
    assert {"index.html", "guide/keeping-going/index.html", "_headers", "sitemap.xml"} <= set(built)
    assert git(remote, "show", "gh-pages:CNAME") == "guide.example.org"
    assert git(remote, "show", "gh-pages:.nojekyll") == ""
    assert git(remote, "show", "gh-pages:index.html").encode() == built["index.html"]
    assert git(remote, "rev-parse", "main") == main_before
    assert git(clone, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert "added" in result.message


def test_gh_pages_without_push_stays_local_and_a_dry_run_then_changes_nothing(
    tmp_path, content, repository
):
    clone, remote = repository

    assert run_publish("gh-pages", tmp_path, content, repo=clone).ok
    assert "gh-pages" not in git(remote, "branch", "--list")
    tip = git(clone, "rev-parse", "gh-pages")

    again = run_publish("gh-pages", tmp_path, content, repo=clone, dry_run=True)
    assert again.ok
    assert again.changes.summary() == "0 added, 0 changed, 0 removed"
    assert git(clone, "rev-parse", "gh-pages") == tip


def test_gh_pages_dry_run_lists_what_would_change(tmp_path, content, repository):
    clone, _ = repository
    result = run_publish("gh-pages", tmp_path, content, repo=clone, dry_run=True)
    assert result.ok
    assert result.message.startswith("Would publish")
    assert {"index.html", ".nojekyll"} <= set(result.changes.added)
    assert git(clone, "branch", "--list", "gh-pages") == ""


# dir:PATH -----------------------------------------------------------------


def current_release(live):
    return (live / "current").resolve()


def test_dir_switches_the_symlink_and_keeps_the_old_release_intact(tmp_path, content, monkeypatch):
    live = tmp_path / "live"
    assert run_publish(f"dir:{live}", tmp_path, content).ok
    first = current_release(live)
    first_files = files(first)
    assert first.parent == live / "releases"
    assert first_files == files(tmp_path / "output")

    chapter = content / "chapters" / "01-starting-small.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA new closing line.\n")

    seen = {}
    real_switch = publish.switch_symlink

    def watch_the_switch(link, target):
        # Just before the one rename that makes the new release live.
        seen["current"] = current_release(live)
        seen["old"] = files(first)
        seen["new"] = files(link.parent / target)
        real_switch(link, target)

    monkeypatch.setattr(publish, "switch_symlink", watch_the_switch)
    result = run_publish(f"dir:{live}", tmp_path, content)

    assert result.ok, (result.message, result.details)
    second = current_release(live)
    assert second != first
    assert seen["current"] == first
    assert seen["old"] == first_files
    assert seen["new"] == files(tmp_path / "output")
    assert files(first) == first_files
    assert b"A new closing line." in files(second)["guide/starting-small/index.html"]
    # The chapter, and the feed that carries its text.
    # The whole guide on one page holds the edited chapter too.
    assert result.changes.changed == [
        "feeds/all.atom.xml",
        "guide/all/index.html",
        "guide/starting-small/index.html",
    ]
    assert (live / "current").is_symlink()
    assert not (live / "current").readlink().is_absolute()


def test_dir_keeps_only_the_newest_releases(tmp_path, content):
    live = tmp_path / "live"
    for _ in range(4):
        assert run_publish(f"dir:{live}", tmp_path, content, keep=1).ok
    releases = sorted(p.name for p in (live / "releases").iterdir())
    assert len(releases) == 2
    assert current_release(live).name == releases[-1]


def test_dir_dry_run_lists_changes_and_touches_nothing(tmp_path, content):
    live = tmp_path / "live"
    assert run_publish(f"dir:{live}", tmp_path, content).ok
    before = files(live)
    (content / "chapters" / "03-getting-support.md").unlink()

    result = run_publish(f"dir:{live}", tmp_path, content, dry_run=True)

    assert result.ok
    assert "guide/getting-support/index.html" in result.changes.removed
    assert files(live) == before


def test_a_failing_build_leaves_the_live_site_untouched_and_says_why(tmp_path, content):
    live = tmp_path / "live"
    assert run_publish(f"dir:{live}", tmp_path, content).ok
    live_before, output_before = files(live), files(tmp_path / "output")
    release = current_release(live)

    break_a_date(content)
    result = run_publish(f"dir:{live}", tmp_path, content)

    assert not result.ok
    assert result.message == f"The build failed, so nothing was published to dir:{live}."
    assert "02-keeping-going.md" in result.details
    assert current_release(live) == release
    assert files(live) == live_before
    assert files(tmp_path / "output") == output_before


def test_a_failing_check_deploys_nothing(tmp_path, content, repository):
    clone, _ = repository
    calls = []

    def failing_check(output, settings):
        calls.append((output, settings["SITEURL"]))
        return ["guide/keeping-going/index.html:12: link to a missing page"]

    live = tmp_path / "live"
    for target in (f"dir:{live}", "gh-pages"):
        result = run_publish(target, tmp_path, content, check=failing_check, repo=clone)
        assert not result.ok
        assert result.message == (
            f"The check found 1 problem(s), so nothing was published to {target}."
        )
        assert "link to a missing page" in result.details
    assert calls == [(tmp_path / "output", SITEURL)] * 2
    # The publish held the target's lock, and deployed nothing beside it.
    assert [path.name for path in live.iterdir()] == [".publish.lock"]
    assert git(clone, "branch", "--list", "gh-pages") == ""


def test_without_siteurl_nothing_is_built_and_the_error_says_what_to_set(
    tmp_path, content, monkeypatch
):
    monkeypatch.delenv("SITEURL")
    result = run_publish(f"dir:{tmp_path / 'live'}", tmp_path, content)
    assert not result.ok
    assert "set SITEURL to the address the site is published at" in result.message
    assert not (tmp_path / "output").exists()


# rsync --------------------------------------------------------------------


def test_rsync_sends_the_site_and_removes_files_the_site_no_longer_has(tmp_path, content):
    assert run_publish(None, tmp_path, content).ok
    output = tmp_path / "output"
    destination = tmp_path / "server"
    destination.mkdir()
    (destination / "stale.html").write_text("an old page\n", encoding="utf-8")
    target = Target("rsync", str(destination))

    listing = publish.deploy_rsync(output, target, dry_run=True)
    assert "*deleting   stale.html" in listing
    assert ">f" in listing and "index.html" in listing
    assert files(destination) == {"stale.html": b"an old page\n"}

    publish.deploy_rsync(output, target)
    assert files(destination) == files(output)
    assert publish.deploy_rsync(output, target, dry_run=True).strip() == ""


# The command line ---------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--to", "netlify"], "Nothing was published: unknown target 'netlify'"),
        (["--no-deploy"], "Nothing was published: publishconf.py: set SITEURL"),
    ],
)
def test_the_command_line_fails_with_the_reason(tmp_path, monkeypatch, argv, expected):
    monkeypatch.delenv("SITEURL")
    stream = io.StringIO()
    code = publish.main(
        [*argv, "--settings", str(ROOT / "publishconf.py"), "--output", str(tmp_path / "o")],
        stream=stream,
    )
    assert code == 1
    assert expected in stream.getvalue()


def test_precompression_is_off_unless_asked_and_needs_its_package(monkeypatch):
    settings = publish.load_settings(ROOT / "publishconf.py")
    assert "pelican.plugins.precompress" not in settings["PLUGINS"]

    monkeypatch.setenv("PRECOMPRESS", "1")
    if importlib.util.find_spec("pelican.plugins.precompress") is None:
        with pytest.raises(publish.PublishError, match="pelican-precompress is not installed"):
            publish.load_settings(ROOT / "publishconf.py")
    else:
        settings = publish.load_settings(ROOT / "publishconf.py")
        assert "pelican.plugins.precompress" in settings["PLUGINS"]


def test_precompressed_copies_are_written_when_asked(tmp_path):
    import gzip
    import os
    import subprocess
    import sys

    import brotli

    env = {**os.environ, "SITEURL": "https://guide.example.org", "PRECOMPRESS": "1"}
    output = tmp_path / "output"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitebuild.build",
            "--settings",
            "publishconf.py",
            "--output",
            str(output),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page = output / "guide" / "why-movement-helps" / "index.html"
    original = page.read_bytes()
    assert gzip.decompress(page.with_name("index.html.gz").read_bytes()) == original
    assert brotli.decompress(page.with_name("index.html.br").read_bytes()) == original
