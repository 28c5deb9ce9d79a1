"""`invoke check`: the site check on a built site, with the warnings that depend on the day.

The site check itself is plugins.site_audit (``python -m plugins.site_audit``);
it reads the build record beside the output. Some warnings cannot be worked
out when the site is built because they depend on the day the check runs:
reviews that have fallen due, helplines not verified for too long. Each
plugin that owns such facts exports a function that works them out from the
record; this module lists them, for `invoke check` and `invoke publish` alike.
"""

import datetime


def dated_warnings(today):
    """Callables taking the build record and returning the warnings due on ``today``.

    The corrections contact is among them: whether one is set is the
    publisher's business, not the build's, so only the check warns.
    """
    from plugins.chapters import review_warnings
    from plugins.crisis_help import helpline_warnings

    from .readiness import contact_warnings

    def reviews(record):
        return review_warnings(record["pages"], today)

    def helplines(record):
        section = record["sections"].get("helplines")
        if not section:
            return []
        return helpline_warnings(section["entries"], today, section["max_age_days"])

    return [reviews, helplines, contact_warnings]


def main(argv, today=None):
    """Run the site check with the dated warnings; return its exit status.

    ``--report`` (not the site check's own option) prints each chapter's
    reading figures after the check, from the record.
    """
    from plugins.build_record import read_record
    from plugins.site_audit.cli import main as audit

    report = "--report" in argv
    argv = [arg for arg in argv if arg != "--report"]
    code = audit(argv, warning_sources=dated_warnings(today or datetime.date.today()))
    if report and code != 2:  # 2: no usable record, and the check has said why
        # Only here: the prose plugin loads Pelican and Python-Markdown.
        from plugins.prose import prose_report

        print(prose_report(read_record(argv[0])))
    return code
