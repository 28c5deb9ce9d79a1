"""Warnings about chapters' reviews, for `invoke check`, from the build record.

The build records each chapter's review (status, dates, reviewers, authors)
and the lines of its front matter (see chapters.py); the check reads those
facts back instead of reading the chapters again. ``today`` is a parameter,
so nothing here depends on the clock: a chapter reviewed when the site was
built may be overdue by the time it is checked.
"""

import datetime

from guidelib import WARNING, Problem


def review_warnings(record_pages, today):
    """WARNING Problems for draft chapters and for reviews whose Next_review has passed.

    ``record_pages`` is the ``pages`` list of the build record
    (``plugins.build_record.read_record(output)["pages"]``).
    """
    warnings = []
    for page in record_pages:
        review = page.get("review")
        if not review:
            continue
        lines = page.get("lines", {})
        if review["status"] == "draft":
            warnings.append(
                Problem(
                    page["source"],
                    "not reviewed by a clinician yet",
                    WARNING,
                    line=lines.get("title", 1),
                    hint="once a clinical reviewer in the editorial registry has reviewed it, add "
                    "Reviewers, Reviewed and Next_review; until then it is published as a draft",
                )
            )
            continue
        due = datetime.date.fromisoformat(review["next_review"])
        if due < today:
            warnings.append(
                Problem(
                    page["source"],
                    f"review was due on {due.isoformat()} and is overdue",
                    WARNING,
                    line=lines.get("next_review"),
                    hint="have a clinical reviewer review the chapter again, then update Reviewed "
                    "and Next_review",
                )
            )
    return warnings
