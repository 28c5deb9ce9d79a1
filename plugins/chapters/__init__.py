from .chapters import register
from .front_matter import FrontMatterError, check_chapter, field_lines, parse_date, reviews_due

__all__ = ["register", "FrontMatterError", "check_chapter", "field_lines", "parse_date",
           "reviews_due"]
