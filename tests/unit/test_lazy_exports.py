"""`invoke check` imports no Pelican; plugin packages still export everything by name."""

import subprocess
import sys

import pytest
from conftest import ROOT

import plugins.chapters
from guidelib.lazy import lazy_exports

HEAVY = ("pelican", "bs4", "markdown", "citeproc", "jinja2", "strictyaml")


def test_the_check_and_the_tasks_file_import_none_of_the_heavy_packages():
    code = (
        "import sys, datetime, tasks\n"
        "from sitebuild.check import dated_warnings\n"
        "from plugins.site_audit.cli import check_built_site\n"
        "from plugins.citations import leftover_citations\n"
        "dated_warnings(datetime.date.today())[0]({'pages': []})\n"
        f"print([name for name in {HEAVY!r} if name in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_lazy_exports_are_the_real_objects_and_listed():
    from plugins.chapters.front_matter import parse_date

    assert plugins.chapters.parse_date is parse_date
    assert {"parse_date", "register", "review_warnings"} <= set(dir(plugins.chapters))


def test_an_unknown_name_is_an_attribute_error():
    getattr_, _ = lazy_exports("plugins.chapters", {"parse_date": ".front_matter"})
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        getattr_("nothing")
    with pytest.raises(ImportError):
        from plugins.chapters import nothing  # noqa: F401
