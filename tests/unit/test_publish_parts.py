"""The pure parts of sitebuild.publish: targets, commands, tree differences, releases."""

import subprocess
from datetime import UTC, datetime

import pytest

from sitebuild import publish
from sitebuild.publish import PublishError, Target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gh-pages", Target("gh-pages")),
        ("dir:/srv/guide", Target("dir", "/srv/guide")),
        ("dir:site", Target("dir", "site")),
        ("rsync://example.org/srv/guide", Target("rsync", "example.org:/srv/guide")),
        (
            "rsync://deploy@example.org:2222/srv/guide",
            Target("rsync", "deploy@example.org:/srv/guide", 2222),
        ),
        ("deploy@example.org:/srv/guide", Target("rsync", "deploy@example.org:/srv/guide")),
        ("example.org:guide", Target("rsync", "example.org:guide")),
    ],
)
def test_parse_target(text, expected):
    assert publish.parse_target(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "unknown target ''"),
        ("netlify", "unknown target 'netlify'"),
        ("https://example.org/x", "unknown target"),
        ("dir:", "dir: needs a path"),
        ("rsync://example.org", "is not rsync://"),
        ("rsync://example.org:ssh/srv", "is not rsync://"),
    ],
)
def test_parse_target_refuses_what_it_cannot_use(text, message):
    with pytest.raises(PublishError, match=message):
        publish.parse_target(text)


def test_rsync_command_sends_the_contents_over_ssh_with_delayed_updates():
    assert publish.rsync_command("output", "deploy@example.org:/srv/guide") == [
        "rsync",
        "--recursive",
        "--links",
        "--checksum",
        "--compress",
        "--chmod=D755,F644",
        "--delete-after",
        "--delay-updates",
        "--rsh",
        "ssh",
        "output/",
        "deploy@example.org:/srv/guide",
    ]


def test_rsync_command_dry_run_and_port():
    command = publish.rsync_command("output/", "h:/x", port=2222, dry_run=True)
    assert command[command.index("--rsh") + 1] == "ssh -p 2222"
    assert command[-4:] == ["--dry-run", "--itemize-changes", "output/", "h:/x"]


def test_ghp_import_command_pushes_only_when_asked():
    command = publish.ghp_import_command("output", "Publish", cname="guide.example.org")
    assert command[1:] == [
        "-m",
        "ghp_import",
        "-n",
        "-b",
        "gh-pages",
        "-m",
        "Publish",
        "-c",
        "guide.example.org",
        "output",
    ]
    assert "-p" not in command
    assert publish.ghp_import_command("output", "Publish", push=True)[-2:] == ["-p", "output"]


def test_diff_trees():
    old = {"a": "1", "b": "2", "c": "3"}
    new = {"b": "2", "c": "4", "d": "5"}
    changes = publish.diff_trees(old, new)
    assert (changes.added, changes.changed, changes.removed) == (["d"], ["c"], ["a"])
    assert changes.lines() == ["  + d", "  ~ c", "  - a"]
    assert changes.summary() == "1 added, 1 changed, 1 removed"


@pytest.mark.parametrize("data", [b"", b"hello\n", bytes(range(256))])
def test_git_blob_id_matches_git(tmp_path, data):
    path = tmp_path / "blob"
    path.write_bytes(data)
    expected = subprocess.run(
        ["git", "hash-object", str(path)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert publish.git_blob_id(data) == expected


def test_release_ids_sort_in_time_order():
    early = publish.release_id(datetime(2026, 11, 22, 9, 5, 1, 7, tzinfo=UTC))
    late = publish.release_id(datetime(2026, 11, 22, 10, 0, 0, tzinfo=UTC))
    assert early == "20261122T090501000007Z"
    assert early < late


def test_switch_symlink_replaces_the_link(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    link = tmp_path / "current"
    publish.switch_symlink(link, "one")
    publish.switch_symlink(link, "two")
    assert link.readlink().as_posix() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "one", "two"]


def test_current_release_refuses_a_real_directory(tmp_path):
    (tmp_path / "current").mkdir()
    with pytest.raises(PublishError, match="exists but is not a symlink; move it aside"):
        publish.current_release(tmp_path)


def test_prune_keeps_the_newest_and_the_current_release(tmp_path):
    names = [
        "20260101T000000000000Z",
        "20260102T000000000000Z",
        "20260103T000000000000Z",
        "20260104T000000000000Z",
        ".20260105T000000000000Z.incoming",
    ]
    for name in names:
        (tmp_path / name).mkdir()
    current = (tmp_path / names[3]).resolve()
    removed = publish.prune_releases(tmp_path, keep=2, current=current)
    assert [path.name for path in removed] == [names[0]]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])


def test_keep_0_never_deletes_the_release_that_just_went_live(tmp_path):
    # Pruning must be measured against the new current release, not the one
    # it replaced: with --keep 0 the other way round deletes the live site.
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("first", encoding="utf-8")
    root = tmp_path / "live"
    publish.deploy_dir(site, root, keep=0, new_id="20260101T000000000000Z")
    (site / "index.html").write_text("second", encoding="utf-8")
    publish.deploy_dir(site, root, keep=0, new_id="20260102T000000000000Z")
    live = root / "current"
    assert (live / "index.html").read_text(encoding="utf-8") == "second"
    assert [p.name for p in (root / "releases").iterdir() if not p.name.startswith(".")] == [
        "20260102T000000000000Z"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("dir:", "dir: needs a path, for example dir:/srv/guide"),
        (
            "rsync://example.org/",
            "'rsync://example.org/' is not rsync://[user@]host[:port]/path, "
            "for example rsync://deploy@example.org/srv/guide",
        ),
        (
            "rsync:///srv/guide",
            "'rsync:///srv/guide' is not rsync://[user@]host[:port]/path, "
            "for example rsync://deploy@example.org/srv/guide",
        ),
    ],
)
def test_parse_target_messages_in_full(text, message):
    with pytest.raises(PublishError) as refused:
        publish.parse_target(text)
    assert str(refused.value) == message


def test_parse_target_splits_the_user_at_the_last_at_sign():
    assert publish.parse_target("rsync://a@b@example.org/srv") == Target(
        "rsync", "a@b@example.org:/srv"
    )


def test_a_later_double_slash_still_makes_an_ssh_target():
    assert publish.parse_target("example.org:/srv/x://y") == Target(
        "rsync", "example.org:/srv/x://y"
    )
