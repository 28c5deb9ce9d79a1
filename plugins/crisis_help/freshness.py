"""Which helplines `invoke check` warns about: unverified and stale entries.

A pure function of what the build recorded (``record_helplines`` in
crisis_help.py), so that the check does not read the data file again. These
are warnings, never errors: an entry nobody has confirmed is still shown in
full, because a missing verification must never hold back a crisis number.
"""

import datetime

from guidelib import WARNING, Problem


def helpline_warnings(helplines, today, max_age_days):
    """Warnings for the recorded ``helplines`` section, as of the date ``today``.

    One for each entry with no named verification, and one for each entry
    whose newest date (``verified_on``, or failing that ``as_of``) is more
    than ``max_age_days`` before ``today`` or after it.
    """
    warnings = []
    for entry in helplines:
        name = f"{entry['service']} ({entry['region']})"

        def warn(message, hint, entry=entry):
            warnings.append(
                Problem(entry["path"], message, severity=WARNING, line=entry["line"], hint=hint)
            )

        if not entry.get("verified_by"):
            warn(
                f"{name} is not verified by a named person; source {entry['source']} "
                f"as of {entry['as_of']}",
                "once someone has confirmed every detail with the service, set verified_by "
                "to their id in content/data/editorial.yaml and verified_on to the date",
            )
        field = "verified_on" if entry.get("verified_on") else "as_of"
        newest = datetime.date.fromisoformat(entry[field])
        age = (today - newest).days
        if age > max_age_days:
            warn(
                f"{name} dates from {field} {entry[field]}, {age} days ago (the limit is "
                f"{max_age_days})",
                f"check every detail against {entry['source']}, then update as_of (and "
                "verified_on, if a named person confirms it with the service)",
            )
        elif age < 0:
            warn(
                f"{name} has {field} {entry[field]}, which is in the future",
                "write the date the information really dates from",
            )
    return warnings
