"""URL × role rows for candidate intake (自愿报名, imports, counts) and 资格审查,
merged into accounts/tests/access_table.py.

Departments, supervisors and the operator never reach any of these pages; the cast's
reviewer is of the police.
"""

from __future__ import annotations

from typing import Any

from sanmin.accounts.tests.access_table import (
    BAD_REQUEST,
    CITIZEN_ONLY,
    DISTRICT,
    NOT_FOUND,
    OFFICE,
    REVIEWER,
    STAFF_ONLY,
    STATISTICS,
    Row,
)

INTAKE_STAFF = STAFF_ONLY(DISTRICT, OFFICE, STATISTICS)
REVIEWER_ONLY = STAFF_ONLY(REVIEWER)


def _candidate(cast: Any) -> dict[str, int]:
    from sanmin.representatives.tests.intake_helpers import make_candidates

    (candidate,) = make_candidates(
        campaign=cast.campaign, actor=cast.user(STATISTICS), count=1
    )
    return {"candidate_id": candidate.pk}


ROWS: dict[str, Row] = {
    # 自愿报名: citizens (a representative is one too); an empty form is refused.
    "representatives:signup": CITIZEN_ONLY,
    "representatives:signup|post": CITIZEN_ONLY.post().but(
        citizen=BAD_REQUEST, representative=BAD_REQUEST
    ),
    # Nothing to withdraw: back to the sign-up page with a message.
    "representatives:signup-withdraw": CITIZEN_ONLY.post(),
    # Staff intake: district staff, the office and statistics; departments never.
    "representatives:intake": INTAKE_STAFF,
    "representatives:intake-import": INTAKE_STAFF,
    "representatives:intake-import|post": INTAKE_STAFF.post().but(
        district=BAD_REQUEST, office=BAD_REQUEST, statistics=BAD_REQUEST
    ),
    "representatives:intake-template": INTAKE_STAFF,
    "representatives:intake-candidates": STAFF_ONLY(DISTRICT),
    # 资格审查: reviewers only.
    "representatives:reviews": REVIEWER_ONLY,
    "representatives:reviews-decide": REVIEWER_ONLY.post().but(reviewer=BAD_REQUEST),
    "representatives:review": REVIEWER_ONLY.using(_candidate),
    "representatives:review|decide": REVIEWER_ONLY.post({"decision": "passed"}).using(
        _candidate
    ),
    "representatives:review|missing": REVIEWER_ONLY.but(reviewer=NOT_FOUND).using(
        lambda cast: {"candidate_id": 999_999}
    ),
}
