"""Curly quotes, dashes and ellipses: Python-Markdown's smarty, run faster.

Use it in MARKDOWN as ``"guidelib.typography": {}`` in place of
``"markdown.extensions.smarty": {}``; it takes smarty's options.

smarty gives every text of a page a second pass of Python-Markdown's inline
processor, with its sixteen patterns. On the benchmark's chapters that pass
was almost half of each conversion (2.8 s of 6.1 s for 413 chapters), and
the largest cost of our build over bare Pelican's. The inline processor's
general machinery (a registry lookup for each pattern and text, ancestor
checks, placeholders turned back into elements) serves patterns that make
elements, and smarty's make only text. No other library does smarty's work
on Python-Markdown's tree (smartypants, run on the finished HTML, measured
slower still). So this extension keeps smarty itself: ``SmartyExtension``
registers its own patterns, with the same options. Only the loop that runs
them is written here.

It does what the inline processor does with text-only patterns: each
pattern in smarty's order runs over the whole text, and each match becomes
a placeholder, which the later patterns see, as they see the inline
processor's. The placeholders go back at the end. A text that none of the
patterns can match (no quote, two dashes, three dots or two angle brackets)
is skipped. The output is smarty's,
byte for byte: tests/unit/test_typography.py compares the two on the guide,
on the benchmark's chapters and on generated text.
"""

import re

from markdown import util
from markdown.extensions.smarty import SmartyExtension
from markdown.treeprocessors import Treeprocessor

# Every pattern of smarty's matches one of these: a quote, two dashes, three
# dots or two angle brackets. A text with none is left as it is.
ANY_MATCH = re.compile(r"['\"]|--|\.\.\.|<<|>>")


class SmartTextProcessor(Treeprocessor):
    """Runs smarty's text patterns over every text and tail of the tree, as smarty does."""

    def __init__(self, md, patterns):
        super().__init__(md)
        self.patterns = [(pattern.compiled_re, pattern) for pattern in patterns]

    def educate(self, text):
        if not ANY_MATCH.search(text):
            return text
        replaced = []
        for regex, pattern in self.patterns:
            start = 0
            while (match := regex.search(text, start)) is not None:
                result, begin, end = pattern.handleMatch(match, text)
                placeholder = util.INLINE_PLACEHOLDER % f"{len(replaced):04d}"
                replaced.append(result)
                text = text[:begin] + placeholder + text[end:]
                start = begin + len(placeholder)
        if replaced:
            text = util.INLINE_PLACEHOLDER_RE.sub(lambda m: replaced[int(m.group(1))], text)
        return text

    def run(self, root):
        for element in root.iter():
            if element is root:
                continue  # the inline processor starts at the root's children
            if element.text and not isinstance(element.text, util.AtomicString):
                element.text = self.educate(element.text)
            if element.tail and not isinstance(element.tail, util.AtomicString):
                element.tail = self.educate(element.tail)


class TypographyExtension(SmartyExtension):
    """smarty, with its patterns run by SmartTextProcessor under smarty's own name and priority."""

    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        md.treeprocessors.register(SmartTextProcessor(md, list(self.inlinePatterns)), "smarty", 6)


def makeExtension(**kwargs):  # noqa: N802 - the name Python-Markdown looks for
    return TypographyExtension(**kwargs)
