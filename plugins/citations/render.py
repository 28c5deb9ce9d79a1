"""Build the HTML of citations and of an article's References section.

Functions return ElementTree elements for Python-Markdown's tree. Formatted
references are passed through `stash`, which turns an HTML string into
something that may sit in element text (Markdown's raw-HTML placeholder); the
identity function works for tests.

Ids, unique within a page:
  cite-ref-N        the References entry for source N
  cite-N-a, -b ...  each place source N is cited (targets of the back-links)
  cite-tip-G        the tooltip of the G-th citation in the page
  cite-references   the References heading
"""

import xml.etree.ElementTree as etree
from dataclasses import dataclass

from .syntax import compress


@dataclass(frozen=True)
class Cited:
    """One source inside one citation, after numbering."""

    reference: object
    number: int
    label: str
    locator: str = ""

    @property
    def anchor(self):
        return f"cite-{self.number}-{self.label}"


def _sub(parent, tag, text=None, tail=None, **attrs):
    child = etree.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    )
    child.text = text
    child.tail = tail
    return child


def _append_text(parent, text):
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _ref_link(parent, cited, tip_id):
    return _sub(
        parent,
        "a",
        str(cited.number),
        class_="citations-ref",
        id=cited.anchor,
        href=f"#cite-ref-{cited.number}",
        aria_label=f"Reference {cited.number}",
        aria_describedby=tip_id,
    )


def citation_element(cited, group, stash):
    """The superscript for one citation group, with its tooltip."""
    tip_id = f"cite-tip-{group}"
    sup = etree.Element("sup", {"class": "citations-cite"})
    by_number = {}
    for one in cited:
        by_number.setdefault((one.number, one.locator), one)
    segments = compress(list(by_number))
    for index, segment in enumerate(segments):
        if index:
            _append_text(sup, ",")
        if not segment.is_range:
            _ref_link(sup, by_number[(segment.first, segment.locator)], tip_id)
            if segment.locator:
                _sub(sup, "span", f"({segment.locator})", class_="citations-locator")
            continue
        _ref_link(sup, by_number[(segment.first, "")], tip_id)
        for number in range(segment.first + 1, segment.last):
            # Back-links of sources inside a range land here.
            _sub(sup, "span", id=by_number[(number, "")].anchor)
        _sub(sup, "span", "\u2013", class_="citations-dash", aria_hidden="true")
        _sub(sup, "span", " to ", class_="citations-sr")
        _ref_link(sup, by_number[(segment.last, "")], tip_id)
    tip = _sub(sup, "span", class_="citations-tip", id=tip_id, role="tooltip", hidden="hidden")
    shown = set()
    for one in sorted(cited, key=lambda c: (c.number, c.locator)):
        if (one.number, one.locator) in shown:
            continue
        shown.add((one.number, one.locator))
        locator = f" ({one.locator})" if one.locator else ""
        _sub(
            tip,
            "span",
            f"{one.number}. {stash(one.reference.html)}{locator}",
            class_="citations-tip-item",
        )
    return sup


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


def references_section(entries, heading, stash):
    """The article's References: entries is [(number, reference, [labels])]."""
    section = etree.Element(
        "section", {"class": "citations-references", "aria-labelledby": "cite-references"}
    )
    section.text = "\n"
    _sub(section, "h2", heading, "\n", id="cite-references")
    ordered = _sub(section, "ol", "\n", "\n", class_="citations-list")
    for number, reference, labels in entries:
        item = _sub(ordered, "li", tail="\n", id=f"cite-ref-{number}")
        _sub(item, "span", stash(reference.html), " ", class_="citations-entry")
        links = identifier_links(reference, number)
        if links:
            holder = _sub(item, "span", class_="citations-links", tail=" ")
            for index, (label, url, name) in enumerate(links):
                _sub(
                    holder,
                    "a",
                    label,
                    " " if index < len(links) - 1 else None,
                    href=url,
                    aria_label=name,
                )
        back = _sub(item, "span", "Back to text: ", class_="citations-backlinks")
        for index, label in enumerate(labels):
            _sub(
                back,
                "a",
                label,
                " " if index < len(labels) - 1 else None,
                href=f"#cite-{number}-{label}",
                aria_label=f"Back to citation {label} of reference {number}",
            )
    return section


def narrative_element(reference, sup):
    """'Singh et al. (2023)' followed by its number."""
    span = etree.Element("span", {"class": "citations-narrative"})
    span.text = reference.narrative
    span.append(sup)
    return span
