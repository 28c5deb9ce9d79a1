"""Build the HTML of citations and of an article's References section.

Functions return HTML strings, which the extension hands to Python-Markdown's
raw-HTML stash. Building strings instead of ElementTree nodes matters here:
a chapter has a dozen citations and a References list, and serialising them
node by node was a large share of the plugin's cost in the benchmark. The
markup is written out with f-strings: text from the source or the library
(locators, names, URLs) is escaped, while numbers, ids and letters need no
escaping. Attributes are in alphabetical order, as Python-Markdown writes
them, so the markup is the same as the tree-built markup it replaced.

One citation is one superscript; each source in it is, in order,
  <span class="citations-prefix">see </span>       the prefix, if any
  <a class="citations-ref" ...>N</a>               the number
  <span class="citations-locator">(p. 33)</span>   the locator, if any
  <span class="citations-suffix">, table 2</span>  the suffix, if any
sources joined by "," and three or more plain consecutive numbers shown as a
range; then the tooltip. A narrative citation puts the author and year
before the superscript, in <span class="citations-narrative">.

Ids, unique within a page:
  cite-ref-N        the References entry for source N
  cite-N-a, -b ...  each place source N is cited (targets of the back-links)
  cite-tip-G        the tooltip of the G-th citation in the page
  cite-references   the References heading
"""

import re
from dataclasses import dataclass
from functools import partial
from html import escape

from .syntax import compress

# Text between tags needs no quotes escaped; attribute values do.
text = partial(escape, quote=False)
attribute = escape


@dataclass(frozen=True)
class Cited:
    """One source inside one citation, after numbering.

    prefix and suffix are HTML (Markdown already converted); locator is text.
    """

    reference: object
    number: int
    label: str
    locator: str = ""
    prefix: str = ""
    suffix: str = ""

    @property
    def anchor(self):
        return f"cite-{self.number}-{self.label}"

    @property
    def detail(self):
        """What keeps this source out of a range of numbers; empty if nothing."""
        if self.locator or self.prefix or self.suffix:
            return (self.locator, self.prefix, self.suffix)
        return ""


def _ref_link(cited, tip_id):
    number = cited.number
    return (
        f'<a aria-describedby="{tip_id}" aria-label="Reference {number}" '
        f'class="citations-ref" href="#cite-ref-{number}" id="{cited.anchor}">{number}</a>'
    )


def _with_details(cited, link):
    """The prefix, the number, the locator in brackets, then the suffix."""
    html = link
    if cited.prefix:
        html = f'<span class="citations-prefix">{cited.prefix} </span>' + html
    if cited.locator:
        html += f'<span class="citations-locator">({text(cited.locator)})</span>'
    if cited.suffix:
        # Pandoc keeps a suffix's own comma or space; a bare word gets a space.
        space = "" if re.match(r"[\s,.;:)\]]", cited.suffix) else " "
        html += f'<span class="citations-suffix">{space}{cited.suffix}</span>'
    return html


def citation_html(cited, group):
    """The superscript for one citation group, with its tooltip."""
    tip_id = f"cite-tip-{group}"
    by_detail = {}
    for one in cited:
        by_detail.setdefault((one.number, one.detail), one)
    parts = []
    for segment in compress(list(by_detail)):
        first = by_detail[(segment.first, segment.detail)]
        html = _ref_link(first, tip_id)
        if segment.is_range:
            # Back-links of sources inside a range land on these empty spans.
            for number in range(segment.first + 1, segment.last):
                html += f'<span id="{by_detail[(number, "")].anchor}"></span>'
            html += (
                '<span aria-hidden="true" class="citations-dash">\u2013</span>'
                '<span class="citations-sr"> to </span>'
                + _ref_link(by_detail[(segment.last, "")], tip_id)
            )
        else:
            html = _with_details(first, html)
        parts.append(html)
    by_locator = {}
    for one in cited:
        by_locator.setdefault((one.number, one.locator), one)
    items = []
    for number, locator in sorted(by_locator):
        shown = f" ({text(locator)})" if locator else ""
        reference = by_locator[(number, locator)].reference
        items.append(f'<span class="citations-tip-item">{number}. {reference.html}{shown}</span>')
    return (
        '<sup class="citations-cite">'
        + ",".join(parts)
        + f'<span class="citations-tip" hidden id="{tip_id}" role="tooltip">'
        + "".join(items)
        + "</span></sup>"
    )


def identifier_links(reference, number):
    """(label, url, accessible name) for each identifier the entry has."""
    links = []
    if reference.doi:
        links.append(("DOI", reference.doi_url, f"DOI for reference {number}"))
    if reference.pmid:
        links.append(("PubMed", reference.pubmed_url, f"PubMed record for reference {number}"))
    if reference.pmcid:
        links.append(
            (
                "PubMed Central",
                reference.pmc_url,
                f"PubMed Central full text for reference {number}",
            )
        )
    return links


def _entry(number, reference, labels):
    html = f'<li id="cite-ref-{number}"><span class="citations-entry">{reference.html}</span> '
    links = identifier_links(reference, number)
    if links:
        anchors = " ".join(
            f'<a aria-label="{attribute(name)}" href="{attribute(url)}">{text(label)}</a>'
            for label, url, name in links
        )
        html += f'<span class="citations-links">{anchors}</span> '
    backs = " ".join(
        f'<a aria-label="Back to citation {label} of reference {number}" '
        f'href="#cite-{number}-{label}">{label}</a>'
        for label in labels
    )
    return html + f'<span class="citations-backlinks">Back to text: {backs}</span></li>'


def references_html(entries, heading):
    """The article's References: entries is [(number, reference, [labels])]."""
    items = "".join(_entry(*entry) + "\n" for entry in entries)
    return (
        '<section aria-labelledby="cite-references" class="citations-references">\n'
        f'<h2 id="cite-references">{text(heading)}</h2>\n'
        f'<ol class="citations-list">\n{items}</ol>\n'
        "</section>"
    )


def narrative_html(reference, sup):
    """'Singh et al. (2023)' followed by its number."""
    return f'<span class="citations-narrative">{text(reference.narrative)}{sup}</span>'
