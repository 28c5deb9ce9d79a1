"""Checks of the built site, during the build and as `invoke check` (see README.md).

The Pelican side (plugin.py, ``register``) is imported on first use
(guidelib.lazy): `invoke check` does not load Pelican.
"""

from guidelib import ERROR, WARNING, Problem, exit_status, format_report
from guidelib.lazy import lazy_exports

from .audit import AuditConfig, AuditResult, audit
from .blocks import (
    Block,
    MissingAuditError,
    add_collection,
    collections,
    require_block,
    required_blocks,
)
from .cli import check_built_site
from .external import ExternalConfig, check_external
from .page_checks import PageCheckError, add_page_check, page_checks

__all__ = [
    "ERROR",
    "WARNING",
    "AuditConfig",
    "AuditResult",
    "Block",
    "ExternalConfig",
    "MissingAuditError",
    "PageCheckError",
    "Problem",
    "add_collection",
    "add_page_check",
    "audit",
    "check_built_site",
    "check_external",
    "collections",
    "exit_status",
    "format_report",
    "page_checks",
    "register",
    "require_block",
    "required_blocks",
]

__getattr__, __dir__ = lazy_exports(__name__, {"register": ".plugin"})
