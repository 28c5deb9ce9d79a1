"""Property: the citations extension never drops or duplicates text outside citation marks.

Documents mix filler text (with inline Markdown and HTML) and citations in
every form, valid and invalid, separated by spaces, line breaks, headings,
quotes and list items. They are converted with the extensions the site uses.
Whatever the extension does with a citation (a number, or its source text
put back when it cannot be read), the filler's upper-case and non-ASCII
letters, which no citation holds, are all in the HTML outside the citations'
markup, once each and in order.
"""

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from chapter_strategies import cited_documents, tracked
from hypothesis import example, given

from plugins.citations import CitationsExtension, load_library

ROOT = Path(__file__).resolve().parents[2]
BIB = ROOT / "tests" / "fixtures" / "citations_site" / "unit.bib"
# The site's Markdown extensions (pelicanconf.MARKDOWN), meta included.
EXTENSIONS = ["extra", "meta", "toc", "smarty", "admonition"]
# The markup the extension writes: the citation itself, the author named
# before it, and the References section.
CITATION_MARKUP = "sup.citations-cite, span.citations-narrative, section.citations-references"


@pytest.fixture(scope="module")
def extension():
    return CitationsExtension(load_library(str(BIB)))


def text_outside_citations(html):
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select(CITATION_MARKUP):
        element.decompose()
    return soup.get_text()


def followed(text):
    return "".join(filter(tracked, text))


@given(document=cited_documents())
@example(document=("ALPHA [@alpha2020] BETA", ["ALPHA", "BETA"]))
@example(document=("@alpha2020 [p. 33] ÉTÉ", ["ÉTÉ"]))
@example(document=("[@alpha2020; b] ZED @zulu1999 ZED", ["ZED", "ZED"]))
@example(document=("*Ä* [@alpha2020](https://example.org/) `Ö`", ["*Ä*", "`Ö`"]))
# Found by Hypothesis: Python-Markdown reads a line separator as a line
# break (the property now leaves spaces of every kind out).
@example(document=("\u2028 [@alpha2020]", ["\u2028"]))
def test_text_outside_citations_is_kept_once(extension, document):
    source, fillers = document
    md = markdown.Markdown(extensions=[*EXTENSIONS, extension], output_format="html5")
    # A first line of front matter, as in every chapter, so that the body
    # is never read as metadata.
    html = md.convert("Title: t\n\n" + source)
    assert followed(text_outside_citations(html)) == followed("".join(fillers))
