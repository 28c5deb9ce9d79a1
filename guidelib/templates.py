"""The theme's templates, as the plugins that render partials load them."""

import os

from jinja2 import Environment, FileSystemLoader, StrictUndefined


def template_dirs(settings):
    """The theme's template folders, overrides first, as Pelican searches them."""
    return [
        *settings.get("THEME_TEMPLATES_OVERRIDES", []),
        os.path.join(settings["THEME"], "templates"),
    ]


def make_environment(folders):
    """An autoescaping environment that loads from the theme's template folders.

    Pelican's own environment escapes nothing unless the site turns autoescape
    on; this one always does, so data (helplines, banner text) comes out as text.
    """
    return Environment(
        loader=FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
