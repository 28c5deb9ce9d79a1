"""Properties of a whole build, on a small site with one generated chapter.

The site is tests/fixtures/mini_site without its chapters, with the
citations fixture's library, copied to a temporary folder and built once
with a valid chapter. Each example then replaces that one chapter and builds
again, in this process (sitebuild.build.build, as `invoke build` does):

1. the build succeeds, or it fails with problems that each name a path, and
   no exception other than a ProblemsError reached the log (what would be a
   traceback in front of the author);
2. a failed build leaves output/ and its record byte-identical, and no
   staging folder behind;
3. a successful build passes the check (`invoke check`'s sitebuild.check.main).

A build takes most of a second, so the test runs a sixteenth of the profile's
examples (25 in "ci"), after the regression examples below.
"""

import contextlib
import hashlib
import io
import logging
import shutil
from pathlib import Path

import pytest
from chapter_strategies import VALID_FIELDS, chapters
from hypothesis import event, example, given, settings

from guidelib import ProblemsError
from plugins.build_record import record_path
from sitebuild.build import build, report
from sitebuild.check import main as check

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "mini_site"
BIB = ROOT / "tests" / "fixtures" / "citations_site" / "unit.bib"
CHAPTER = "content/chapters/01-generated.md"

VALID_CHAPTER = (
    "\n".join(f"{name}: {value}" for name, value in VALID_FIELDS.items())
    + "\n\n## In short\n\n- Walk a little each day.\n- Rest when you need to [@alpha2020].\n"
    + "\n## A section\n\nStart small and go slow.\n"
)


class _Exceptions(logging.Handler):
    """Keeps the log records that carry an exception other than a ProblemsError."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        cause = record.exc_info[1] if record.exc_info else None
        unexpected = cause is not None and not isinstance(cause, ProblemsError)
        # The build runner's last resort: an exception that escaped Pelican.
        last_resort = record.name == "sitebuild.build" and record.msg == "%s: %s"
        if unexpected or last_resort:
            self.records.append(record)


def tree_digest(output):
    digest = {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }
    digest["<record>"] = hashlib.sha256(record_path(output).read_bytes()).hexdigest()
    return digest


def build_with(site, text):
    (site / CHAPTER).write_bytes(text.encode("utf-8"))
    handler = _Exceptions()
    logging.getLogger().addHandler(handler)
    try:
        result = build(str(site / "settings.py"), str(site.parent / "output"))
    finally:
        logging.getLogger().removeHandler(handler)
    return result, handler.records


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture site with one valid chapter, already built into output/ beside it."""
    site = tmp_path_factory.mktemp("fuzz") / "site"
    shutil.copytree(FIXTURE, site)
    for path in (site / "content" / "chapters").iterdir():
        path.unlink()
    shutil.copy(BIB, site / "content" / "references.bib")
    with pytest.MonkeyPatch.context() as patch:
        # The fixture's settings find the theme from the working folder.
        patch.chdir(ROOT)
        result, escaped = build_with(site, VALID_CHAPTER)
        assert result.ok and not escaped, result.problems
        yield site


@settings(max_examples=max(1, settings.default.max_examples // 16))
@given(text=chapters())
@example(text=VALID_CHAPTER)
@example(text=VALID_CHAPTER.replace("Order: 1", "Order: two"))
# Found by Hypothesis, each a problem that named no file: Pelican stopped the
# build at a missing template; it warned of a name that makes no slug, and
# of an image without alt text.
@example(text=VALID_CHAPTER.replace("Order: 1", "Order: 1\nTemplate: nonexistent"))
@example(text=VALID_CHAPTER.replace("Tags: fixture", "Tags: \x00"))
@example(text=VALID_CHAPTER.replace("Category: Guide", "Category: \U0001f600"))
@example(text=VALID_CHAPTER + '\n<img src="https://example.org/x.png" alt="">\n')
def test_a_build_fails_cleanly_or_passes_the_check(site, text):
    output = site.parent / "output"
    before = tree_digest(output)
    result, escaped = build_with(site, text)

    assert not escaped, [record.getMessage() for record in escaped]
    event("the build failed" if result.problems else "the build succeeded")
    if result.ok:
        said = io.StringIO()
        with contextlib.redirect_stdout(said):
            code = check([str(output)])
        assert code == 0, said.getvalue()
        return
    assert all(problem.path for problem in result.problems), result.problems
    said = io.StringIO()
    report(result, stream=said)
    assert "Traceback" not in said.getvalue()
    assert tree_digest(output) == before
    # No staging folder is left beside the output.
    assert sorted(path.name for path in site.parent.iterdir()) == [
        "output",
        "output.record.json",
        "site",
    ]
