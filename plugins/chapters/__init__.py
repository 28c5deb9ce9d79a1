from .chapters import Config, order_problems, register, table_of_contents
from .front_matter import FrontMatterError, check_chapter, parse_date, parse_ids, template_problem
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
