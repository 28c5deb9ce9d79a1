"""Contrast of the safety furniture's colours, in light and dark mode.

safety.css takes every colour from custom properties that follow site.css's
palettes; this resolves them for both colour schemes and checks each text
colour against the background it is used on (WCAG 2 contrast ratio, >= 4.5:1).
"""

import re

import pytest
from conftest import ROOT

CSS = ROOT / "theme" / "static" / "css"
DARK = re.compile(r"@media\s*\(prefers-color-scheme:\s*dark\)\s*{\s*:root\s*{(.*?)}\s*}", re.S)
ROOT_BLOCK = re.compile(r"^:root\s*{(.*?)}", re.S | re.M)
DECLARATION = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")

# (text, background) pairs that safety.css uses.
PAIRS = [
    ("--safety-text", "--safety-surface"),  # banner and block text
    ("--safety-link", "--safety-surface"),  # their links
    ("--safety-help", "--safety-surface"),  # block title, strong banner's help link
    ("--safety-on-help", "--safety-help"),  # the crisis bar
    ("--safety-text", "--safety-page"),  # Get help now page cards
    ("--safety-link", "--safety-page"),
]


def palettes():
    site = (CSS / "site.css").read_text(encoding="utf-8")
    safety = (CSS / "safety.css").read_text(encoding="utf-8")
    light = {}
    for text in (site, safety):
        for block in ROOT_BLOCK.findall(text):
            light.update(DECLARATION.findall(block))
    dark = dict(light)
    for text in (site, safety):
        for block in DARK.findall(text):
            dark.update(DECLARATION.findall(block))
    return {"light": light, "dark": dark}


def resolve(name, variables):
    value = variables[name].strip()
    match = re.fullmatch(r"var\((--[\w-]+)(?:,\s*(#[0-9a-fA-F]{6}))?\)", value)
    if match:
        return resolve(match[1], variables) if match[1] in variables else match[2]
    return value


def luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_has_enough_contrast(scheme, text, background):
    variables = palettes()[scheme]
    fg, bg = resolve(text, variables), resolve(background, variables)
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", fg) and re.fullmatch(r"#[0-9a-fA-F]{6}", bg)
    assert contrast(fg, bg) >= 4.5, (scheme, text, fg, background, bg)


def test_screen_colours_come_only_from_the_checked_properties():
    safety = (CSS / "safety.css").read_text(encoding="utf-8")
    screen = safety.split("@media print")[0]
    rules = ROOT_BLOCK.sub("", screen)
    assert not re.findall(r"#[0-9a-fA-F]{3,6}\b", rules)
    used = set(re.findall(r"(?<![-\w])(?:color|background)\s*:\s*var\((--[\w-]+)\)", rules))
    checked = {name for pair in PAIRS for name in pair}
    assert used and used <= checked, used - checked
