from .audit import AuditConfig, AuditResult, audit
from .external import ExternalConfig, check_external
from .plugin import register
from .problems import ERROR, WARNING, Problem, exit_status, format_report

__all__ = [
    "ERROR",
    "WARNING",
    "AuditConfig",
    "AuditResult",
    "ExternalConfig",
    "Problem",
    "audit",
    "check_external",
    "exit_status",
    "format_report",
    "register",
]
