"""The whole publish run of sitebuild.publish, with the build and the check replaced.

``publish`` takes its build and check as arguments, so the order of the
steps, the lock and every message are tested here on small trees; the real
build and check are in tests/integration/test_publish.py.
"""

import fcntl
import logging
import os
import subprocess
from types import SimpleNamespace

import pytest

from sitebuild import lock, publish
from sitebuild.publish import PublishError, PublishResult


class Site:
    """A fake build that writes a one-page site, and a fake check; both record their calls."""

    def __init__(self, ok=True, problems=(), found=()):
        self.ok, self.problems = ok, list(problems)
        self.found = found if isinstance(found, Exception) else list(found)
        self.builds, self.checks = [], []

    def build(self, settings, output, overrides=None):
        self.builds.append((settings, output, overrides))
        if self.ok:
            os.makedirs(output, exist_ok=True)
            with open(os.path.join(output, "index.html"), "w", encoding="utf-8") as handle:
                handle.write("home")
        return SimpleNamespace(ok=self.ok, problems=self.problems)

    def check(self, output, config):
        self.checks.append((output, config))
        if isinstance(self.found, Exception):
            raise self.found
        return self.found


@pytest.fixture
def settings(tmp_path):
    path = tmp_path / "publishconf.py"
    path.write_text('SITEURL = "https://guide.test"\nPUBLISH_KEEP_RELEASES = 1\n', "utf-8")
    return path


def run(target, settings, tmp_path, site=None, **options):
    site = site or Site()
    result = publish.publish(
        target,
        settings=str(settings),
        output=str(tmp_path / "output"),
        build=site.build,
        check=site.check,
        **options,
    )
    return result, site


def test_build_check_then_deploy_to_a_folder(settings, tmp_path):
    result, site = run(f"dir:{tmp_path / 'live'}", settings, tmp_path)
    assert result.ok, result.message
    assert result.message == (
        f"Published to {tmp_path / 'live' / 'current'}: 1 added, 0 changed, 0 removed."
    )
    assert result.changes.added == ["index.html"]
    [(built_with, output, overrides)] = site.builds
    assert (built_with, output) == (str(settings), str(tmp_path / "output"))
    assert overrides == {"SITE_AUDIT_ON_BUILD": False}
    [(checked, config)] = site.checks
    assert checked == tmp_path / "output"
    assert config["SITEURL"] == "https://guide.test"
    assert (tmp_path / "live" / "current" / "index.html").read_text(encoding="utf-8") == "home"


def test_overrides_reach_the_settings_and_the_build(settings, tmp_path):
    result, site = run(
        None, settings, tmp_path, overrides={"SITEURL": "https://other.test", "X": 1}
    )
    assert result.ok
    assert site.builds[0][2] == {
        "SITE_AUDIT_ON_BUILD": False,
        "SITEURL": "https://other.test",
        "X": 1,
    }
    assert site.checks[0][1]["SITEURL"] == "https://other.test"


def test_the_settings_keep_releases_unless_keep_is_given(settings, tmp_path):
    target = f"dir:{tmp_path / 'live'}"
    for _ in range(3):
        run(target, settings, tmp_path)
    assert len(list((tmp_path / "live" / "releases").iterdir())) == 2
    for _ in range(2):
        run(target, settings, tmp_path, keep=3)
    assert len(list((tmp_path / "live" / "releases").iterdir())) == 4


def test_without_a_keep_setting_three_earlier_releases_are_kept(tmp_path):
    bare = tmp_path / "bare.py"
    bare.write_text('SITEURL = "https://guide.test"\n', encoding="utf-8")
    for _ in range(5):
        run(f"dir:{tmp_path / 'live'}", bare, tmp_path)
    assert len(list((tmp_path / "live" / "releases").iterdir())) == 4


def test_a_dry_run_says_what_would_change_and_deploys_nothing(settings, tmp_path):
    result, _ = run(f"dir:{tmp_path / 'live'}", settings, tmp_path, dry_run=True)
    assert result.message.startswith("Would publish to ")
    assert result.changes.added == ["index.html"]
    assert not (tmp_path / "live").exists()


def test_no_target_builds_and_checks_only(settings, tmp_path):
    result, site = run(None, settings, tmp_path)
    assert result == PublishResult(
        True, f"Built and checked {tmp_path / 'output'}; deploying was not asked for."
    )
    assert len(site.checks) == 1


def test_a_failed_build_publishes_nothing_and_lists_its_problems(settings, tmp_path):
    site = Site(ok=False, problems=["content/a.md:3: bad date", "content/b.md:1: no title"])
    result, _ = run(f"dir:{tmp_path / 'live'}", settings, tmp_path, site)
    assert not result.ok
    assert (
        result.message == f"The build failed, so nothing was published to dir:{tmp_path / 'live'}."
    )
    assert result.details == "  content/a.md:3: bad date\n  content/b.md:1: no title"
    assert site.checks == []
    assert not (tmp_path / "live" / "releases").exists()


def test_problems_found_by_the_check_publish_nothing(settings, tmp_path):
    site = Site(found=["guide/a/index.html:1: link to missing page"])
    result, _ = run(None, settings, tmp_path, site)
    assert (result.ok, result.message, result.details) == (
        False,
        "The check found 1 problem(s), so nothing was published to anywhere.",
        "  guide/a/index.html:1: link to missing page",
    )


def test_a_check_that_cannot_run_publishes_nothing(settings, tmp_path):
    site = Site(found=PublishError("the build record is missing"))
    result, _ = run(f"dir:{tmp_path / 'live'}", settings, tmp_path, site)
    assert result.message == (
        f"Nothing was published to dir:{tmp_path / 'live'}: the build record is missing"
    )
    assert not (tmp_path / "live" / "releases").exists()


def test_a_failing_deploy_says_where_to(settings, tmp_path):
    live = tmp_path / "live"
    live.mkdir()
    (live / "current").mkdir()  # a folder, not a link: refused
    result, _ = run(f"dir:{live}", settings, tmp_path)
    assert not result.ok
    assert result.message.startswith(f"Deploying to dir:{live} failed: {live / 'current'} exists")


@pytest.mark.parametrize(
    ("target", "message"),
    [("netlify", "Nothing was published: unknown target 'netlify'"), ("dir:", "dir: needs a path")],
)
def test_a_bad_target_publishes_nothing_and_builds_nothing(settings, tmp_path, target, message):
    result, site = run(target, settings, tmp_path)
    assert not result.ok and message in result.message
    assert site.builds == []


def test_settings_that_refuse_to_load_publish_nothing(tmp_path):
    stop = tmp_path / "publishconf.py"
    stop.write_text("import sys\nsys.exit('SITEURL is not set: set it')\n", encoding="utf-8")
    result, site = run(None, stop, tmp_path)
    assert result == PublishResult(False, "Nothing was published: SITEURL is not set: set it")
    assert site.builds == []


def test_load_settings_applies_the_overrides(settings):
    config = publish.load_settings(settings, {"SITEURL": "https://x.test"})
    assert (config["SITEURL"], config["PUBLISH_KEEP_RELEASES"]) == ("https://x.test", 1)
    assert publish.load_settings(settings)["SITEURL"] == "https://guide.test"


@pytest.mark.parametrize("wait", [-1, "10", True, None])
def test_a_bad_lock_wait_publishes_nothing(tmp_path, wait):
    config = tmp_path / "publishconf.py"
    config.write_text(
        f'SITEURL = "https://guide.test"\nPUBLISH_LOCK_WAIT_SECONDS = {wait!r}\n', "utf-8"
    )
    result, site = run(f"dir:{tmp_path / 'live'}", config, tmp_path)
    assert "PUBLISH_LOCK_WAIT_SECONDS must be a number of seconds, 0 or more" in result.message
    assert f"it is {wait!r}" in result.message
    assert site.builds == []


@pytest.mark.parametrize("wait", [0, 2.5, 600])
def test_a_lock_wait_of_zero_or_more_seconds_is_used(wait):
    assert publish.lock_wait({"PUBLISH_LOCK_WAIT_SECONDS": wait}) == wait
    assert publish.lock_wait({}) == lock.DEFAULT_WAIT_SECONDS


def test_a_publish_to_a_locked_target_publishes_nothing_and_names_the_lock(tmp_path):
    config = tmp_path / "publishconf.py"
    config.write_text('SITEURL = "https://x.test"\nPUBLISH_LOCK_WAIT_SECONDS = 0\n', "utf-8")
    live = tmp_path / "live"
    live.mkdir()
    # A flock belongs to the open file, so this one excludes the publish's own.
    with open(lock.dir_lock(live), "a", encoding="utf-8") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        result, site = run(f"dir:{live}", config, tmp_path)
    assert not result.ok
    assert result.message == (
        f"Nothing was published: another publish to dir:{live} is still running: it holds "
        f"the lock {live / '.publish.lock'}. Publish again when it has finished."
    )
    assert site.builds == []


def test_the_lock_is_held_for_the_whole_run(settings, tmp_path):
    live = tmp_path / "live"
    live.mkdir()
    seen = []

    def build(settings, output, overrides=None):
        with open(lock.dir_lock(live), "a", encoding="utf-8") as handle:
            seen.append(lock.try_lock(handle))
        return Site().build(settings, output, overrides)

    publish.publish(
        f"dir:{live}",
        settings=str(settings),
        output=str(tmp_path / "output"),
        build=build,
        check=lambda output, config: [],
    )
    assert seen == [False]  # taken by the run, so another open file cannot take it
    with open(lock.dir_lock(live), "a", encoding="utf-8") as handle:
        assert lock.try_lock(handle)  # and given back after it


@pytest.mark.parametrize(
    ("target", "dry_run", "expected"),
    [
        (None, False, None),
        ("dir:live", False, "live/.publish.lock"),
        ("dir:missing", True, None),
        ("dir:live", True, "live/.publish.lock"),
    ],
)
def test_which_lock_a_target_takes(tmp_path, monkeypatch, target, dry_run, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "live").mkdir()
    parsed = publish.parse_target(target) if target else None
    found = publish.target_lock(parsed, dry_run=dry_run)
    assert found == (tmp_path / expected if expected else None)


def test_gh_pages_and_rsync_take_their_own_locks(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert publish.target_lock(publish.parse_target("gh-pages"), repo=tmp_path) == (
        tmp_path / ".git" / "publish.lock"
    )
    rsync = publish.target_lock(publish.parse_target("rsync://h.test:2222/srv"), repo=tmp_path)
    assert rsync == lock.rsync_lock("h.test:/srv", 2222, tmp_path / ".cache")


def test_gh_pages_outside_a_repository_publishes_nothing(settings, tmp_path):
    (tmp_path / "plain").mkdir()
    result, site = run("gh-pages", settings, tmp_path, repo=tmp_path / "plain")
    assert not result.ok and "is not a git repository" in result.message
    assert site.builds == []


def test_gh_pages_result_says_whether_it_was_pushed(settings, tmp_path, monkeypatch):
    from sitebuild.publish import Changes

    monkeypatch.setattr(publish, "deploy_gh_pages", lambda *args: Changes(added=["a"]))
    target, config = publish.Target("gh-pages"), {}
    kept = dict(cname=None, keep=None, repo=".")
    pushed = publish._deploy(target, tmp_path, config, dry_run=False, push=True, **kept)
    assert pushed.message == "Published to the gh-pages branch and pushed it to origin: " + (
        "1 added, 0 changed, 0 removed."
    )
    local = publish._deploy(target, tmp_path, config, dry_run=False, push=False, **kept)
    assert local.message.startswith("Published to the gh-pages branch: ")
    dry = publish._deploy(target, tmp_path, config, dry_run=True, push=True, **kept)
    assert dry.message.startswith("Would publish to the gh-pages branch: ")


def test_rsync_result_carries_rsyncs_listing(tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "deploy_rsync", lambda output, target, dry_run: ">f+ index.html")
    target = publish.Target("rsync", "h.test:/srv")
    kept = dict(push=False, cname=None, keep=None, repo=".")
    result = publish._deploy(target, tmp_path, {}, dry_run=True, **kept)
    assert result == PublishResult(
        True, "Would publish to h.test:/srv with rsync.", details=">f+ index.html"
    )


# The command line --------------------------------------------------------------


def fake_publish(monkeypatch, result):
    calls = []

    def recording(target, **options):
        calls.append((target, options))
        logging.getLogger("sitebuild.publish").info("Building the site ...")
        return result

    monkeypatch.setattr(publish, "publish", recording)
    return calls


def test_main_passes_the_options_and_prints_the_result(monkeypatch, caplog):
    caplog.set_level(logging.INFO)  # as main's basicConfig does where pytest does not log
    calls = fake_publish(monkeypatch, PublishResult(True, "Published to x."))
    stream = SimpleNamespace(
        lines=[], write=lambda text: stream.lines.append(text), flush=lambda: 0
    )
    code = publish.main(
        ["--to", "dir:/srv/g", "--push", "--cname", "g.test", "--keep", "0", "--allow-drafts"],
        stream=stream,
    )
    assert code == 0
    assert calls == [
        (
            "dir:/srv/g",
            dict(
                settings="publishconf.py",
                output="output",
                dry_run=False,
                push=True,
                cname="g.test",
                keep=0,
                allow_drafts=True,
            ),
        )
    ]
    text = "".join(stream.lines)
    assert "Building the site ...\n" in text and text.endswith("Published to x.\n")
    assert publish.logger.propagate is True
    assert publish.logger.handlers == []


def test_main_without_deploying_and_with_other_files(monkeypatch):
    calls = fake_publish(monkeypatch, PublishResult(True, "Built."))
    assert publish.main(["--no-deploy", "--settings", "s.py", "--output", "out"], stream=None) == 0
    target, options = calls[0]
    assert (target, options["settings"], options["output"]) == (None, "s.py", "out")


def test_main_lists_a_dry_runs_changes_and_a_failures_details(monkeypatch, capsys):
    from sitebuild.publish import Changes

    fake_publish(monkeypatch, PublishResult(True, "Would publish.", Changes(changed=["a.html"])))
    assert publish.main(["--to", "gh-pages", "--dry-run"]) == 0
    assert capsys.readouterr().err.endswith("Would publish.\n  ~ a.html\n")

    fake_publish(monkeypatch, PublishResult(True, "Would publish.", Changes()))
    publish.main(["--to", "gh-pages", "--dry-run"])
    assert capsys.readouterr().err.endswith("Would publish.\n  (no change)\n")

    fake_publish(monkeypatch, PublishResult(True, "Published.", Changes(changed=["a.html"])))
    publish.main(["--to", "gh-pages"])
    assert capsys.readouterr().err.endswith("Published.\n")

    fake_publish(monkeypatch, PublishResult(False, "The build failed.", details="  a.md:1: x\n"))
    assert publish.main(["--no-deploy"]) == 1
    assert capsys.readouterr().err.endswith("The build failed.\n  a.md:1: x\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--keep", "-1", "--to", "dir:x"], "--keep must be 0 or more"),
        ([], "one of the arguments --to --no-deploy is required"),
        (["--to", "dir:x", "--no-deploy"], "not allowed with argument"),
    ],
)
def test_main_refuses_bad_options(monkeypatch, capsys, argv, message):
    calls = fake_publish(monkeypatch, PublishResult(True, "x"))
    with pytest.raises(SystemExit) as stopped:
        publish.main(argv)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
    assert calls == []


def test_main_accepts_keep_zero(monkeypatch):
    calls = fake_publish(monkeypatch, PublishResult(True, "x"))
    publish.main(["--keep", "0", "--to", "dir:x"])
    assert calls[0][1]["keep"] == 0


# What the tests above leave open --------------------------------------------------


def test_the_defaults_are_the_production_settings_and_output(settings, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    site = Site()
    result = publish.publish(None, build=site.build, check=site.check)
    assert result.ok
    assert site.builds[0][:2] == ("publishconf.py", "output")
    assert result.message == "Built and checked output; deploying was not asked for."


@pytest.mark.parametrize("allow_drafts", [False, True])
def test_without_a_check_given_the_audit_runs_with_the_drafts_choice(
    settings, tmp_path, monkeypatch, allow_drafts
):
    seen = []
    monkeypatch.setattr(
        publish,
        "audit_check",
        lambda output, config, allow_drafts: seen.append((output, allow_drafts)) or [],
    )
    options = {"allow_drafts": True} if allow_drafts else {}
    publish.publish(
        None, settings=str(settings), output=str(tmp_path / "out"), build=Site().build, **options
    )
    assert seen == [(tmp_path / "out", allow_drafts)]


def test_gh_pages_gets_the_repository_the_cname_and_push(settings, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # not a repository: the lock must be taken in repo
    calls = []

    def deploy(output, repo, cname, push, dry_run):
        calls.append((repo, cname, push, dry_run))
        return publish.Changes()

    monkeypatch.setattr(publish, "deploy_gh_pages", deploy)
    for push in (False, True):
        result, _ = run("gh-pages", settings, tmp_path, repo=repo, cname="g.test", push=push)
        assert result.ok, result.message
    result, _ = run("gh-pages", settings, tmp_path, repo=repo)
    assert calls == [(repo, "g.test", False, False), (repo, "g.test", True, False)] + [
        (repo, None, False, False)
    ]
    assert (repo / ".git" / "publish.lock").exists()


def test_the_run_says_what_it_is_doing(settings, tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="sitebuild.publish"):
        run(None, settings, tmp_path)
    assert [r.getMessage() for r in caplog.records if r.name == "sitebuild.publish"] == [
        f"Building the site with {settings} into {tmp_path / 'output'} ...",
        "Checking the built site ...",
    ]


def test_a_lock_that_cannot_be_made_publishes_nothing(settings, tmp_path):
    live = tmp_path / "live"
    live.mkdir()
    (live / ".publish.lock").mkdir()  # a folder where the lock file goes
    result, site = run(f"dir:{live}", settings, tmp_path)
    assert result.ok is False
    assert result.message.startswith("Nothing was published: [Errno 21] Is a directory")
    assert result.message.endswith(".")
    assert site.builds == []


def test_the_command_lines_help_names_every_option():
    text = " ".join(publish.parser().format_help().split())
    for words in (
        "--to TARGET gh-pages, rsync://host/path, user@host:path or dir:PATH",
        "--no-deploy build and check only (Netlify, Cloudflare)",
        "--dry-run show what would change; deploy nothing",
        "--push gh-pages: push the branch to origin",
        "--cname CNAME gh-pages: the custom domain, written to a CNAME file",
        "--keep KEEP dir: earlier releases to keep (default 3)",
        "--allow-drafts publish chapters no clinician has reviewed yet, with their draft notice",
        "--settings SETTINGS",
        "--output OUTPUT",
    ):
        assert words in text
    assert text.startswith("usage: python -m sitebuild.publish")
    assert "Publish the site: build it with the production settings, check it" in text
