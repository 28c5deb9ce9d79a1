from .crisis_help import CrisisHelpConfig, CrisisHelpError, emergency_numbers, register
from .data import HelplineDataError, load_directory, parse_directory
from .freshness import helpline_warnings

__all__ = [
    "CrisisHelpConfig",
    "CrisisHelpError",
    "HelplineDataError",
    "emergency_numbers",
    "helpline_warnings",
    "load_directory",
    "parse_directory",
    "register",
]
