from .disclaimer import (
    DEFAULTS,
    VARIANTS,
    Disclaimer,
    DisclaimerError,
    parse_disclaimer,
    register,
    render_banner,
    select_variant,
)

__all__ = [
    "DEFAULTS",
    "VARIANTS",
    "Disclaimer",
    "DisclaimerError",
    "parse_disclaimer",
    "register",
    "render_banner",
    "select_variant",
]
