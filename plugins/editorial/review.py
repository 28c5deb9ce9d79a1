"""Review status, derived from who signed a chapter and when; never typed.

- ``reviewed``: Reviewers names at least one clinical reviewer of the
  registry, and Reviewed and Next_review are set;
- ``overdue``: all that, but Next_review is before the build's date;
- ``draft``: anything else (no reviewer, no dates).

The chapters plugin checks the form of the fields (dates, all three review
fields or none); here the ids are checked against the registry.
"""

from dataclasses import dataclass, field

from guidelib import Problem

DRAFT, REVIEWED, OVERDUE = "draft", "reviewed", "overdue"


@dataclass(frozen=True)
class Review:
    """What a chapter's page shows about its review, and what the record keeps."""

    status: str
    authors: tuple = ()
    reviewers: tuple = ()
    reviewed: object = None  # datetime.date
    next_review: object = None  # datetime.date
    problems: list = field(default_factory=list, compare=False)

    def as_record(self):
        return {
            "status": self.status,
            "reviewed": self.reviewed.isoformat() if self.reviewed else None,
            "next_review": self.next_review.isoformat() if self.next_review else None,
            "reviewers": [person.id for person in self.reviewers],
            "authors": [person.id for person in self.authors],
        }


def review_status(reviewers, reviewed, next_review, today):
    """``reviewed``, ``overdue`` or ``draft`` for clinical ``reviewers`` and the two dates."""
    if not (reviewers and reviewed and next_review):
        return DRAFT
    return OVERDUE if next_review < today else REVIEWED


def people_problems(registry, ids, *, path, line, field_name, reviewers=False):
    """Problems with the ids listed in one front-matter field; and the people found."""
    problems, people = [], []
    for person_id in ids:
        person = registry.get(person_id)
        if person is None:
            close = registry.close_ids(person_id)
            problems.append(
                Problem(
                    path,
                    f"{field_name}: unknown person {person_id!r}",
                    line=line,
                    hint=(
                        f"did you mean {' or '.join(map(repr, close))}? Or use" if close else "use"
                    )
                    + f" an id from {registry.path}, or add the person there",
                )
            )
        elif reviewers and not person.is_clinical_reviewer:
            problems.append(
                Problem(
                    path,
                    f"Reviewers: {person_id!r} is registered as {person.role}, not as "
                    "clinical-reviewer",
                    line=line,
                    hint="list only clinical reviewers under Reviewers; name writers under Authors",
                )
            )
        else:
            people.append(person)
    return problems, people


def derive_review(registry, *, path, lines, authors, reviewers, reviewed, next_review, today):
    """The Review of one chapter; its ``problems`` list every unknown or misplaced id."""
    author_problems, author_people = people_problems(
        registry, authors, path=path, line=lines.get("authors", 1), field_name="Authors"
    )
    reviewer_problems, reviewer_people = people_problems(
        registry,
        reviewers,
        path=path,
        line=lines.get("reviewers", 1),
        field_name="Reviewers",
        reviewers=True,
    )
    problems = author_problems + reviewer_problems
    status = review_status(reviewer_people, reviewed, next_review, today)
    if problems:
        status = DRAFT  # never shown: the build fails; but never claim a review either
    signed = status != DRAFT
    return Review(
        status=status,
        authors=tuple(author_people),
        reviewers=tuple(reviewer_people) if signed else (),
        reviewed=reviewed if signed else None,
        next_review=next_review if signed else None,
        problems=problems,
    )
