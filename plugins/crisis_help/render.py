"""Rendering the crisis-help furniture from the helpline data.

Pelican's template environment escapes nothing unless the site turns
autoescape on, so the blocks are rendered by an environment of their own
(``guidelib.make_environment``) with autoescape always on: a service name
that contains ``<script>`` comes out as text. The templates are the theme's
partials, so the markup stays with the theme and a theme can restyle it.

``first`` is the region a region page is for (a model.Region), or None on
every other page: that region comes first, and the block's note names it.
"""

from markupsafe import Markup

from .model import put_first

BAR_TEMPLATE = "partials/crisis_bar.html"
BLOCK_TEMPLATE = "partials/crisis_help.html"
DIRECTORY_TEMPLATE = "partials/crisis_help_directory.html"
TEMPLATES = (BAR_TEMPLATE, BLOCK_TEMPLATE, DIRECTORY_TEMPLATE)


def render_bar(env):
    """The compact bar that jumps to the crisis-help block."""
    return Markup(env.get_template(BAR_TEMPLATE).render())


def render_block(
    env, directory, codes, get_help_url, first=None, regions_url=None, block_id="crisis-help"
):
    """The crisis-help block: the helplines of the regions ``codes``, in that order.

    ``regions_url`` is the list of region pages, which the note links to
    (the Get help now page's ``#regions``, by default). ``block_id`` is the
    block's id (its title's is ``block_id-title``): a page that shows the
    block twice gives the second one another id.
    """
    return Markup(
        env.get_template(BLOCK_TEMPLATE).render(
            regions=directory.grouped(put_first(codes, first and first.code)),
            get_help_url=get_help_url,
            first=first,
            regions_url=regions_url or f"{get_help_url}#regions",
            block_id=block_id,
        )
    )


def render_directory(env, directory, region_urls, first=None):
    """Every region and helpline, in the order of the data file (``first`` first).

    ``region_urls`` maps each region's code to the URL of its region page.
    """
    return Markup(
        env.get_template(DIRECTORY_TEMPLATE).render(
            regions=directory.grouped(put_first(directory.codes, first and first.code)),
            region_urls=region_urls,
            first=first,
        )
    )
