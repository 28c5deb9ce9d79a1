"""The security policy that readers' browsers are given, defined once.

It reaches the browser two ways:

- ``_headers``, the file Netlify and Cloudflare Pages read, sets HTTP
  response headers for every path;
- ``<meta http-equiv="Content-Security-Policy">`` in every page, for hosts
  that cannot set headers (GitHub Pages). Browsers ignore a few directives
  when they come from a meta tag, so that copy leaves them out.

Both are rendered from ``CONTENT_SECURITY_POLICY`` below; the tests parse
both and check that the built pages need nothing the policy forbids.
"""

# Everything is refused (default-src 'none') except what the site's own pages
# use: its stylesheets; its one optional script file (citations.js: Escape
# hides a citation tooltip), never inline code; and images from the site
# itself (the favicon browsers ask for, and any figure a chapter may get). No
# fonts, frames or connections. Add a source here only when a page needs it;
# the policy test says which one when a page does.
CONTENT_SECURITY_POLICY = {
    "default-src": ("'none'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'",),
    "base-uri": ("'none'",),
    "form-action": ("'none'",),
    "frame-ancestors": ("'none'",),
}

# The CSP specification tells browsers to ignore these in a <meta> policy.
META_IGNORED_DIRECTIVES = frozenset({"frame-ancestors", "report-uri", "sandbox"})

# Features no page of the guide uses; turning them off means a page (or
# anything injected into it) cannot ask for them. interest-cohort opts the
# site out of browser-side ad profiling of its readers.
DISABLED_FEATURES = ("camera", "microphone", "geolocation", "interest-cohort")

OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # A reader's visit to a helpline or a study is nobody else's business.
    "Referrer-Policy": "no-referrer",
}


def render_policy(policy, for_meta=False):
    """Return ``policy`` (directive -> sources) as a Content-Security-Policy value."""
    return "; ".join(
        " ".join((directive, *sources))
        for directive, sources in policy.items()
        if not (for_meta and directive in META_IGNORED_DIRECTIVES)
    )


def parse_policy(value):
    """Return a Content-Security-Policy value as a dict: directive -> tuple of sources."""
    policy = {}
    for part in value.split(";"):
        tokens = part.split()
        if tokens:
            # Browsers honour the first occurrence of a repeated directive.
            policy.setdefault(tokens[0].lower(), tuple(tokens[1:]))
    return policy


def meta_policy(policy=None):
    """Return the policy for a ``<meta http-equiv>`` tag."""
    return render_policy(CONTENT_SECURITY_POLICY if policy is None else policy, for_meta=True)


def security_headers(policy=None):
    """Return the response headers every path of the site gets, in a fixed order."""
    permissions = ", ".join(f"{feature}=()" for feature in DISABLED_FEATURES)
    return {
        "Content-Security-Policy": render_policy(
            CONTENT_SECURITY_POLICY if policy is None else policy
        ),
        **OTHER_HEADERS,
        "Permissions-Policy": permissions,
    }


def headers_file(headers=None, path="/*"):
    """Return the text of a ``_headers`` file that sets ``headers`` on ``path``."""
    headers = security_headers() if headers is None else headers
    lines = [path, *(f"  {name}: {value}" for name, value in headers.items())]
    return "\n".join(lines) + "\n"


def parse_headers_file(text):
    """Return a ``_headers`` file as a dict: path pattern -> {header name: value}.

    The format: a line starting in the first column is a path pattern; the
    indented ``Name: value`` lines under it are its headers; ``#`` starts a
    comment.
    """
    rules = {}
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
            continue
        name, sep, value = line.strip().partition(":")
        if current is None or not sep:
            raise ValueError(
                f"_headers:{number}: {line.strip()!r} is not 'Name: value' under a path line"
            )
        current[name.strip()] = value.strip()
    return rules
