from .crisis_help import DEFAULTS, CrisisHelpError, register
from .data import HelplineDataError, load_directory, parse_directory, stale_entries

__all__ = [
    "DEFAULTS",
    "CrisisHelpError",
    "HelplineDataError",
    "load_directory",
    "parse_directory",
    "register",
    "stale_entries",
]
