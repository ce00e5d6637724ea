"""Reviewers pass or reject, one by one or in bulk; a rejection needs a reason; a
decision is final; both bodies must pass; every decision is audited without
personal data."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanmin.accounts.models import User
from sanmin.accounts.tests.fixtures import make_staff, verified_client
from sanmin.audit.models import AuditEvent
from sanmin.representatives.models import Candidate, Draw
from sanmin.representatives.selectors.reviews import candidates_eligible
from sanmin.representatives.services.reviews import candidates_review
from sanmin.representatives.tests.intake_helpers import (
    DECIDE,
    id_number,
    make_candidates,
    phone,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(campaign: Any, reviewer_user: User) -> Client:
    return verified_client(reviewer_user)


@pytest.fixture
def petition_user(campaign: Any) -> User:
    return make_staff(
        role="reviewer", username="petition-reviewer", reviewer_body="petition"
    )


@pytest.fixture
def made(campaign: Any, statistics_user: User) -> list[Candidate]:
    return make_candidates(campaign=campaign, actor=statistics_user, count=4)


def state(candidate: Candidate) -> tuple[str, str, str, str]:
    candidate.refresh_from_db()
    return (
        candidate.police_review,
        candidate.police_reason,
        candidate.petition_review,
        candidate.petition_reason,
    )


def test_a_reviewer_passes_one_candidate(police: Client, made: list[Candidate]) -> None:
    url = reverse("representatives:review", args=[made[0].pk])
    response = police.post(url, {"decision": "passed"})
    assert response.status_code == 302
    assert state(made[0]) == ("passed", "", "pending", "")
    assert state(made[1])[0] == "pending"
    event = AuditEvent.objects.get(action="candidate.review")
    assert event.object_id == str(made[0].pk)
    assert event.detail["body"] == "police"
    assert event.detail["decision"] == "passed"
    assert event.detail["act_size"] == 1


def test_a_rejection_without_a_reason_is_refused(
    police: Client, made: list[Candidate], reviewer_user: User, campaign: Any
) -> None:
    url = reverse("representatives:review", args=[made[0].pk])
    response = police.post(url, {"decision": "rejected", "reason": "  "})
    assert response.status_code == 400
    assert "不通过时必须填写理由" in response.content.decode()
    bulk = police.post(
        DECIDE, {"decision": "rejected", "scope": "selected", "candidate": made[0].pk}
    )
    assert bulk.status_code == 400
    with pytest.raises(ValidationError, match="不通过时必须填写理由"):
        candidates_review(
            campaign=campaign,
            candidate_ids=[made[0].pk],
            reviewer=reviewer_user,
            decision="rejected",
        )
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.filter(pk=made[0].pk).update(police_review="rejected")
    assert state(made[0]) == ("pending", "", "pending", "")
    assert not AuditEvent.objects.filter(action="candidate.review").exists()


def test_a_reviewer_rejects_with_a_reason(
    police: Client, made: list[Candidate]
) -> None:
    url = reverse("representatives:review", args=[made[0].pk])
    police.post(url, {"decision": "rejected", "reason": "有不良记录"})
    assert state(made[0]) == ("rejected", "有不良记录", "pending", "")
    event = AuditEvent.objects.get(action="candidate.review")
    assert "有不良记录" not in str(event.detail)
    assert len(event.detail["reason_digest"]) == 64
    page = police.get(url).content.decode()
    assert "有不良记录" in page
    assert 'name="decision"' not in page


def test_bulk_pass_of_the_ticked_candidates(
    police: Client, made: list[Candidate]
) -> None:
    ticked = [made[0].pk, made[2].pk, made[3].pk]
    response = police.post(
        DECIDE,
        {
            "decision": "passed",
            "scope": "selected",
            "candidate": ticked,
            "page_ids": [c.pk for c in made],
            "back": "channel=random&evil=1",
        },
    )
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("representatives:reviews") + "?channel=random"
    )
    assert [state(c)[0] for c in made] == ["passed", "pending", "passed", "passed"]
    events = AuditEvent.objects.filter(action="candidate.review")
    assert sorted(int(e.object_id) for e in events) == ticked
    assert {e.detail["act_size"] for e in events} == {3}


def test_bulk_rejection_of_the_whole_page_with_one_reason(
    police: Client, made: list[Candidate]
) -> None:
    response = police.post(
        DECIDE,
        {
            "decision": "rejected",
            "reason": "批量核查不符合",
            "scope": "page",
            "page_ids": [c.pk for c in made],
        },
    )
    assert response.status_code == 302
    assert {state(c)[:2] for c in made} == {("rejected", "批量核查不符合")}
    assert AuditEvent.objects.filter(action="candidate.review").count() == 4


def test_nothing_ticked_is_refused(police: Client, made: list[Candidate]) -> None:
    response = police.post(DECIDE, {"decision": "passed", "scope": "selected"})
    assert response.status_code == 400
    assert "请先勾选要审查的候选人" in response.content.decode()


def test_a_decision_is_final(
    police: Client, made: list[Candidate], reviewer_user: User, campaign: Any
) -> None:
    candidates_review(
        campaign=campaign,
        candidate_ids=[made[0].pk],
        reviewer=reviewer_user,
        decision="passed",
    )
    response = police.post(
        DECIDE,
        {
            "decision": "rejected",
            "reason": "改主意",
            "scope": "selected",
            "candidate": [made[0].pk, made[1].pk],
        },
    )
    assert response.status_code == 400
    assert "审查结论一经作出不能更改" in response.content.decode()
    assert state(made[0])[0] == "passed"
    assert state(made[1])[0] == "pending"  # all or none
    assert AuditEvent.objects.filter(action="candidate.review").count() == 1


def test_both_bodies_must_pass(
    made: list[Candidate], reviewer_user: User, petition_user: User, campaign: Any
) -> None:
    def review(user: User, candidate: Candidate, decision: str) -> None:
        candidates_review(
            campaign=campaign,
            candidate_ids=[candidate.pk],
            reviewer=user,
            decision=decision,
            reason="理由" if decision == "rejected" else "",
        )

    review(reviewer_user, made[0], "passed")
    review(reviewer_user, made[1], "passed")
    review(petition_user, made[1], "passed")
    review(reviewer_user, made[2], "passed")
    review(petition_user, made[2], "rejected")
    review(petition_user, made[3], "passed")
    eligible = list(candidates_eligible(campaign=campaign))
    assert eligible == [made[1]]
    assert [state(c) for c in made] == [
        ("passed", "", "pending", ""),
        ("passed", "", "passed", ""),
        ("passed", "", "rejected", "理由"),
        ("pending", "", "passed", ""),
    ]
    assert [c.eligible for c in made] == [False, True, False, False]


def test_only_reviewers_decide(made: list[Candidate], campaign: Any, cast: Any) -> None:
    with pytest.raises(ValidationError, match="只有资格审查单位"):
        candidates_review(
            campaign=campaign,
            candidate_ids=[made[0].pk],
            reviewer=cast.user("office"),
            decision="passed",
        )
    response = cast.client("office").post(
        DECIDE, {"decision": "passed", "scope": "selected", "candidate": made[0].pk}
    )
    assert response.status_code == 403
    assert state(made[0])[0] == "pending"


def test_no_decision_after_the_draw_committed(
    police: Client, made: list[Candidate], statistics_user: User, campaign: Any
) -> None:
    Draw.objects.create(
        campaign=campaign,
        inputs={},
        software_version="test",
        pool_fingerprint="0" * 64,
        commitment="0" * 64,
        committed_at=timezone.now(),
        committed_by=statistics_user,
    )
    response = police.post(
        DECIDE, {"decision": "passed", "scope": "selected", "candidate": made[0].pk}
    )
    assert response.status_code == 400
    assert "不能再更改" in response.content.decode()
    assert state(made[0])[0] == "pending"


def test_audit_details_hold_no_personal_data(
    police: Client, made: list[Candidate]
) -> None:
    police.post(
        DECIDE,
        {
            "decision": "rejected",
            "reason": "理由",
            "scope": "page",
            "page_ids": [c.pk for c in made],
        },
    )
    details = str(
        list(
            AuditEvent.objects.filter(action="candidate.review").values_list(
                "detail", flat=True
            )
        )
    )
    for serial in range(4):
        for secret in (id_number(serial), phone(serial), f"候选人{serial}"):
            assert secret not in details
