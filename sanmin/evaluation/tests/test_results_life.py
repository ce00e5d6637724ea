"""A result's life: compute (after the windows) → approve → publish by another person."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sanmin.audit.models import AuditEvent
from sanmin.evaluation.models import ResultSet
from sanmin.evaluation.selectors.snapshots import snapshot_digest
from sanmin.evaluation.services.results import (
    result_approve,
    result_compute,
    result_publish,
)
from sanmin.evaluation.tests.tally_helpers import all_closed, cast_three

pytestmark = pytest.mark.django_db


def _computed(campaign: Any, statistics_user: Any) -> ResultSet:
    return result_compute(
        campaign=campaign,
        roster="public",
        actor=statistics_user,
        now=all_closed(campaign),
    )


def test_compute_is_refused_while_a_window_is_open(
    campaign: Any, public_session: Any, during: dt.datetime, statistics_user: Any
) -> None:
    with pytest.raises(ValidationError, match="评议尚未截止，不能计票"):
        result_compute(
            campaign=campaign, roster="public", actor=statistics_user, now=during
        )
    assert not ResultSet.objects.exists()


def test_compute_is_refused_before_a_window_opens_or_is_scheduled(
    campaign: Any, statistics_user: Any
) -> None:
    # No window scheduled yet.
    with pytest.raises(ValidationError, match="评议尚未截止"):
        result_compute(campaign=campaign, roster="public", actor=statistics_user)


def test_compute_is_refused_until_the_last_window_closes(
    campaign: Any, public_session: Any, statistics_user: Any
) -> None:
    last = campaign.sessions.filter(kind="public").latest("starts_at").window
    with pytest.raises(ValidationError, match="第四场"):
        result_compute(
            campaign=campaign,
            roster="public",
            actor=statistics_user,
            now=last.closes_at - dt.timedelta(seconds=1),
        )
    result_compute(
        campaign=campaign, roster="public", actor=statistics_user, now=last.closes_at
    )


@pytest.mark.parametrize("role", ["office", "department", "supervisor", "operator"])
def test_only_the_statistics_role_computes(
    role: str, cast: Any, public_session: Any
) -> None:
    with pytest.raises(ValidationError, match="只有市统计局"):
        result_compute(
            campaign=cast.campaign,
            roster="public",
            actor=cast.user(role),
            now=all_closed(cast.campaign),
        )


def test_compute_stores_the_digest_of_the_canonical_snapshot(
    campaign: Any,
    public_session: Any,
    during: dt.datetime,
    statistics_user: Any,
) -> None:
    receipts = cast_three(campaign, public_session, during)
    result = _computed(campaign, statistics_user)
    result.refresh_from_db()  # as stored (jsonb reorders keys on PostgreSQL)
    assert result.status == "computed"
    assert result.digest == snapshot_digest(result.snapshot)
    assert len(result.digest) == 64
    assert result.snapshot["receipts"]["count"] == len(receipts)
    # The same ballots and rule always give the same snapshot.
    again = result_compute(
        campaign=campaign,
        roster="public",
        actor=statistics_user,
        now=all_closed(campaign),
    )
    assert again.digest == result.digest


def test_the_audit_log_records_the_digest_and_never_a_figure(
    campaign: Any,
    public_session: Any,
    during: dt.datetime,
    statistics_user: Any,
    office_user: Any,
) -> None:
    cast_three(campaign, public_session, during)
    result = _computed(campaign, statistics_user)
    result = result_approve(result=result, actor=statistics_user)
    result_publish(result=result, actor=office_user)
    events = AuditEvent.objects.filter(
        object_type="evaluation.resultset", object_id=str(result.pk)
    )
    assert sorted(events.values_list("action", flat=True)) == [
        "result.approve",
        "result.compute",
        "result.publish",
    ]
    for event in events:
        assert event.detail["digest"] == result.digest
        assert "score" not in str(event.detail)
        assert "90.00" not in str(event.detail)


def test_a_new_computation_supersedes_the_unpublished_ones(
    campaign: Any, public_session: Any, statistics_user: Any
) -> None:
    first = _computed(campaign, statistics_user)
    first = result_approve(result=first, actor=statistics_user)
    second = _computed(campaign, statistics_user)
    first.refresh_from_db()
    assert first.status == "superseded"
    assert second.status == "computed"
    with pytest.raises(ValidationError, match="只能审核刚计算的结果"):
        result_approve(result=first, actor=statistics_user)


def test_approval_freezes_the_result(
    campaign: Any, public_session: Any, statistics_user: Any
) -> None:
    result = result_approve(
        result=_computed(campaign, statistics_user), actor=statistics_user
    )
    assert result.status == "approved"
    assert result.approved_by == statistics_user
    with pytest.raises(ValidationError, match="只能审核刚计算的结果"):
        result_approve(result=result, actor=statistics_user)


def test_the_office_cannot_publish_before_approval(
    campaign: Any, public_session: Any, statistics_user: Any, office_user: Any
) -> None:
    result = _computed(campaign, statistics_user)
    with pytest.raises(ValidationError, match="尚未审核"):
        result_publish(result=result, actor=office_user)
    result.refresh_from_db()
    assert result.status == "computed"


def test_the_approver_cannot_also_publish(
    campaign: Any, public_session: Any, statistics_user: Any
) -> None:
    result = result_approve(
        result=_computed(campaign, statistics_user), actor=statistics_user
    )
    # The same person, moved to the office since: still refused.
    statistics_user.role = "office"
    statistics_user.save(update_fields=["role"])
    with pytest.raises(ValidationError, match="发布人不能与审核人为同一人"):
        result_publish(result=result, actor=statistics_user)
    result.refresh_from_db()
    assert result.status == "approved"


def test_the_database_refuses_a_publisher_who_approved(
    campaign: Any, public_session: Any, statistics_user: Any
) -> None:
    result = result_approve(
        result=_computed(campaign, statistics_user), actor=statistics_user
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ResultSet.objects.filter(pk=result.pk).update(
            status="published", published_by=statistics_user
        )


def test_the_statistics_role_cannot_publish(
    campaign: Any, public_session: Any, statistics_user: Any
) -> None:
    result = result_approve(
        result=_computed(campaign, statistics_user), actor=statistics_user
    )
    with pytest.raises(ValidationError, match="只有市政府办公厅"):
        result_publish(result=result, actor=statistics_user)


def test_publication_is_by_a_second_person_and_final(
    campaign: Any,
    public_session: Any,
    statistics_user: Any,
    office_user: Any,
) -> None:
    result = result_approve(
        result=_computed(campaign, statistics_user), actor=statistics_user
    )
    result = result_publish(result=result, actor=office_user)
    assert result.status == "published"
    assert result.published_by == office_user
    with pytest.raises(ValidationError, match="已发布"):
        result_publish(result=result, actor=office_user)
    with pytest.raises(ValidationError, match="已发布，不能重新计票"):
        _computed(campaign, statistics_user)


def test_a_snapshot_changed_after_approval_is_not_published(
    campaign: Any,
    public_session: Any,
    during: dt.datetime,
    statistics_user: Any,
    office_user: Any,
) -> None:
    cast_three(campaign, public_session, during)
    result = result_approve(
        result=_computed(campaign, statistics_user), actor=statistics_user
    )
    snapshot = result.snapshot
    snapshot["departments"][0]["score"] = "99.99"
    ResultSet.objects.filter(pk=result.pk).update(snapshot=snapshot)
    with pytest.raises(ValidationError, match="快照与摘要不符"):
        result_publish(result=result, actor=office_user)
