from .feed_safety import FeedSafetyError, register
from .safety import HELP_LINK_TEXT, feed_problems, preface, starts_safely, with_preface

__all__ = [
    "HELP_LINK_TEXT",
    "FeedSafetyError",
    "feed_problems",
    "preface",
    "register",
    "starts_safely",
    "with_preface",
]
