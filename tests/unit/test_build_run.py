"""The strict, atomic build of sitebuild.build and its command line, with Pelican replaced.

``build()`` reads the settings with ``read_settings`` and runs ``Pelican(settings)``;
both are replaced here by ``FakePelican``, which hands back the settings it was
given, writes a few files into the folder Pelican would write (``OUTPUT_PATH``)
and logs or raises what a test asks. So the staging folder, the swap into place,
the problems collected, the build record and the cache folder are tested on small
folders; whole builds are in the integration tests. The command line runs with a
fake build(); the last tests are of the helpers build() runs (code version, cache
pruning, log records, plugins let go, merging).
"""

import hashlib
import io
import logging
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import receivers
from pelican.log import LimitFilter
from pelican.plugins import signals
from pelican.writers import FileOverwriteFailedError

import guidelib.problems
from guidelib import ERROR, WARNING, Problem, ProblemsError, kept, relative
from guidelib.settings import SETTINGS_FILE
from plugins.build_record import record_path
from sitebuild import build
from sitebuild.staging import staging_folder

VERSION = "0123456789ab"  # the code's version, as build.code_version gives it

# A logger of Pelican's family: it drops a message it has shown once (LimitFilter).
pelican_logger = logging.getLogger("pelican.test_build_run")


class FakePelican:
    """Stands in for read_settings and for Pelican; keeps what each was given."""

    def __init__(self):
        self.files = {"index.html": "new"}
        self.messages = []  # (level, message, *args), logged while running
        self.then = None  # a function of the settings, called after the files are written
        self.error = None  # raised by the run
        self.settings_error = None  # raised by read_settings
        self.read = []  # (settings file, override) of each read_settings call
        self.settings = None

    def read_settings(self, path=None, override=None):
        self.read.append((path, override))
        if self.settings_error is not None:
            raise self.settings_error
        return {"PATH": "content", **override}

    def __call__(self, settings):
        self.settings = settings
        return self

    def run(self):
        output = Path(self.settings["OUTPUT_PATH"])
        for name, text in self.files.items():
            (output / name).parent.mkdir(parents=True, exist_ok=True)
            (output / name).write_text(text, encoding="utf-8")
        for level, message, *args in self.messages:
            pelican_logger.log(level, message, *args)
        if self.then is not None:
            self.then(self.settings)
        if self.error is not None:
            raise self.error


@pytest.fixture
def pelican(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(build, "code_version", lambda: VERSION)
    fake = FakePelican()
    monkeypatch.setattr(build, "read_settings", fake.read_settings)
    monkeypatch.setattr(build, "Pelican", fake)
    # The build changes these for the whole process; each test starts from Pelican's own.
    monkeypatch.setitem(guidelib.problems._site, "folder", None)
    monkeypatch.setattr(LimitFilter, "LOGS_DEDUP_MIN_LEVEL", logging.WARNING)
    return fake


def old_output(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("old", encoding="utf-8")
    (output / "old.html").write_text("old", encoding="utf-8")
    record_path(output).write_text("old record", encoding="utf-8")
    return output


def files(folder):
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def staging_folders(tmp_path):
    return [name for name in os.listdir(tmp_path) if name.startswith(".output.new")]


def test_the_defaults_build_pelicanconf_into_output_without_the_cache(pelican, tmp_path):
    result = build.build()
    assert pelican.read == [
        (
            "pelicanconf.py",
            {
                "OUTPUT_PATH": str(staging_folder(tmp_path / "output")),
                "DELETE_OUTPUT_DIRECTORY": False,
                "CACHE_CONTENT": False,
                "LOAD_CONTENT_CACHE": False,
                "CACHE_PATH": f".cache/pelican-{VERSION}",
                "DEBUG": True,
                SETTINGS_FILE: "pelicanconf.py",
            },
        )
    ]
    assert result.ok, result.problems
    assert result.output == tmp_path / "output"
    assert files(tmp_path / "output") == {"index.html": "new"}


def test_the_cache_and_the_overrides_reach_the_settings(pelican, tmp_path):
    overrides = {"SITEURL": "https://guide.test", "CACHE_PATH": "elsewhere/cache"}
    build.build("publishconf.py", "public", cache=True, overrides=overrides)
    [(path, override)] = pelican.read
    assert path == "publishconf.py"
    assert override["CACHE_CONTENT"] is override["LOAD_CONTENT_CACHE"] is True
    # The cache folder asked for gets the code's version too.
    assert override["CACHE_PATH"] == f"elsewhere/cache-{VERSION}"
    assert override["SITEURL"] == "https://guide.test"
    assert overrides == {"SITEURL": "https://guide.test", "CACHE_PATH": "elsewhere/cache"}


def test_pelican_runs_with_the_settings_read(pelican, tmp_path):
    build.build()
    assert pelican.settings["PATH"] == "content"
    assert pelican.settings["OUTPUT_PATH"] == str(staging_folder(tmp_path / "output"))


def test_a_good_build_replaces_the_output_whole_and_leaves_no_staging(pelican, tmp_path):
    output = old_output(tmp_path)
    pelican.files = {"index.html": "new", "guide/a/index.html": "chapter"}
    result = build.build()
    assert result.ok
    assert files(output) == {"index.html": "new", "guide/a/index.html": "chapter"}
    assert staging_folders(tmp_path) == []


def test_a_failed_build_keeps_the_output_and_removes_its_staging(pelican, tmp_path):
    output = old_output(tmp_path)
    pelican.messages = [(logging.ERROR, "no good")]
    result = build.build()
    assert result.problems == [Problem("", "no good", ERROR)]
    assert files(output) == {"index.html": "old", "old.html": "old"}
    assert staging_folders(tmp_path) == []


def test_every_warning_and_error_logged_is_a_problem_and_nothing_less(pelican, tmp_path):
    pelican.messages = [
        (logging.INFO, "Writing %s", "index.html"),
        (logging.WARNING, "Unable to find '%s', skipping url replacement.", "x.md"),
        (logging.ERROR, "Could not process %s", "a.md"),
    ]
    result = build.build()
    assert result.problems == [
        Problem(
            "",
            "Unable to find 'x.md', skipping url replacement.",
            WARNING,
            hint=build.HINTS["Unable to find"],
        ),
        Problem("", "Could not process a.md", ERROR),
    ]
    assert not (tmp_path / "output").exists()


def test_a_warning_shown_before_is_a_problem_again_and_one_shown_twice_is_listed_once(pelican):
    # Pelican shows a message once per process; each build must see it again.
    pelican_logger.warning("odd")
    pelican.messages = [(logging.WARNING, "odd"), (logging.WARNING, "odd"), (logging.ERROR, "odd")]
    assert build.build().problems == [Problem("", "odd", WARNING), Problem("", "odd", ERROR)]
    assert build.build().problems == [Problem("", "odd", WARNING), Problem("", "odd", ERROR)]


def test_the_problems_of_the_settings_stop_the_build_before_anything_is_written(pelican, tmp_path):
    output = old_output(tmp_path)
    # A staging folder this build did not make (this process's, made by another thread).
    busy = staging_folder(output)
    busy.mkdir()
    (busy / "index.html").write_text("half", encoding="utf-8")
    problem = Problem("publishconf.py", "set SITEURL", line=3)
    pelican.settings_error = ProblemsError([problem])
    result = build.build()
    assert result.problems == [problem]
    assert pelican.settings is None  # Pelican was not started
    assert files(output) == {"index.html": "old", "old.html": "old"}
    assert files(busy) == {"index.html": "half"}
    assert not (tmp_path / ".cache").exists()


@pytest.mark.parametrize(
    ("where", "error", "message"),
    [
        ("run", ValueError("no such template"), "ValueError: no such template"),
        ("settings", SystemExit(2), "SystemExit: 2"),
    ],
)
def test_an_exception_is_a_problem_naming_its_type(pelican, tmp_path, where, error, message):
    setattr(pelican, "error" if where == "run" else "settings_error", error)
    result = build.build()
    assert result.problems == [Problem("", message, ERROR)]
    assert staging_folders(tmp_path) == []


def test_a_shared_slug_is_one_problem_without_pelicans_refusal_to_overwrite(pelican, tmp_path):
    first, second = tmp_path / "01-a.md", tmp_path / "02-b.md"
    first.write_text("Title: A\nSlug: walk\n", encoding="utf-8")
    second.write_text("Title: B\nSlug: walk\n", encoding="utf-8")
    # As pelican.utils logs them: the files one a line after the message.
    paths = ": \n%s\n%s"
    pelican.messages = [
        (logging.WARNING, build.SAME_LANG + paths, 2, "with slug 'walk'", "en", first, second),
        (logging.WARNING, build.SAME_SLUG + paths, 2, "with slug 'walk'", str(first), str(second)),
        (logging.ERROR, "another problem"),
    ]
    pelican.error = FileOverwriteFailedError('Failed to overwrite "guide/walk/index.html"')
    result = build.build()
    assert result.problems == [
        Problem("02-b.md", "slug 'walk' is also used by 01-a.md", line=2, hint=build.SLUG_HINT),
        Problem("", "another problem", ERROR),
    ]


def test_pelicans_refusal_to_overwrite_is_a_problem_when_no_slug_is_shared(pelican):
    pelican.error = FileOverwriteFailedError("Failed to overwrite x.html")
    assert build.build().problems == [
        Problem("", "FileOverwriteFailedError: Failed to overwrite x.html", ERROR)
    ]


def write_record(settings):
    staged = record_path(settings["OUTPUT_PATH"])
    staged.write_text("new record", encoding="utf-8")
    os.utime(staged, (1, 1))  # older than the pages: the build makes it newer


def test_the_staged_record_replaces_the_outputs_and_is_newer_than_the_pages(pelican, tmp_path):
    output = old_output(tmp_path)
    pelican.then = write_record
    assert build.build().ok
    assert record_path(output).read_text(encoding="utf-8") == "new record"
    assert record_path(output).stat().st_mtime >= (output / "index.html").stat().st_mtime
    assert sorted(os.listdir(tmp_path)) == ["output", "output.record.json"]


def test_a_failed_build_removes_its_record_and_keeps_the_old_one(pelican, tmp_path):
    output = old_output(tmp_path)
    pelican.then = write_record
    pelican.messages = [(logging.ERROR, "no good")]
    assert not build.build().ok
    assert record_path(output).read_text(encoding="utf-8") == "old record"
    assert sorted(os.listdir(tmp_path)) == ["output", "output.record.json"]


def test_a_failed_build_whose_staging_is_gone_still_reports_its_problems(pelican, tmp_path):
    pelican.then = lambda settings: shutil.rmtree(settings["OUTPUT_PATH"])
    pelican.error = RuntimeError("disk gone")
    assert build.build().problems == [Problem("", "RuntimeError: disk gone", ERROR)]


@pytest.mark.parametrize(
    ("plan", "had_output", "expected"),
    [
        (None, True, {"index.html": "new"}),
        (SimpleNamespace(everything=True), True, {"index.html": "new"}),
        # A live preview's selective build replaces only the pages it wrote.
        (SimpleNamespace(everything=False), True, {"index.html": "new", "old.html": "old"}),
        (SimpleNamespace(everything=False), False, {"index.html": "new"}),
    ],
)
def test_a_plan_that_writes_some_pages_merges_them_into_the_output(
    pelican, tmp_path, plan, had_output, expected
):
    if had_output:
        old_output(tmp_path)
    assert build.build(plan=plan).ok
    assert files(tmp_path / "output") == expected
    assert staging_folders(tmp_path) == []


@kept.on_disk
def parsed(text):
    return text.upper()


def test_data_parsed_during_the_build_is_kept_in_the_code_versions_cache(pelican, tmp_path):
    pelican.then = lambda settings: parsed("helplines")
    build.build()
    folder = tmp_path / ".cache" / f"pelican-{VERSION}" / "parsed"
    [kept_file] = os.listdir(folder)
    assert kept_file.endswith(".pickle")
    parsed("after the build")  # kept nowhere: the build is over
    assert os.listdir(folder) == [kept_file]


def test_the_caches_of_earlier_code_versions_are_pruned_but_the_newest(pelican, tmp_path):
    for age, name in enumerate(["pelican-aaaaaaaaaaaa", "pelican-bbbbbbbbbbbb"]):
        (tmp_path / ".cache" / name).mkdir(parents=True)
        os.utime(tmp_path / ".cache" / name, (1_000_000 - age, 1_000_000 - age))
    build.build()
    assert sorted(os.listdir(tmp_path / ".cache")) == ["pelican-aaaaaaaaaaaa"]


def test_paths_are_shown_relative_to_the_site_being_built(pelican, tmp_path, monkeypatch):
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    site.mkdir()
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    shown = []
    pelican.then = lambda settings: shown.append(relative(site / "content" / "a.md"))
    build.build(str(site / "pelicanconf.py"))
    assert shown == ["content/a.md"]
    assert pelican.read[0][1][SETTINGS_FILE] == "pelicanconf.py"


def test_the_build_stops_collecting_when_it_ends(pelican):
    before = list(logging.getLogger().handlers)
    build.build()
    assert logging.getLogger().handlers == before


def test_the_result_names_the_output_and_the_time_taken(pelican, tmp_path, monkeypatch):
    clock = iter([10.0, 12.5])
    monkeypatch.setattr(build, "time", SimpleNamespace(perf_counter=lambda: next(clock)))
    assert build.build() == build.BuildResult(tmp_path / "output", [], 2.5)


# The command line.


class Builds:
    """A fake build() for main: keeps its arguments, logs a little and returns ``problems``."""

    def __init__(self, problems=()):
        self.problems = list(problems)
        self.calls = []

    def __call__(self, settings_file, output, *, cache):
        self.calls.append((settings_file, output, cache))
        logging.getLogger("sitebuild.test_build_run").info("Writing %s", "index.html")
        logging.getLogger("sitebuild.test_build_run").critical("stopped")
        return build.BuildResult(Path(output), self.problems, 0.5)


@pytest.fixture
def command(monkeypatch):
    """main() with a fake build and a report into a string: ``run(argv)`` gives its exit code."""
    builds, stream = Builds(), io.StringIO()
    monkeypatch.setattr(build, "build", builds)
    real_report = build.report
    monkeypatch.setattr(build, "report", lambda result: real_report(result, stream))

    def run(argv):
        # Logging as in a new process: no handler yet (main adds its own), level WARNING.
        root = logging.getLogger()
        handlers, level = root.handlers[:], root.level
        root.handlers.clear()
        root.setLevel(logging.WARNING)
        try:
            return build.main(argv)
        finally:
            root.handlers[:] = handlers
            root.setLevel(level)

    return SimpleNamespace(builds=builds, stream=stream, run=run)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ("pelicanconf.py", "output", False)),
        (
            ["--settings", "publishconf.py", "--output", "public", "--cache"],
            ("publishconf.py", "public", True),
        ),
    ],
)
def test_main_builds_what_the_command_line_says_and_reports(command, argv, expected):
    assert command.run(argv) == 0
    assert command.builds.calls == [expected]
    assert command.stream.getvalue() == f"Built {expected[1]} in 0.50 s.\n"


def test_main_exits_1_and_lists_the_problems_of_a_failed_build(command):
    command.builds.problems = [Problem("a.md", "bad", line=2)]
    assert command.run(["--output", "public"]) == 1
    assert command.stream.getvalue() == (
        "\nBuild failed: 1 problem.\n  ERROR: a.md:2: bad\n"
        "Nothing was published: public is unchanged. Fix the problems above and build again.\n"
    )


@pytest.mark.parametrize(
    ("argv", "shown"),
    [([], ""), (["--verbose"], "Writing index.html\nstopped\n")],
)
def test_main_shows_the_log_only_when_verbose(command, capsys, argv, shown):
    command.run(argv)
    assert capsys.readouterr().err == shown


def test_the_help_describes_the_command_and_its_options(command, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as stopped:
        command.run(["--help"])
    assert stopped.value.code == 0
    text = capsys.readouterr().out
    assert "[--settings SETTINGS] [--output OUTPUT] [--cache] [--verbose]" in text
    assert "\nStrict, atomic builds of the site.\n" in text
    assert "Atomic:" not in text
    assert "--cache              use Pelican's content cache\n" in text
    assert "--verbose            show every file written\n" in text


# The helpers build() runs.


def package(folder, files):
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return SimpleNamespace(__file__=str(folder / "__init__.py"))


def test_the_code_version_digests_the_libraries_versions_and_each_file_of_the_code(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(
        build, "plugins", package(tmp_path / "p", {"__init__.py": "", "c/a.py": "A"})
    )
    monkeypatch.setattr(build, "guidelib", package(tmp_path / "g", {"__init__.py": "G"}))
    versions = {"pelican": "4.11", "markdown": "3.7", "strictyaml": "1.7"}
    monkeypatch.setattr(build.importlib.metadata, "version", versions.__getitem__)
    digest = hashlib.sha1(
        b"pelican 4.11\nmarkdown 3.7\nstrictyaml 1.7\n"
        b"__init__.py\0c/a.py\0A"  # plugins: each file's path, a NUL, its bytes
        b"__init__.py\0G",  # then guidelib
        usedforsecurity=False,
    )
    assert build.code_version() == digest.hexdigest()[:12]
    assert build.VERSIONED.fullmatch(os.path.basename(build.cache_folder(".cache/pelican")))


def earlier_caches(tmp_path, *names):
    for age, name in enumerate(names):
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        os.utime(folder, (1_000_000 - age, 1_000_000 - age))
    return tmp_path / "pelican-dddddddddddd"


def test_a_link_to_a_folder_is_no_cache_folder_to_prune(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not a cache", encoding="utf-8")
    (tmp_path / "pelican-cccccccccccc").symlink_to(elsewhere)
    current = earlier_caches(tmp_path, "pelican-aaaaaaaaaaaa", "elsewhere")
    assert build.prune_cache_folders(str(current)) == []
    assert (elsewhere / "keep.txt").exists()


def test_a_cache_folder_that_cannot_be_removed_is_left_without_an_error(tmp_path, monkeypatch):
    (tmp_path / "pelican-bbbbbbbbbbbb").mkdir()
    (tmp_path / "pelican-bbbbbbbbbbbb" / "locked.pickle").write_bytes(b"")
    current = earlier_caches(tmp_path, "pelican-aaaaaaaaaaaa", "pelican-bbbbbbbbbbbb")
    unlink = os.unlink

    def refuse(path, *args, **kwargs):
        if os.path.basename(path) == "locked.pickle":
            raise PermissionError(13, "Permission denied", path)
        return unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", refuse)
    assert build.prune_cache_folders(str(current)) == [str(tmp_path / "pelican-bbbbbbbbbbbb")]
    assert (tmp_path / "pelican-bbbbbbbbbbbb" / "locked.pickle").exists()


def test_the_names_in_a_messages_mapping_are_not_taken_for_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "path").write_text("a file named like the key", encoding="utf-8")
    made = logging.LogRecord(
        "pelican", logging.WARNING, __file__, 1, "cannot read %(path)s", ({"path": "a.md"},), None
    )
    assert build._file_named_in(made) is None


def test_a_record_the_collector_never_saw_has_no_file():
    made = logging.LogRecord("pelican", logging.WARNING, __file__, 1, "odd", (), None)
    assert build._problems_of(made) == [Problem("", "odd", WARNING)]


def test_a_slug_shared_by_three_files_names_one_more(tmp_path):
    paths = [tmp_path / f"0{n}.md" for n in range(1, 4)]
    for path in paths:
        path.write_text("Title: X\nSlug: walk\n", encoding="utf-8")
    made = logging.LogRecord(
        "pelican", logging.WARNING, __file__, 1, build.SAME_SLUG, (3, "slug 'walk'", *paths), None
    )
    [problem] = build._problems_of(made)
    assert problem.message == f"slug 'walk' is also used by {relative(paths[0])} and 1 more"


def test_a_receiver_connected_strongly_is_let_go_without_being_called():
    calls = []

    def receiver(sender=None):
        calls.append(sender)

    signals.initialized.connect(receiver, weak=False)
    try:
        build._disconnect_plugins()
        assert receiver not in receivers(signals.initialized)
        assert calls == []
    finally:
        signals.initialized.disconnect(receiver)


def test_merge_makes_the_output_folder_and_its_parents(tmp_path):
    staging, output = tmp_path / "staging", tmp_path / "new" / "site" / "output"
    staging.mkdir()
    (staging / "index.html").write_text("new", encoding="utf-8")
    build.merge_into(staging, output)
    assert files(output) == {"index.html": "new"}
