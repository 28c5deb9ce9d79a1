"""What `invoke publish` refuses: the check's warnings, but for those that must not stop it.

`invoke check` lists warnings and goes on; publishing is stricter. A site
goes out only when every warning is dealt with, with two exceptions:

* a helpline with no named verification only warns: a missing verification
  must never hold back the crisis numbers, which the site shows in full;
* draft chapters, when the publisher says so (``--allow-drafts``): they are
  then published with their "not yet reviewed" notice.

Everything else (placeholders, prose warnings, uncited entries, reviews
overdue, a missing corrections contact ...) stops the publish, listed with
its file and line.
"""

import re

from guidelib import WARNING, Problem

EXAMPLE_DOMAIN = re.compile(r"@(?:[\w-]+\.)*example\.(?:com|org|net)$", re.IGNORECASE)
CONTACT_HINT = (
    "set the CONTACT_EMAIL environment variable (as SITEURL is set) to the address readers "
    "write to about a mistake; the About page shows it"
)


def contact_warnings(record):
    """A warning when the build had no real corrections contact (CONTACT_EMAIL)."""
    editorial = record["sections"].get("editorial")
    if editorial is None:
        return []
    email = editorial.get("contact_email", "")
    if not email:
        return [Problem("pelicanconf.py", "no corrections contact (CONTACT_EMAIL) is set",
                        WARNING, hint=CONTACT_HINT)]  # fmt: skip
    if EXAMPLE_DOMAIN.search(email):
        return [Problem("pelicanconf.py", f"CONTACT_EMAIL {email!r} is an example address",
                        WARNING, hint=CONTACT_HINT)]  # fmt: skip
    return []


def drafts_of(record):
    """The sources of the chapters no clinician has signed."""
    return {
        page["source"]
        for page in record["pages"]
        if page.get("review", {}).get("status") == "draft"
    }


def drafts_hint(refused, record):
    """One line naming --allow-drafts, when drafts are among what stops a publish."""
    count = len({warning.path for warning in refused} & drafts_of(record))
    if not count:
        return []
    return [
        f"{count} chapter(s) above are drafts. To publish them with their 'not yet reviewed' "
        "notice, publish again with --allow-drafts."
    ]


def sort_warnings(warnings, record, allow_drafts=False):
    """(refused, let through) of the check's ``warnings`` for a publish."""
    helplines = record["sections"].get("helplines") or {}
    helpline_files = {entry["path"] for entry in helplines.get("entries", [])}
    drafts = drafts_of(record)
    refused, passed = [], []
    for warning in warnings:
        if warning.path in helpline_files or (allow_drafts and warning.path in drafts):
            passed.append(warning)
        else:
            refused.append(warning)
    return refused, passed
