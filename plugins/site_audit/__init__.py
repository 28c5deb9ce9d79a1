from guidelib import ERROR, WARNING, Problem, exit_status, format_report

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
from .plugin import register

__all__ = [
    "ERROR",
    "WARNING",
    "AuditConfig",
    "AuditResult",
    "Block",
    "ExternalConfig",
    "MissingAuditError",
    "Problem",
    "add_collection",
    "audit",
    "check_built_site",
    "check_external",
    "collections",
    "exit_status",
    "format_report",
    "register",
    "require_block",
    "required_blocks",
]
