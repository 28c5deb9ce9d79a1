"""Hypothesis strategies for chapters an author might write, good and bad.

A chapter is front matter and a body. Each front-matter field is usually
valid and sometimes broken (missing, empty, a date that is not a date, an
unknown person, a typed review status, Unicode where none belongs). The body
is a list of blocks: the required "In short" list, plain prose, Markdown
structure, citations in every form of Pandoc's syntax (and forms it does not
read), HTML fragments, awkward Unicode (right-to-left marks, combining
characters, emoji, NUL), very long lines and deep nesting.

The keys, people and dates are those of the fixture site the property tests
build (tests/fixtures/mini_site plus the citations fixture's unit.bib), so a
chapter whose parts are all valid builds.
"""

from hypothesis import strategies as st

# Keys in tests/fixtures/citations_site/unit.bib, and keys that are not.
KNOWN_KEYS = ["alpha2020", "beta2021", "gamma2022", "delta2019"]
UNKNOWN_KEYS = ["alpha2021", "zulu1999", "doi:10.1000/one", "a.b", "x_1"]

# Unicode that tends to break text handling.
AWKWARD = [
    "\u200f",  # right-to-left mark
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\u2067",  # right-to-left isolate
    "e\u0301",  # e and a combining acute accent
    "\u0915\u094d\u0937",  # Devanagari conjunct
    "\U0001f3c3\u200d\u2640\ufe0f",  # emoji with a zero-width joiner
    "\U0001f600",
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew
    "\u0645\u0631\u062d\u0628\u0627",  # Arabic
    "\x00",  # NUL
    "\ufeff",  # byte order mark in the middle of text
    "\u2028",  # line separator
    "\x02\x03",  # Python-Markdown's own placeholder delimiters
    "\ud7ff",
    "\U0010fffd",
]

SIMPLE_WORDS = [
    "walk",
    "move",
    "rest",
    "help",
    "day",
    "time",
    "start",
    "small",
    "slow",
    "mood",
    "friend",
    "sleep",
]

simple_sentence = st.lists(st.sampled_from(SIMPLE_WORDS), min_size=3, max_size=8).map(
    lambda words: " ".join(words).capitalize() + "."
)

awkward_text = st.lists(
    st.one_of(st.sampled_from(AWKWARD), st.sampled_from(SIMPLE_WORDS), st.text(max_size=6)),
    min_size=1,
    max_size=8,
).map(" ".join)


# --- Citations -----------------------------------------------------------------------------

key = st.one_of(st.sampled_from(KNOWN_KEYS), st.sampled_from(UNKNOWN_KEYS))
locator = st.sampled_from(
    ["", ", p. 33", " pp. 33-35", ", chap. IV", ", 12", "{ii, A, D-Z}", "{}", ", fig. 2a", ","]
)
suffix = st.sampled_from(["", ", table 2", " and *passim*", " and nowhere else"])
prefix = st.sampled_from(["", "see ", "*see* ", "also ", "see [the trial](https://example.org/) "])


@st.composite
def cited_item(draw):
    mark = draw(st.sampled_from(["@", "-@"]))
    name = draw(key)
    written = f"{{{name}}}" if draw(st.booleans()) and ":" in name else name
    return f"{draw(prefix)}{mark}{written}{draw(locator)}{draw(suffix)}"


# Forms that are valid Pandoc syntax when their keys are known.
bracketed = st.lists(cited_item(), min_size=1, max_size=4).map(
    lambda items: f"[{'; '.join(items)}]"
)
narrative = st.builds(lambda mark, name: f"{mark}{name}", st.sampled_from(["@", "-@"]), key)
narrative_bracket = st.builds(
    lambda name, tail: f"@{name} [{tail}]",
    key,
    st.sampled_from(["p. 33", "p. 30, with suffix", "-@beta2021 p. 30; see also @gamma2022"]),
)
braced = st.sampled_from(["[@{alpha2020}]", "@{beta2021}", "[@{any key}]"])

# Forms that are not: each must be reported, never left in the page as text.
INVALID_CITATIONS = [
    "[@alpha2020; b]",
    "[@alpha2020, see @beta2021]",
    "[@alpha2020 @beta2021]",
    "[@alpha2020;]",
    "[@]",
    "[see @ 5pm]",
    "[@alpha2020,]",
    "[-@]",
    "[@alpha2020",
    "@alpha2020 [p. 33",
    "[[@alpha2020]]",
    "[@alpha2020](https://example.org/)",
    "[link [@alpha2020]](https://example.org/)",
    "[@alpha2020][ref]",
    "\\@alpha2020",
    "`[@alpha2020]`",
    "help@example.org",
    "@",
    "@@alpha2020",
    "[@{unbalanced]",
]

valid_citation = st.one_of(bracketed, narrative, narrative_bracket, braced)
any_citation = st.one_of(valid_citation, st.sampled_from(INVALID_CITATIONS))


# --- Body ----------------------------------------------------------------------------------

HTML_FRAGMENTS = [
    "<span>inline</span>",
    "<em>em</em>",
    "<div>\nblock\n</div>",
    '<div markdown="1">\n*md* [@alpha2020]\n</div>',
    "<b>unclosed",
    "</p>",
    "<!-- a comment [@alpha2020] -->",
    "<script>alert(1)</script>",
    "<style>p{color:red}</style>",
    '<a href="javascript:alert(1)">x</a>',
    '<img src="https://example.org/x.png" alt="">',
    '<p style="color:red">styled</p>',
    '<iframe src="https://example.org/"></iframe>',
    "&amp; &lt; &#0; &#x110000; &bogus;",
    "<![CDATA[ x ]]>",
    "<?php echo 1; ?>",
    '<a id="main">dup id</a>',
    "<h1>second h1</h1>",
]


def nested(depth, inner):
    """A block nested ``depth`` deep, in one of Markdown's nesting constructs."""
    return st.sampled_from(["quote", "list", "emphasis", "brackets", "html"]).map(
        lambda kind: {
            "quote": "> " * depth + inner,
            "list": "\n".join("    " * level + "- item" for level in range(depth)) + " " + inner,
            "emphasis": "*_" * depth + inner + "_*" * depth,
            "brackets": "[" * depth + inner + "]" * depth,
            "html": "<div>" * depth + inner + "</div>" * depth,
        }[kind]
    )


deep = st.integers(min_value=2, max_value=60).flatmap(lambda depth: nested(depth, "deep"))

long_line = st.builds(
    lambda word, count: " ".join([word] * count),
    st.sampled_from(["walk", "[@alpha2020]", "\u200f\U0001f600", "a" * 50, "*x*"]),
    st.integers(min_value=200, max_value=3000),
)

prose = st.lists(
    st.one_of(simple_sentence, simple_sentence.map(lambda s: s[:-1] + " [@alpha2020].")),
    min_size=1,
    max_size=3,
).map(" ".join)

markdown_block = st.sampled_from(
    [
        "## A section\n\nWalk a little each day.",
        "### A subsection",
        "# A second top heading",
        "#### Too deep a heading",
        "- one\n- two\n\n1. first\n2. second",
        "| a | b |\n| --- | --- |\n| 1 | [@beta2021] |",
        "```\n[@alpha2020] in code\n```",
        "    indented code [@alpha2020]",
        "Term\n: definition",
        "Text with a note.[^1]\n\n[^1]: The note [@gamma2022].",
        '!!! urgent "Get help today"\n    You have thoughts of harming yourself.',
        '!!! emergency "Get emergency help now"\n    Chest pain that does not settle.',
        '!!! unknown-kind "Odd"\n    Text.',
        "!!! urgent\n    No title.",
        "[a broken link]({filename}/chapters/99-missing.md)",
        "[self]({filename}01-generated.md)",
        "[[an odd link]]",
        "*unclosed emphasis",
        "---",
        "Title: looks like metadata",
        "{: #an-attribute }",
        "*[HTML]: Hyper Text Markup Language",
        "She committed suicide.",
        "Just work out and you will be cured.",
        "TODO: write this. Lorem ipsum. Mail me@example.com.",
        "A study found that 40% of people in 12 trials felt better.",
        "Smith et al. (2019) found this.",
    ]
)

block = st.one_of(
    prose,
    prose,
    markdown_block,
    any_citation.map(lambda c: f"Movement helps {c}."),
    st.sampled_from(HTML_FRAGMENTS),
    awkward_text,
    deep,
    long_line,
)

key_points = st.lists(
    st.one_of(simple_sentence, simple_sentence.map(lambda s: s[:-1] + " [@beta2021].")),
    min_size=2,
    max_size=4,
).map(lambda points: "## In short\n\n" + "\n".join(f"- {point}" for point in points))

broken_key_points = st.sampled_from(
    [
        "",
        "## In short\n\nNo list here.",
        "## In short\n\n- Only one point.",
        "## In short\n\n- One.\n- Two.\n- Three.\n- Four.\n- Five.",
        "## In short\n\n- " + " ".join(["word"] * 40) + "\n- Two.",
        "## In short\n\n- A [link]({filename}01-generated.md).\n- Two.",
        "Text first.\n\n## In short\n\n- One.\n- Two.",
    ]
)


# --- Front matter --------------------------------------------------------------------------

VALID_FIELDS = {
    "Title": "A generated chapter",
    "Slug": "generated",
    "Date": "2026-11-01",
    "Modified": "2026-11-11",
    "Summary": "A chapter made up for a property test.",
    "Authors": "fixture-writers",
    "Order": "1",
    "Category": "Guide",
    "Tags": "fixture",
}

BROKEN_VALUES = {
    "Title": ["", "\u202e\U0001f600", "A [@alpha2020] title", "<b>bold</b>", "x" * 5000],
    "Slug": ["", "about", "get-help", "sl/ug", "\u05e9\u05dc\u05d5\u05dd", "a b"],
    "Date": ["", "2026-13-45", "yesterday", "2026-02-30", "26-11-01", "2026-11-01T25:00"],
    "Modified": ["", "2025-01-01", "not a date", "0000-00-00"],
    "Summary": ["", "A summary [@alpha2020].", "@beta2021 in a summary", "\x00", "x" * 5000],
    "Authors": ["", "nobody", "fixture-clinician", "fixture-writers, nobody", "\u200f"],
    "Order": ["", "0", "-1", "two", "1.5", "99999999999999999999", "\u0661"],
    "Category": ["", "\U0001f600", "Guide, Other"],
    "Tags": ["", ",,,", "\x00"],
}

# Whole lines added to the front matter.
EXTRA_FIELDS = [
    "Status: reviewed",
    "Review_status: done",
    "Reviewers: fixture-clinician",
    "Reviewers: fixture-clinician\nReviewed: 2026-11-11\nNext_review: 2027-11-11",
    "Reviewers: fixture-writers\nReviewed: 2026-11-11\nNext_review: 2027-11-11",
    "Reviewers: fixture-clinician\nReviewed: 2026-11-11\nNext_review: 2026-01-01",
    "Reviewers: fixture-clinician\nReviewed: 2026-11-11\nNext_review: 2027-01-01",
    "Disclaimer: strong",
    "Disclaimer: none",
    "Template: nonexistent",
    "Save_as: ../../escape.html",
    "Url: http://example.org/",
    "Lang: \u05e2\u05d1",
    "Title: A second title",
    "no colon on this line",
    "   : empty name",
]


@st.composite
def front_matter(draw, flawed=True):
    """Front matter: each field valid unless drawn among the few that are broken."""
    fields = dict(VALID_FIELDS)
    broken = st.lists(st.sampled_from(sorted(BROKEN_VALUES)), max_size=3, unique=True)
    for name in draw(broken) if flawed else []:
        value = draw(st.sampled_from(BROKEN_VALUES[name]))
        if value == "" and draw(st.booleans()):
            del fields[name]
        else:
            fields[name] = value
    lines = [f"{name}: {value}" for name, value in fields.items()]
    extra = EXTRA_FIELDS if flawed else EXTRA_FIELDS[3:4] + EXTRA_FIELDS[7:8]
    lines += draw(st.lists(st.sampled_from(extra), max_size=2, unique=True))
    if draw(st.booleans()):
        lines = draw(st.permutations(lines))
    return "\n".join(lines)


# Blocks a valid chapter may hold: they build when the rest is valid.
sound_block = st.one_of(
    prose,
    valid_citation.filter(
        lambda c: not any(k in c for k in UNKNOWN_KEYS) and "any key" not in c
    ).map(lambda c: f"Movement helps {c}."),
    st.sampled_from(
        [
            "## A section\n\nWalk a little each day.",
            "### A subsection",
            "- one\n- two\n\n1. first\n2. second",
            "```\n[@alpha2020] in code\n```",
            "<span>inline</span>",
            "Walk \u200f\u05e9\u05dc\u05d5\u05dd e\u0301 \U0001f3c3\u200d\u2640\ufe0f today.",
            "> > > quoted three deep",
        ]
    ),
)


@st.composite
def chapters(draw):
    """The text of one chapter file: front matter, a blank line, the body.

    Two in three are drawn from valid parts only, so that successful builds
    are tested too; the others mix in broken ones.
    """
    flawed = draw(st.sampled_from([False, False, True]))
    head = draw(front_matter(flawed))
    points = draw(st.one_of(key_points, broken_key_points) if flawed else key_points)
    blocks = draw(st.lists(block if flawed else sound_block, max_size=6))
    start = draw(st.sampled_from(["", "\ufeff", "\n", "\x00"] if flawed else ["", "\ufeff"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = start + head + "\n\n" + "\n\n".join([points, *blocks]) + "\n"
    return text.replace("\n", newline)


# --- Text around citations (the citations extension's own property) ------------------------

# The text the citations property follows: upper-case ASCII and non-ASCII
# characters but spaces, which no citation below contains and neither
# Markdown nor Smartypants produce. Everything else (lower-case words, spaces,
# punctuation) is there to stir the parser and is not followed.
NOT_TRACKED = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u21a9"
TRACKED_ALPHABET = st.characters(
    codec="utf-8", categories=("Lu", "Lo", "Mn", "So"), exclude_characters=NOT_TRACKED
)


def tracked(char):
    """Whether a character of the output is one the property follows."""
    if char.isascii():
        return char.isupper()
    # Python-Markdown reads a line separator as a line break, as str.splitlines does.
    return not char.isspace() and char not in NOT_TRACKED


word = st.text(TRACKED_ALPHABET, min_size=1, max_size=8)
filler_word = st.one_of(
    word,
    st.sampled_from(["and", "the", "so", "1", "(", ")", ";", ",", "."]),
    st.sampled_from(AWKWARD),
)


@st.composite
def filler(draw):
    """Text outside citations, with some inline Markdown and HTML."""
    words = draw(st.lists(filler_word, min_size=1, max_size=5))
    text = " ".join(words)
    wrap = draw(
        st.sampled_from(
            ["{}", "*{}*", "**{}**", "_{}_", "`{}`", "[{}](https://example.org/x)", "<b>{}</b>"]
        )
    )
    return wrap.format(text)


# Citations in every form, valid and invalid, in lower case (locators such
# as "chap. iv" too): their text holds no tracked character.
text_citation = any_citation.map(str.lower)

separator = st.sampled_from([" ", " ", "\n", "\n\n", "\n\n## ", "\n\n> ", "\n\n- "])


@st.composite
def cited_documents(draw):
    """(Markdown, [filler texts]) of a document mixing filler and citations."""
    parts, fillers = [], []
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        if draw(st.booleans()):
            parts.append(draw(text_citation))
        else:
            text = draw(filler())
            fillers.append(text)
            parts.append(text)
        parts.append(draw(separator))
    return "".join(parts), fillers
