from .page_blocks import (
    SETTING,
    PageBlocksError,
    block_problem,
    describe_template,
    register,
    template_of,
)

__all__ = [
    "SETTING",
    "PageBlocksError",
    "block_problem",
    "describe_template",
    "register",
    "template_of",
]
