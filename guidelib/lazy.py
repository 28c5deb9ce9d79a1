"""Exports of a plugin package that are imported on first use.

`invoke check` reads the build record and needs a few small functions of
some plugins (``review_warnings``, ``helpline_warnings``, ``read_record``),
but importing a plugin's Pelican side imports Pelican, Beautiful Soup and
Python-Markdown: about half a second, a third of the whole check. A package
names its light exports as usual and hands the rest to ``lazy_exports``,
which gives it a module ``__getattr__`` (PEP 562): ``from plugins.chapters
import register`` still works, and imports chapters.py only then. The
standard library has no helper for this (``importlib.util.LazyLoader``
defers whole modules, not names), so it is these few lines.
"""

import importlib
import sys


def lazy_exports(package, exports):
    """``(__getattr__, __dir__)`` for ``package`` whose ``exports`` map names to submodules.

    ``exports`` maps each exported name to the module, relative to the
    package (".plugin"), that defines it.
    """

    def __getattr__(name):
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(exports[name], package), name)
        setattr(sys.modules[package], name, value)  # found at once next time
        return value

    def __dir__():
        return sorted({*vars(importlib.import_module(package)), *exports})

    return __getattr__, __dir__
