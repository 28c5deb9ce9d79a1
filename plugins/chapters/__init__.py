"""The guide's chapters (see chapters.py); `invoke check` needs only review_warnings.

The Pelican side is imported on first use (guidelib.lazy), so the check
does not load Pelican.
"""

from guidelib.lazy import lazy_exports

from .review import review_warnings

__all__ = [
    "Config",
    "FrontMatterError",
    "check_chapter",
    "order_problems",
    "parse_date",
    "parse_ids",
    "register",
    "review_warnings",
    "table_of_contents",
    "template_problem",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Config": ".chapters",
        "order_problems": ".chapters",
        "register": ".chapters",
        "table_of_contents": ".chapters",
        "FrontMatterError": ".front_matter",
        "check_chapter": ".front_matter",
        "parse_date": ".front_matter",
        "parse_ids": ".front_matter",
        "template_problem": ".front_matter",
    },
)
