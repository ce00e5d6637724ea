"""受理: the office accepts, declines with a reason, or merges a submitted case;
other roles and other states are refused and nothing changes."""

from __future__ import annotations

from sanmin.audit.models import AuditEvent
from sanmin.suggestions.models import Status
from sanmin.suggestions.services.loop import (
    suggestion_accept,
    suggestion_decline,
    suggestion_merge,
)
from sanmin.suggestions.tests.suggestion_helpers import (
    make_accepted,
    make_suggestion,
    refused,
)


def test_it_accepts_a_submitted_case(campaign, citizen_user, office_user):
    case = make_suggestion(campaign, citizen_user)

    suggestion_accept(suggestion=case, actor=office_user)

    assert case.status == Status.ACCEPTED
    assert case.accepted_at is not None
    step = case.steps.get(action="accept")
    assert (step.label, step.public, step.actor_label) == ("受理", True, "市政府办公厅")
    assert AuditEvent.objects.filter(
        action="suggestion.accept", object_id=str(case.pk)
    ).exists()


def test_it_declines_with_the_reason_shown(campaign, citizen_user, office_user):
    case = make_suggestion(campaign, citizen_user)

    suggestion_decline(suggestion=case, actor=office_user, reason=" 不属于征集范围 ")

    assert case.status == Status.DECLINED
    assert case.decline_reason == "不属于征集范围"
    step = case.steps.get(action="decline")
    assert (step.label, step.note, step.public) == ("不予受理", "不属于征集范围", True)
    event = AuditEvent.objects.get(action="suggestion.decline")
    assert "不属于征集范围" not in str(event.detail)


def test_it_refuses_a_decline_without_reason(campaign, citizen_user, office_user):
    case = make_suggestion(campaign, citizen_user)

    with refused(case, match="不予受理理由"):
        suggestion_decline(suggestion=case, actor=office_user, reason="  ")


def test_it_refuses_a_phone_number_in_the_reason(campaign, citizen_user, office_user):
    case = make_suggestion(campaign, citizen_user)

    with refused(case, match="手机号码"):
        suggestion_decline(
            suggestion=case, actor=office_user, reason="请致电13800001111"
        )


def test_it_merges_into_an_open_case(campaign, citizen_user, office_user):
    target = make_accepted(campaign, citizen_user)
    case = make_suggestion(campaign, citizen_user)

    suggestion_merge(suggestion=case, into=target, actor=office_user)

    assert case.status == Status.MERGED
    assert case.merged_into == target
    assert case.steps.get(action="merge").public
    assert target.number in case.steps.get(action="merge").note
    assert not target.steps.get(action="merge_in").public


def test_it_refuses_to_merge_into_itself(campaign, citizen_user, office_user):
    case = make_suggestion(campaign, citizen_user)

    with refused(case, match="其自身"):
        suggestion_merge(suggestion=case, into=case, actor=office_user)


def test_it_refuses_to_merge_into_a_closed_case(campaign, citizen_user, office_user):
    target = make_suggestion(campaign, citizen_user)
    suggestion_decline(suggestion=target, actor=office_user, reason="重复")
    case = make_suggestion(campaign, citizen_user)

    with refused(case, target, match="不能再合并"):
        suggestion_merge(suggestion=case, into=target, actor=office_user)


def test_it_refuses_to_merge_into_a_merged_case(campaign, citizen_user, office_user):
    first = make_suggestion(campaign, citizen_user)
    merged = make_suggestion(campaign, citizen_user)
    suggestion_merge(suggestion=merged, into=first, actor=office_user)
    case = make_suggestion(campaign, citizen_user)

    with refused(case, merged, match="不能再合并"):
        suggestion_merge(suggestion=case, into=merged, actor=office_user)


def test_it_refuses_other_roles(
    campaign, citizen_user, department_user, supervisor_user
):
    case = make_suggestion(campaign, citizen_user)
    other = make_suggestion(campaign, citizen_user)

    for actor in (department_user, supervisor_user, citizen_user):
        with refused(case, match="市政府办公厅"):
            suggestion_accept(suggestion=case, actor=actor)
        with refused(case, match="市政府办公厅"):
            suggestion_decline(suggestion=case, actor=actor, reason="重复")
        with refused(case, other, match="市政府办公厅"):
            suggestion_merge(suggestion=case, into=other, actor=actor)


def test_it_refuses_a_case_no_longer_submitted(campaign, citizen_user, office_user):
    case = make_accepted(campaign, citizen_user)
    other = make_suggestion(campaign, citizen_user)

    with refused(case, match="已受理"):
        suggestion_accept(suggestion=case, actor=office_user)
    with refused(case, match="只能受理待受理"):
        suggestion_decline(suggestion=case, actor=office_user, reason="重复")
    with refused(case, other, match="只能受理待受理"):
        suggestion_merge(suggestion=case, into=other, actor=office_user)
