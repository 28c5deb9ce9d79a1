"""Crisis help on every page (see crisis_help.py); `invoke check` needs only helpline_warnings.

The Pelican side and the data reader are imported on first use
(guidelib.lazy), so the check does not load Pelican.
"""

from guidelib.lazy import lazy_exports

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

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "CrisisHelpConfig": ".crisis_help",
        "CrisisHelpError": ".crisis_help",
        "emergency_numbers": ".crisis_help",
        "register": ".crisis_help",
        "HelplineDataError": ".data",
        "load_directory": ".data",
        "parse_directory": ".data",
    },
)
