"""Live preview that rewrites only the pages an edit changes.

Pelican 4.12 rereads unchanged files from its content cache, but it renders
and writes every page of the site on every build (its WRITE_SELECTED setting
was removed). On a guide of a thousand chapters that is most of an author's
wait between saving a chapter and seeing it. Nothing in Pelican or its plugin
ecosystem decides which pages an edit touches, so this module does, by hand,
and it errs towards writing everything:

* Only an edit to existing chapters (Markdown under ARTICLE_PATHS) is
  previewed incrementally. A new, moved or deleted file, or any change to a
  page, the library, the data, the theme, the plugins or the settings, rebuilds
  the whole site as ``invoke build`` does.
* Other pages show a chapter's metadata (title, summary, order, tags, the
  sources it cites ...), never its text. So when an edited chapter's metadata,
  URL and summary are what they were at the last good build, its own page is
  the only one written, with the pages that show every chapter's text (the
  whole guide on one page, which plugins.site_audit knows as a collection).
  Otherwise every page is.
* A collection is the costliest page of such an edit (a third of the rebuild
  on a guide of a thousand chapters), and an author rarely has it open. The
  preview server says which pages are open in a browser (``showing``); a
  collection that is not is left as it was and noted as stale, and written
  by the next rebuild that has it open, or asked for (``stale``): the
  server rebuilds a stale page before it serves it. A rebuild that is not
  told what is open writes every collection an edit touches.

A build writes into a fresh folder beside the output, as every build does
(sitebuild.build). After a successful incremental build the few files written
(the chapter and the theme's static files) replace their old copies in the
output one by one; after a failed one nothing in the output changes.
"""

import contextlib
import gc
import hashlib
import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import BytecodeCache
from pelican import signals
from pelican.plugins._utils import get_namespace_plugins
from pelican.settings import read_settings
from pelican.writers import Writer

from guidelib import MARKDOWN_SUFFIXES, contents_of
from plugins.site_audit import collections

from .build import build

# Written by Python and tools while the site builds, never read by the build.
SKIPPED_FOLDERS = frozenset({"__pycache__", ".pytest_cache", ".ruff_cache"})


def snapshot(roots):
    """Return {path: (mtime_ns, size)} for every file under ``roots``."""
    found = {}
    for root in roots:
        if os.path.isfile(root):
            stat = os.stat(root)
            found[root] = (stat.st_mtime_ns, stat.st_size)
            continue
        for folder, folders, names in os.walk(root):
            folders[:] = [name for name in folders if name not in SKIPPED_FOLDERS]
            for name in names:
                path = os.path.join(folder, name)
                stat = os.stat(path)
                found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def signature(content):
    """A digest of what pages other than ``content``'s own show of it."""
    metadata = sorted((key, str(value)) for key, value in content.metadata.items())
    shown = repr((metadata, content.url, content.save_as, content.summary))
    return hashlib.sha1(shown.encode("utf-8"), usedforsecurity=False).hexdigest()


@dataclass
class Plan:
    """What one preview build may write: pages of ``edited`` sources, or everything.

    ``edited`` is None when more than chapters changed. ``showing`` holds the
    output names open in a browser (None: count every page as open), and
    ``wanted`` the stale pages to write whatever else is edited.
    """

    edited: frozenset | None
    previous: dict
    showing: frozenset | None = None
    wanted: frozenset = frozenset()
    signatures: dict = field(default_factory=dict)
    selected: set | None = None  # output names to write; None: every page
    deferred: frozenset = frozenset()  # collections an edit touched, left unwritten

    @property
    def everything(self):
        return self.selected is None


# A live preview rebuilds on every save: it keeps Pelican's content cache and
# leaves the whole-site audit to `invoke build` and `invoke check`. The safety
# blocks are still checked on every page, in the preview's own process: a
# second one is worth starting only when a build writes many pages.
# Its cache is not compressed either: a rebuild reads and writes it whole.
PREVIEW_OVERRIDES = {
    "SITE_AUDIT_ON_BUILD": False,
    "GZIP_CACHE": False,
    "CACHE_PATH": ".cache/preview",
}


class TemplateCodeCache(BytecodeCache):
    """Compiled templates, kept in this process between preview builds.

    Pelican makes new Jinja environments for every build, which compile every
    template again: a tenth of a text edit's rebuild. Jinja checks each
    template's source against the one its code was compiled from, so an edited
    template is compiled again.
    """

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


# The plan of the build in progress; signal handlers are module-level
# functions (Pelican holds its receivers weakly) and act only while one runs.
_active = {"plan": None}


@contextlib.contextmanager
def following(plan):
    """Let ``plan`` choose the pages Pelican writes while the block runs."""
    _active["plan"] = plan
    try:
        yield
    finally:
        _active["plan"] = None


class PreviewWriter(Writer):
    """Pelican's writer, skipping pages the active plan does not select."""

    def write_file(self, name, *args, **kwargs):
        plan = _active["plan"]
        if plan is not None and not plan.everything and name not in plan.selected:
            return None
        return super().write_file(name, *args, **kwargs)


def provide_writer(pelican):
    return PreviewWriter if _active["plan"] is not None else None


def choose_pages(generators):
    """Decide, once every source is read, which pages the plan writes.

    When only the edited chapters' own pages change, only their signatures
    are worked out again: the other sources are as they were at the last
    good build, and so is what other pages show of them.
    """
    plan = _active["plan"]
    if plan is None:
        return
    contents = contents_of(generators)
    if plan.edited is not None:
        edited = [content for content in contents if content.source_path in plan.edited]
        now = {content.source_path: signature(content) for content in edited}
        written = {content.save_as for content in edited}
        touched = set(collections(generators[0].settings)) if written and generators else set()
        shown = touched if plan.showing is None else touched & plan.showing
        unchanged = all(
            path in now and now[path] == plan.previous.get(path) for path in plan.edited
        )
        selected = written | shown | plan.wanted
        if unchanged and selected:
            plan.selected, plan.deferred = selected, frozenset(touched - shown - plan.wanted)
            plan.signatures = {**plan.previous, **now}
            return
    plan.signatures = {content.source_path: signature(content) for content in contents}


def register():
    """Connected only for a preview's builds: LivePreview adds this module to PLUGINS."""
    signals.get_writer.connect(provide_writer)
    signals.all_generators_finalized.connect(choose_pages)


def warm_up_plugins(names):
    """Call ``warm_up()`` of each plugin in ``names`` that has one.

    A plugin's ``warm_up()`` loads ahead what its first check in this process
    would otherwise load (the prose checks: the pronouncing dictionary, a second
    or more). A build ends after one pass, so only a live preview calls it,
    once it is idle, which keeps that wait out of an author's first save.
    """
    for name in names:
        module = importlib.import_module(name) if isinstance(name, str) else name
        warm_up = getattr(module, "warm_up", None)
        if callable(warm_up):
            warm_up()


def plugin_folders(names):
    """The folders of the plugin packages named in PLUGINS (modules have none)."""
    folders = []
    for name in names:
        spec = importlib.util.find_spec(name) if isinstance(name, str) else None
        folders.extend(getattr(spec, "submodule_search_locations", None) or ())
    return folders


class LivePreview:
    """Rebuilds for ``invoke livereload``; keeps what it needs between builds."""

    def __init__(self, settings_file, output, overrides=None):
        self.settings_file = str(settings_file)
        self.output = Path(output).resolve()
        self.overrides = {**PREVIEW_OVERRIDES, **(overrides or {})}
        self.sources = None  # snapshot at the last good build
        self.signatures = {}
        # What to watch for changes; the settings name the rest (_read_layout).
        self.roots = (os.path.abspath(self.settings_file),)
        self.chapters = ()
        self.templates = TemplateCodeCache()
        self.plugins = ()  # PLUGINS, the preview's own added (_read_layout)
        self.warmed = False
        # Collections an edit changed that were not written (see the docstring).
        self.stale = set()

    def _read_layout(self):
        settings = read_settings(self.settings_file, override=self.overrides)
        plugins = settings["PLUGINS"]
        if plugins is None:
            # Pelican (4.12, pinned) then loads every installed namespace
            # plugin; naming the preview's own would stop that, so name them.
            plugins = list(get_namespace_plugins())
        self.plugins = [*plugins, __name__]
        self.jinja = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": self.templates}
        content = settings["PATH"]
        self.chapters = tuple(
            os.path.join(content, folder) + os.sep for folder in settings["ARTICLE_PATHS"]
        )
        self.roots = (
            os.path.abspath(self.settings_file),
            content,
            settings["THEME"],
            *plugin_folders(plugins),
        )

    def settle(self):
        """Collect the garbage of the builds so far, set aside what is left, and warm up.

        Each rebuild leaves the last one's content objects as garbage, and
        Python's full collection of a preview's heap (a third of a second on
        a thousand chapters) fell inside most rebuilds. Collected here, while
        the author reads the page, and with what is left frozen out of later
        collections, a rebuild's collections look at its own objects only.
        The watcher calls it once a second has passed with no change. After
        the first good build it also warms the plugins up (warm_up_plugins).
        """
        if self.sources is not None and not self.warmed:
            warm_up_plugins(self.plugins)
            self.warmed = True
        gc.unfreeze()  # what was set aside last time may be garbage by now
        gc.collect()
        gc.freeze()

    def edited_chapters(self, now):
        """Chapters changed since the last good build; None when more has changed."""
        if self.sources is None or now.keys() != self.sources.keys():
            return None
        changed = frozenset(path for path, stamp in now.items() if self.sources[path] != stamp)
        if all(
            path.startswith(self.chapters) and path.endswith(MARKDOWN_SUFFIXES) for path in changed
        ):
            return changed
        return None

    def rebuild(self, showing=None):
        """Build the preview; return the BuildResult.

        ``showing``: the output names of the pages open in a browser, or
        None to count every page as open.
        """
        try:
            self._read_layout()
        except (Exception, SystemExit):  # noqa: BLE001 - the build below reports it, naming the file
            return build(self.settings_file, self.output, cache=True, overrides=self.overrides)
        now = snapshot(self.roots)
        showing = None if showing is None else frozenset(showing)
        wanted = frozenset(self.stale if showing is None else self.stale & showing)
        plan = Plan(self.edited_chapters(now), self.signatures, showing, wanted)
        if plan.edited is not None and not plan.edited and not wanted:
            plan.edited = None  # nothing changed: build it all again, as asked
        overrides = {**self.overrides, "PLUGINS": self.plugins, "JINJA_ENVIRONMENT": self.jinja}
        with following(plan):
            result = build(
                self.settings_file, self.output, cache=True, overrides=overrides, plan=plan
            )
        if result.ok:
            self.sources, self.signatures = now, plan.signatures
            self.stale = set() if plan.everything else (self.stale - wanted) | plan.deferred
        return result
