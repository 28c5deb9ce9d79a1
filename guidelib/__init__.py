"""What the plugins and the build runner share: one problem type, one way to
validate settings, and the small helpers more than one plugin needs.

Nothing here knows about any one plugin; plugins import from here, never the
other way round.
"""

from .files import write_whole
from .lazy import lazy_exports
from .problems import (
    ERROR,
    WARNING,
    Problem,
    ProblemsError,
    exit_status,
    format_report,
    relative,
    set_site_folder,
)
from .settings import SettingsError, read_plugin_settings
from .sources import (
    CONTENT_GROUPS,
    MARKDOWN_SUFFIXES,
    contents_of,
    field_lines,
    line_of,
    read_data_file,
)

__all__ = [
    "CONTENT_GROUPS",
    "ERROR",
    "MARKDOWN_SUFFIXES",
    "WARNING",
    "Problem",
    "ProblemsError",
    "SettingsError",
    "contents_of",
    "exit_status",
    "field_lines",
    "format_report",
    "line_of",
    "make_environment",
    "read_data_file",
    "read_plugin_settings",
    "relative",
    "set_site_folder",
    "template_dirs",
    "write_whole",
]

# Jinja is imported when a template is first needed: `invoke check` needs none.
__getattr__, __dir__ = lazy_exports(
    __name__, {"make_environment": ".templates", "template_dirs": ".templates"}
)
