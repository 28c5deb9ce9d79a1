"""More of sitebuild.publish: the check it runs, the lock it holds, what it deploys and prints.

As in test_publish_run.py, the build, the check's parts, the deploys and
the lock are replaced by small fakes that record what they were given; a
git repository is made for the test where gh-pages needs one.
"""

import contextlib
import logging
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

import plugins.build_record
import plugins.site_audit
import sitebuild.check
from guidelib import ERROR, WARNING, Problem
from sitebuild import lock, publish
from sitebuild.publish import Changes, PublishError, PublishResult

HELPLINES = "content/data/helplines.yaml"
DRAFT = "content/chapters/01-a.md"
REVIEWED = "content/chapters/02-b.md"
RECORD = {
    "pages": [
        {"source": DRAFT, "review": {"status": "draft"}},
        {"source": REVIEWED, "review": {"status": "reviewed"}},
    ],
    "sections": {"helplines": {"entries": [{"path": HELPLINES}]}},
}
BROKEN = Problem("guide/a/index.html", "link to missing page", ERROR, 3)
HELPLINE = Problem(HELPLINES, "not verified by a named person", WARNING, 1)
UNREVIEWED = Problem(DRAFT, "not reviewed by a clinician yet", WARNING, 1)
HINT = (
    "1 chapter(s) above are drafts. To publish them with their 'not yet reviewed' notice, "
    "publish again with --allow-drafts."
)


class Clock:
    """``datetime`` with a ``now`` whose date tells UTC from the local zone."""

    @staticmethod
    def now(tz=None):
        return datetime(2026, 3, 2, tzinfo=UTC) if tz is UTC else datetime(2026, 3, 1)


@pytest.fixture
def audit(monkeypatch):
    """The check's parts replaced; ``calls`` records what each was given."""
    calls = SimpleNamespace(dated=[], checked=[], read=[])
    monkeypatch.setattr(publish, "datetime", Clock)
    monkeypatch.setattr(
        sitebuild.check, "dated_warnings", lambda today: calls.dated.append(today) or "due"
    )

    def check_built_site(output, dated):
        calls.checked.append((output, dated))
        return SimpleNamespace(errors=[BROKEN], warnings=[HELPLINE, UNREVIEWED])

    monkeypatch.setattr(plugins.site_audit, "check_built_site", check_built_site)
    monkeypatch.setattr(
        plugins.build_record, "read_record", lambda output: calls.read.append(output) or RECORD
    )
    return calls


def test_the_check_returns_errors_then_refused_warnings_then_the_drafts_hint(audit, tmp_path):
    found = publish.audit_check(tmp_path, {})
    assert found == [str(BROKEN), str(UNREVIEWED), HINT]
    assert audit.checked == [(tmp_path, "due")]
    assert audit.read == [tmp_path]


def test_the_check_asks_for_the_warnings_due_on_the_utc_date(audit, tmp_path):
    publish.audit_check(tmp_path, {})
    assert audit.dated == [datetime(2026, 3, 2).date()]


def test_the_check_lets_drafts_through_when_allowed_and_logs_what_it_let_through(
    audit, tmp_path, caplog
):
    with caplog.at_level(logging.WARNING, logger="sitebuild.publish"):
        found = publish.audit_check(tmp_path, {}, allow_drafts=True)
    assert found == [str(BROKEN)]
    assert [r.getMessage() for r in caplog.records] == [
        f"check: {HELPLINE}",
        f"check: {UNREVIEWED}",
    ]


def test_a_build_record_the_check_refuses_stops_the_publish(monkeypatch, tmp_path):
    def refuse(output, dated):
        raise plugins.build_record.RecordError(["output.record.json is missing", "build again"])

    monkeypatch.setattr(plugins.site_audit, "check_built_site", refuse)
    with pytest.raises(PublishError) as stopped:
        publish.audit_check(tmp_path, {})
    assert str(stopped.value) == "output.record.json is missing; build again"


def test_a_check_that_cannot_be_loaded_stops_the_publish(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "plugins.site_audit", None)
    with pytest.raises(PublishError) as stopped:
        publish.audit_check(tmp_path, {})
    assert str(stopped.value) == (
        "the site check (site_audit) cannot be loaded: "
        "import of plugins.site_audit halted; None in sys.modules"
    )


# Targets and locks ------------------------------------------------------------


def test_an_rsync_target_with_a_user_and_no_host_is_refused():
    with pytest.raises(PublishError, match="is not rsync://"):
        publish.parse_target("rsync://deploy@/srv/guide")


def test_target_lock_defaults_to_this_folder_and_a_real_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rsync = publish.target_lock(publish.parse_target("rsync://h.test/srv"))
    assert rsync == lock.rsync_lock("h.test:/srv", None, Path(".cache"))
    missing = publish.target_lock(publish.parse_target("dir:missing"))
    assert missing == tmp_path / "missing" / ".publish.lock"


@pytest.fixture
def settings(tmp_path):
    path = tmp_path / "publishconf.py"
    path.write_text('SITEURL = "https://guide.test"\nPUBLISH_LOCK_WAIT_SECONDS = 7\n', "utf-8")
    return path


def build_ok(settings, output, overrides=None):
    Path(output).mkdir(parents=True, exist_ok=True)
    return SimpleNamespace(ok=True, problems=[])


def run(target, settings, tmp_path, check=lambda output, config: [], **options):
    return publish.publish(
        target,
        settings=str(settings),
        output=str(tmp_path / "output"),
        build=build_ok,
        check=check,
        **options,
    )


def test_the_run_holds_the_targets_lock_with_its_name_and_the_wait(settings, tmp_path, monkeypatch):
    held = []

    @contextlib.contextmanager
    def fake_held(path, what, wait=lock.DEFAULT_WAIT_SECONDS):
        held.append((path, what, wait))
        yield path

    monkeypatch.setattr(lock, "held", fake_held)
    (tmp_path / "live").mkdir()
    target = f"dir:{tmp_path / 'live'}"
    assert run(target, settings, tmp_path, dry_run=True).ok
    assert held == [(tmp_path / "live" / ".publish.lock", target, 7)]


def test_gh_pages_uses_the_repository_here_by_default(settings, tmp_path, monkeypatch):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    seen = []
    monkeypatch.setattr(
        publish, "deploy_gh_pages", lambda output, repo, *rest: seen.append(repo) or Changes()
    )
    assert run("gh-pages", settings, tmp_path).ok
    assert seen == ["."]


# What a run returns -------------------------------------------------------------


def test_a_failed_build_is_not_ok(settings, tmp_path):
    result = publish.publish(
        None,
        settings=str(settings),
        output=str(tmp_path / "output"),
        build=lambda *args, **kwargs: SimpleNamespace(ok=False, problems=["a.md:1: x"]),
        check=lambda output, config: [],
    )
    assert result.ok is False


def test_a_check_that_cannot_run_is_not_ok(settings, tmp_path):
    def cannot(output, config):
        raise PublishError("the build record is missing")

    result = run(None, settings, tmp_path, check=cannot)
    assert result == PublishResult(
        False, "Nothing was published to anywhere: the build record is missing"
    )


def test_each_problem_the_check_found_is_on_its_own_line(settings, tmp_path):
    result = run(None, settings, tmp_path, check=lambda output, config: ["a: x", "b: y"])
    assert result.details == "  a: x\n  b: y"


def test_a_failed_deploy_is_not_ok(settings, tmp_path, monkeypatch):
    def refuse(*args):
        raise PublishError("no room")

    monkeypatch.setattr(publish, "deploy_rsync", refuse)
    result = run("h.test:/srv", settings, tmp_path, repo=tmp_path)
    assert result == PublishResult(False, "Deploying to h.test:/srv failed: no room")


def test_gh_pages_gets_the_output_and_its_changes_are_returned(tmp_path, monkeypatch):
    changes = Changes(added=["index.html"])
    seen = []
    monkeypatch.setattr(
        publish, "deploy_gh_pages", lambda output, *rest: seen.append(output) or changes
    )
    kept = dict(dry_run=False, push=False, cname=None, keep=None, repo=".")
    result = publish._deploy(publish.Target("gh-pages"), tmp_path / "out", {}, **kept)
    assert result.changes is changes
    assert seen == [tmp_path / "out"]


@pytest.mark.parametrize("dry_run", [False, True])
def test_rsync_gets_the_output_the_target_and_the_dry_run(tmp_path, monkeypatch, dry_run):
    seen = []
    monkeypatch.setattr(
        publish, "deploy_rsync", lambda *args: seen.append(args) or ">f+ index.html"
    )
    target = publish.Target("rsync", "h.test:/srv", 2222)
    kept = dict(push=False, cname=None, keep=None, repo=".")
    publish._deploy(target, tmp_path / "out", {}, dry_run=dry_run, **kept)
    assert seen == [(tmp_path / "out", target, dry_run)]


# The command line --------------------------------------------------------------


def fake_publish(monkeypatch, result):
    def recording(target, **options):
        logging.getLogger("sitebuild.publish").info("Building the site ...")
        return result

    monkeypatch.setattr(publish, "publish", recording)


def test_the_help_describes_the_command_in_its_first_paragraph_only():
    text = " ".join(publish.parser().format_help().split())
    assert "Publish the site: build it with the production settings, check it, then deploy it." in (
        text
    )
    assert "Nothing is deployed unless" not in text


def test_a_negative_keep_is_refused_with_its_message(monkeypatch, capsys):
    fake_publish(monkeypatch, PublishResult(True, "x"))
    with pytest.raises(SystemExit):
        publish.main(["--keep", "-1", "--to", "dir:x"])
    assert capsys.readouterr().err.endswith(
        "python -m sitebuild.publish: error: --keep must be 0 or more\n"
    )


def test_main_sends_other_loggers_nowhere_at_info(monkeypatch):
    # basicConfig only acts on a root logger without handlers, as outside pytest.
    monkeypatch.setattr(logging.root, "handlers", [])
    monkeypatch.setattr(logging.root, "level", logging.WARNING)
    fake_publish(monkeypatch, PublishResult(True, "x"))
    publish.main(["--no-deploy"], stream=SimpleNamespace(write=lambda text: 0, flush=lambda: 0))
    assert logging.root.level == logging.INFO
    assert [type(handler) for handler in logging.root.handlers] == [logging.NullHandler]


def test_main_prints_its_progress_only_once(monkeypatch, caplog):
    caplog.set_level(logging.INFO)
    fake_publish(monkeypatch, PublishResult(True, "x"))
    lines = []
    publish.main(["--no-deploy"], stream=SimpleNamespace(write=lines.append, flush=lambda: 0))
    assert "Building the site ...\n" in lines
    assert [r for r in caplog.records if r.name == "sitebuild.publish"] == []


def test_a_dry_run_lists_each_change_on_its_own_line(monkeypatch, capsys):
    changes = Changes(added=["new.html"], removed=["old.html"])
    fake_publish(monkeypatch, PublishResult(True, "Would publish.", changes))
    publish.main(["--to", "gh-pages", "--dry-run"])
    assert capsys.readouterr().err.endswith("Would publish.\n  + new.html\n  - old.html\n")
