"""A corpus as the bench builds it: our settings, and a bare Pelican copy to compare with.

Bare Pelican is what a user would get without this project: Pelican 4.12's
default theme, no plugins, and the same Markdown with the citation marks
taken out. Its settings are pelicanconf.py's own values written out as data,
less everything that belongs to our theme or our plugins. The same Markdown
means the site's MARKDOWN setting, extensions included: toc, admonition and
guidelib.typography (smarty's patterns, faster), the one module of ours it
imports. Both settings files hold assignments only.

The citation marks are removed with two regular expressions that follow the
citations plugin's syntax (a bracketed group holding an ``@key``, and a
narrative ``@key``); the content has no code spans with an ``@`` in them, so
nothing smarter is needed. A page's ``Template:`` line names one of our
theme's templates, so the bare copy goes without it; the rest of the front
matter is kept.
"""

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from guidelib import MARKDOWN_SUFFIXES

from .commands import ROOT

# An "@" that starts a citation: not part of an email address or a word.
_AT = r"(?<![\w.+\-@/])@"
_KEY = r"\w+(?:[:.#$%&+?<>~/-]\w+)*"
# A group, with the spaces before it; a following "(" or "[" makes it a link.
GROUP_RE = re.compile(rf"[ \t]*\[[^\[\]]*?{_AT}{_KEY}[^\[\]]*\](?![(\[])")
NARRATIVE_RE = re.compile(rf"{_AT}{_KEY}")
# A page's own template (Template: get-help) is our theme's; the default theme has none.
TEMPLATE_RE = re.compile(r"^template:.*(?:\n|$)", re.MULTILINE | re.IGNORECASE)

# Our theme's settings; our plugins' are found by their prefixes.
OURS_ONLY = {"THEME", "THEME_EXTRA_CSS", "PLUGINS", "PLUGIN_PATHS", "DIRECT_TEMPLATES"}


def strip_citations(text):
    """``text`` of a Markdown source without its citations; the front matter is kept."""
    front, blank, body = text.partition("\n\n")
    body = NARRATIVE_RE.sub("", GROUP_RE.sub("", body))
    return front + blank + body


def bare_source(text):
    """``text`` as bare Pelican gets it: no citations, and no Template line of our theme's."""
    front, blank, body = strip_citations(text).partition("\n\n")
    return TEMPLATE_RE.sub("", front) + blank + body


def plugin_prefixes(plugins):
    """Setting prefixes of ``plugins`` ("plugins.crisis_help" -> "CRISIS_HELP_")."""
    return tuple(name.rsplit(".", 1)[-1].upper() + "_" for name in plugins)


def bare_values(conf):
    """pelicanconf's settings (a module's vars) that bare Pelican keeps."""
    prefixes = plugin_prefixes(conf.get("PLUGINS", ()))
    return {
        name: value
        for name, value in conf.items()
        if name.isupper() and name not in OURS_ONLY and not name.startswith(prefixes)
    }


def settings_text(values, base=None):
    """A settings file of assignments only, after ``from base import *`` if given."""
    lines = [f"from {base} import *"] if base else []
    lines += [f"{name} = {value!r}" for name, value in sorted(values.items())]
    return "\n".join(lines) + "\n"


def stripped_copy(source, target):
    """Copy the content folder ``source`` to ``target``, the Markdown as bare_source makes it."""
    shutil.copytree(source, target)
    for path in target.rglob("*"):
        if path.suffix in MARKDOWN_SUFFIXES:
            path.write_text(bare_source(path.read_text(encoding="utf-8")), encoding="utf-8")


@dataclass(frozen=True)
class Corpus:
    """A generated site in ``folder``: content/ and settings.py, bare/ beside them."""

    name: str
    folder: Path

    @property
    def content(self):
        return self.folder / "content"

    @property
    def settings(self):
        return self.folder / "settings.py"

    @property
    def bare_settings(self):
        return self.folder / "bare" / "settings.py"

    @property
    def bare_content(self):
        return self.folder / "bare" / "content"

    def output(self, kind):
        return self.folder / f"output-{kind}"


def finish(name, folder, bare=True, extra=None):
    """Write our settings, and unless not ``bare`` the bare copy, for the content in ``folder``.

    ``extra`` settings are added to ours only.
    """
    import pelicanconf

    corpus = Corpus(name, Path(folder))
    ours = {"PATH": str(corpus.content), "THEME": str(ROOT / "theme"), **(extra or {})}
    corpus.settings.write_text(settings_text(ours, base="pelicanconf"), encoding="utf-8")
    if not bare:
        return corpus
    stripped_copy(corpus.content, corpus.bare_content)
    values = {**bare_values(vars(pelicanconf)), "PATH": str(corpus.bare_content), "PLUGINS": []}
    corpus.bare_settings.write_text(settings_text(values), encoding="utf-8")
    return corpus
