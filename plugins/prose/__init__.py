"""Prose checks on each Markdown source: reading grade, uncited claims, editorial rules."""

from pelican import signals

from .claims import finding, uncited_claims
from .extract import Block, extract, prose
from .plugin import (
    Limits,
    SourceReport,
    all_generators_finalized,
    article_generator_finalized,
    check_source,
    hand_to_worker,
    initialized,
    page_generator_finalized,
)
from .reading import Reading, measure, prose_report, warm_up
from .rules import Rule, RulesError, load_rules, parse_rules, rule_problems
from .settings import Config, read_config

__all__ = [
    "Block",
    "Config",
    "Limits",
    "Reading",
    "Rule",
    "RulesError",
    "SourceReport",
    "check_source",
    "extract",
    "finding",
    "load_rules",
    "measure",
    "parse_rules",
    "prose",
    "prose_report",
    "read_config",
    "register",
    "rule_problems",
    "uncited_claims",
    "warm_up",
]


def register():
    signals.initialized.connect(initialized)
    signals.content_object_init.connect(hand_to_worker)
    signals.article_generator_finalized.connect(article_generator_finalized)
    signals.page_generator_finalized.connect(page_generator_finalized)
    signals.all_generators_finalized.connect(all_generators_finalized)
