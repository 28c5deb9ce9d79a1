"""The whole guide on one page (guide/all/), for printing and reading offline."""

from pelican import signals

from .plugin import Config, WholeGuide, add_blocks, load_settings, render_guide, write_page
from .render import Prepared, fill, prepare, rewrite_href

__all__ = [
    "Config",
    "Prepared",
    "WholeGuide",
    "fill",
    "prepare",
    "rewrite_href",
]


def register():
    signals.initialized.connect(load_settings)
    signals.initialized.connect(add_blocks)
    signals.all_generators_finalized.connect(render_guide)
    signals.article_writer_finalized.connect(write_page)
