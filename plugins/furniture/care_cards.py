"""Care cards: admonitions of type emergency, urgent or non-urgent, as the NHS shows them.

Authors write Python-Markdown's admonition syntax (``!!! urgent "Get help
today"``); the admonition extension makes ``<div class="admonition
urgent">`` with a title paragraph, and ``CareCards`` rewrites that into the
card the theme styles: a heading one level below the section it is in, a
visually hidden prefix that tells screen-reader users how urgent it is, and
the text. An emergency card also lists the emergency numbers of the site's
regions as ``tel:`` links, from the helpline data, so nobody types them.
"""

import re
import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor

# Type -> the prefix a screen reader reads before the card's title.
CARD_TYPES = {
    "emergency": "Emergency advice",
    "urgent": "Urgent advice",
    "non-urgent": "Non-urgent advice",
}
HEADING = re.compile(r"h[1-6]")
NUMBERS_INTRO = "Call the emergency number for where you are:"
NO_NUMBERS = "Call your local emergency number."
LOCAL_NUMBER = "your local emergency number"
UNKNOWN_FIX = (
    "write '!!! emergency \"Title\"', '!!! urgent \"Title\"' or '!!! non-urgent \"Title\"'"
)


def unknown_type(kind):
    return (
        f"unknown card type '{kind}' in '!!! {kind}': a chapter's cards are "
        "emergency, urgent or non-urgent."
    )


def _block(parent, tag, css_class, text=None):
    """A child element laid out one per line, as Python-Markdown writes blocks."""
    element = etree.SubElement(parent, tag, {"class": css_class})
    element.text = text
    element.tail = "\n"
    return element


def number_elements(numbers):
    """The emergency numbers, [(region name, (number, ...)), ...], as elements."""
    intro = etree.Element("p", {"class": "care-card__numbers-intro"})
    intro.tail = "\n"
    if not numbers:
        intro.text = NO_NUMBERS
        return [intro]
    intro.text = NUMBERS_INTRO
    listing = etree.Element("ul", {"class": "care-card__numbers"})
    listing.text = listing.tail = "\n"
    for name, dialled in numbers:
        item = _block(listing, "li", "care-card__region", f"{name}: ")
        if not dialled:
            item.text += LOCAL_NUMBER
        for index, number in enumerate(dialled):
            link = etree.SubElement(item, "a", {"href": "tel:" + re.sub(r"\D", "", number)})
            link.text = number
            link.tail = " or " if index + 1 < len(dialled) else None
    return [intro, listing]


def make_card(card, kind, level, numbers):
    """Rewrite the admonition ``card`` in place as a care card of ``kind``."""
    children = list(card)
    title = children[0] if children and children[0].get("class") == "admonition-title" else None
    body = [child for child in children if child is not title]
    for child in children:
        card.remove(child)
    card.attrib = {"class": f"care-card care-card--{kind}"}
    card.text = "\n"
    heading = _block(card, f"h{level}", "care-card__heading")
    if title is None:
        heading.text = CARD_TYPES[kind]
    else:
        hidden = etree.SubElement(heading, "span", {"class": "visually-hidden"})
        hidden.text = f"{CARD_TYPES[kind]}: "
        hidden.tail = title.text
        heading.extend(title)
    content = _block(card, "div", "care-card__content", "\n")
    content.extend(body)
    if kind == "emergency":
        content.extend(number_elements(numbers))


def cards_with_levels(root):
    """Each admonition in document order, with the heading level its title gets."""
    found, level = [], 1
    for element in root.iter():
        if HEADING.fullmatch(element.tag):
            level = int(element.tag[1])
        elif element.tag == "div" and "admonition" in element.get("class", "").split():
            found.append((element, min(level + 1, 6)))
    return found


class CareCards(Treeprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        state = self.extension
        # A card is paired with the next opener of its type in the source: a
        # div written as HTML without markdown="1" stays HTML, not a card.
        lines = {}
        for line, kind in state.source.card_openers():
            lines.setdefault(kind, []).append(line)
        for card, level in cards_with_levels(root):
            kind = (card.get("class").split()[1:] or ["(none)"])[0]
            if kind not in CARD_TYPES:
                found = lines.get(kind)
                line = found.pop(0) if found else state.source.body_start()
                state.problem(line, unknown_type(kind), UNKNOWN_FIX)
                continue
            make_card(card, kind, level, state.emergency_numbers)
        return None
