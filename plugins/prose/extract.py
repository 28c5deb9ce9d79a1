"""The prose of a Markdown source, as blocks of text with their source lines.

This extraction is the project's measure of what a reader reads: the reading
grade, the uncited-claim check and the editorial rules all run on it, and
every message maps back to a line of the source.

It parses with markdown-it-py rather than Python-Markdown, which renders the
site. Python-Markdown gives HTML and keeps no line numbers; markdown-it-py
gives a token stream in which each block carries its source lines, so no
text has to be looked up again in the source to say where it was. The two
agree on everything the guide uses (paragraphs, lists, quotes, headings,
code, tables, links). What markdown-it-py does not know is handled first,
line for line, so that line numbers stay true:

* the front matter (``Key: value`` lines up to the first blank line, as
  Python-Markdown's meta extension reads them) is blanked; its Title and
  Summary are kept apart, as readers see them;
* an admonition (``!!! type "Title"`` and its 4-space-indented body, from
  Python-Markdown's admonition extension) loses its marker line and its body
  is dedented, so the body is read as ordinary Markdown.

Left out of the text: code blocks and code spans, raw HTML, images, URLs
(autolinks, bare URLs and link targets; a link's text stays), citation marks
(Pandoc's ``[@key]``, ``[see @a; @b, p. 3]`` and narrative ``@key``, as the
citations plugin reads them) and footnote marks (``[^1]``). Every prose block
ends a sentence: one that does not end with . ! or ? (a list item without a
full stop, a paragraph ending with a colon) gets a full stop. A list that
follows a cited paragraph ending with a colon ("It found the following
[@key]:") counts as cited by it.
"""

import re
from dataclasses import dataclass, field, replace

from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE
from markdown_it import MarkdownIt

from plugins.citations import GROUP_RE, NARRATIVE_RE

# Blocks of running prose: measured for reading grade and checked for claims.
PROSE_KINDS = ("paragraph", "item", "quote", "admonition")
# Text readers also see, that the editorial rules check but that is not prose.
OTHER_KINDS = ("title", "summary", "heading", "cell")

ADMONITION_RE = re.compile(r"( *)!!! *[\w-]+(?: +\".*\")? *$")
CITATION_RE = re.compile(f"{GROUP_RE}|{NARRATIVE_RE}")
URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>]*[^\s<>.,;:!?'\")\]]")
FOOTNOTE_RE = re.compile(r"^\[\^[^\]\s]+\]:\s*|\[\^[^\]\s]+\]")
LEFT_OUT_RE = re.compile(f"{CITATION_RE.pattern}|{FOOTNOTE_RE.pattern}|{URL_RE.pattern}")
SPACE_BEFORE_PUNCTUATION_RE = re.compile(r"\s+(?=[.,;:!?)])|(?<=\()\s+")
SPACES_RE = re.compile(r"\s{2,}")
ENDS_SENTENCE_RE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
# A code span in an inline token's source: a run of backticks, not escaped,
# closed by a run of the same length (CommonMark). markdown-it-py turns the
# line breaks inside it into spaces, so they are counted from the source.
CODE_SPAN_RE = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)

_markdown = MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class Block:
    """One block of text as a reader sees it; ``line`` is where it starts (1-based)."""

    kind: str
    line: int
    text: str
    cited: bool = False
    # Ends with a colon: a cited lead-in covers the list that follows it.
    lead_in: bool = field(default=False, compare=False, repr=False)
    # The source line of each character of ``text``.
    lines: tuple = field(default=(), compare=False, repr=False)

    def line_at(self, offset):
        return self.lines[min(offset, len(self.lines) - 1)] if self.lines else self.line


class _Text:
    """Text being built character by character, each with its source line."""

    def __init__(self):
        self.text, self.lines = "", []

    def add(self, text, line):
        self.text += text
        self.lines += [line] * len(text)

    def sub(self, pattern, replacement=""):
        """Replace every match of ``pattern``, keeping each kept character's line."""
        matches = list(pattern.finditer(self.text))
        if not matches:
            return
        text, lines, start = [], [], 0
        for match in matches:
            text += [self.text[start : match.start()], replacement]
            lines += self.lines[start : match.start()]
            lines += [self.lines[max(match.start() - 1, 0)]] * len(replacement)
            start = match.end()
        self.text = "".join(text) + self.text[start:]
        self.lines = lines + self.lines[start:]

    def strip(self):
        start = len(self.text) - len(self.text.lstrip())
        end = len(self.text.rstrip())
        self.text, self.lines = self.text[start:end], self.lines[start:end]


def _inline_text(children, line, source):
    """The reader's text of an inline token's children, starting on ``line``.

    ``source`` is the token's own text, where the code spans' line breaks are
    counted; when its code spans and the children's do not pair up one to one
    (a backtick after an escaped backslash), none are counted.
    """
    text, skipping = _Text(), False
    for child in children:
        if child.type == "html_inline":  # its backticks open no code span
            source = source.replace(child.content, " ", 1)
    # An image's own parts are left out of the text, but their lines count.
    codes = sum(
        part.type == "code_inline"
        for child in children
        for part in (child.children or () if child.type == "image" else (child,))
    )
    breaks = [match[2].count("\n") for match in CODE_SPAN_RE.finditer(source)]
    spans = iter(breaks if len(breaks) == codes else [0] * codes)
    for child in children:
        if child.type == "code_inline":
            line += next(spans)
        elif child.type in ("softbreak", "hardbreak"):
            line += 1
            text.add(" ", line)
        elif child.type == "html_inline":
            # Left out of the text, but the lines it spans still count.
            line += child.content.count("\n")
        elif child.type == "image":
            for part in child.children or ():
                if part.type == "code_inline":
                    line += next(spans)
                elif part.type in ("softbreak", "hardbreak"):
                    line += 1
        elif child.type == "link_open" and child.markup in ("autolink", "linkify"):
            skipping = True
        elif child.type == "link_close":
            skipping = False
        elif child.type in ("text", "text_special") and not skipping:
            text.add(child.content, line)
    return text


def _block(kind, text, ends_sentence=False):
    cited = bool(CITATION_RE.search(text.text))
    text.sub(LEFT_OUT_RE)
    text.sub(SPACE_BEFORE_PUNCTUATION_RE)
    text.sub(SPACES_RE, " ")
    text.strip()
    if not text.text:
        return None
    lead_in = text.text.endswith(":")
    if ends_sentence and not ENDS_SENTENCE_RE.search(text.text):
        if text.text[-1] in ",;:":
            text.text, text.lines = text.text[:-1], text.lines[:-1]
        text.add(".", text.lines[-1])
    return Block(kind, text.lines[0], text.text, cited, lead_in, tuple(text.lines))


def _front_matter(lines):
    """Blank the front matter in ``lines``; return its Title and Summary blocks.

    The front matter is what Python-Markdown's meta extension reads (Pelican's
    Markdown reader uses it), so its own patterns decide where it ends.
    """
    blocks, key = [], None
    for index, line in enumerate(lines):
        if index == 0 and BEGIN_RE.match(line):
            lines[index] = ""
            continue
        field, more = META_RE.match(line), META_MORE_RE.match(line)
        if not line.strip() or END_RE.match(line) or not (field or (key and more)):
            lines[index] = "" if END_RE.match(line) else line
            break
        key, value = (field["key"].lower(), field["value"]) if field else (key, more["value"])
        if key in ("title", "summary") and value.strip():
            parsed = _markdown.parseInline(value.strip())[0].children
            block = _block(key, _inline_text(parsed, index + 1, value.strip()))
            blocks += [block] if block else []
        lines[index] = ""
    return blocks


def _admonitions(lines):
    """Blank admonition markers, dedent their bodies; return the body line numbers."""
    inside = set()
    for index, line in enumerate(lines):
        marker = ADMONITION_RE.fullmatch(line)
        if not marker:
            continue
        lines[index] = ""
        body = " " * (len(marker[1]) + 4)
        for number in range(index + 1, len(lines)):
            if lines[number].startswith(body):
                lines[number] = lines[number][4:]
            elif lines[number].strip():
                break
            inside.add(number)
    return inside


def extract(source):
    """Every block of text a reader sees in Markdown ``source``, in order."""
    lines = source.splitlines()
    blocks = _front_matter(lines)
    in_admonition = _admonitions(lines)
    containers, covered, previous = [], [False], None
    for token in _markdown.parse("\n".join(lines)):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lead = blocks[-1] if blocks and previous == "paragraph_close" else None
            covered.append(covered[-1] or bool(lead and lead.lead_in and lead.cited))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            covered.pop()
        elif token.type in ("list_item_open", "blockquote_open"):
            containers.append(token.type)
        elif token.type in ("list_item_close", "blockquote_close"):
            containers.pop()
        elif token.type == "inline" and token.map:
            kind = {"heading_open": "heading", "th_open": "cell", "td_open": "cell"}.get(
                previous, "paragraph"
            )
            if kind == "paragraph" and containers:
                kind = "item" if containers[-1] == "list_item_open" else "quote"
            elif kind == "paragraph" and token.map[0] in in_admonition:
                kind = "admonition"
            block = _block(
                kind,
                _inline_text(token.children, token.map[0] + 1, token.content),
                kind in PROSE_KINDS,
            )
            if block and kind == "item" and covered[-1] and not block.cited:
                block = replace(block, cited=True)
            blocks += [block] if block else []
        previous = token.type
    return blocks


def prose(blocks):
    """The blocks of running prose, without titles, headings and table cells."""
    return [block for block in blocks if block.kind in PROSE_KINDS]
