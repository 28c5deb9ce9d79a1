from .disclaimer import (
    BLOCK,
    VARIANTS,
    Disclaimer,
    DisclaimerError,
    parse_disclaimer,
    register,
    render_banner,
    select_variant,
)

__all__ = [
    "BLOCK",
    "VARIANTS",
    "Disclaimer",
    "DisclaimerError",
    "parse_disclaimer",
    "register",
    "render_banner",
    "select_variant",
]
