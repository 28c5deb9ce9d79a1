"""guidelib.typography gives smarty's output, byte for byte, on any text."""

import markdown
import pytest
from conftest import ROOT
from hypothesis import example, given
from hypothesis import strategies as st

from plugins.citations import CitationsExtension, load_library
from plugins.furniture import FurnitureExtension
from sitebuild.bench.synthetic import write_article, write_library

BASE = ["extra", "meta", "toc", "admonition"]


def both(text, extensions=(), **options):
    """(smarty's HTML, ours) for ``text``, each with the site's other extensions."""
    html = []
    for name in ("markdown.extensions.smarty", "guidelib.typography"):
        md = markdown.Markdown(
            extensions=[*BASE, name, *extensions()],
            extension_configs={name: options},
            output_format="html5",
        )
        html.append(md.convert(text))
    return html


def test_the_guide_comes_out_as_smarty_writes_it():
    library = load_library(str(ROOT / "content" / "references.bib"))
    chapters = sorted((ROOT / "content" / "chapters").glob("*.md"))
    pages = sorted((ROOT / "content" / "pages").glob("*.md"))
    assert len(chapters) >= 8
    for path in chapters + pages:
        smarty, ours = both(
            path.read_text("utf-8"),
            lambda: [CitationsExtension(library), FurnitureExtension(30, [])],
        )
        assert ours == smarty, path.name


def test_the_benchmark_chapters_come_out_as_smarty_writes_them(tmp_path):
    import random

    rng = random.Random(7)
    write_library(tmp_path / "references.bib", rng)
    library = load_library(str(tmp_path / "references.bib"))
    for number in range(1, 21):
        write_article(tmp_path / f"{number}.md", number, rng)
        smarty, ours = both(
            (tmp_path / f"{number}.md").read_text("utf-8"),
            lambda: [CitationsExtension(library)],
        )
        assert ours == smarty


PIECES = st.sampled_from(
    [
        "'",
        '"',
        "''",
        '""',
        "'\"",
        "\"'",
        "--",
        "---",
        "----",
        "...",
        "....",
        ". . .",
        "<<",
        ">>",
        "'80s",
        "it's",
        "dogs'",
        " ",
        "\n",
        "\n\n",
        "word",
        "W",
        "1990",
        "*em*",
        "**strong**",
        "`code 'q'`",
        "[link](https://example.org/'x')",
        "<b>raw</b>",
        "&nbsp;",
        "&mdash;",
        "&#8211;",
        "–",
        "—",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "\\'",
        '\\"',
        "- ",
        "# ",
        "> ",
        "    indented 'code'",
        ":",
        ";",
        ",",
        ".",
        "!",
        "?",
        "é",
        "\u200f",
    ]
)


@given(st.lists(PIECES, max_size=40).map("".join), st.booleans())
@example("He said, \"'Quoted' words in a larger quote.\"", False)
@example("'Twas the '80s -- or so... <<really>>", True)
@example("\"*emphasis*\" and '`code`'", False)
def test_any_text_comes_out_as_smarty_writes_it(text, angled):
    smarty, ours = both(text, tuple, smart_angled_quotes=angled)
    assert ours == smarty


@pytest.mark.parametrize("option", ["smart_quotes", "smart_dashes", "smart_ellipses"])
def test_smartys_options_still_apply(option):
    text = "'Quoted' -- and ... then \"more\"."
    smarty, ours = both(text, tuple, **{option: False})
    assert ours == smarty and ours != both(text, tuple)[1]
