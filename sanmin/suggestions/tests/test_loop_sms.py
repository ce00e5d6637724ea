"""The submitter's SMS at each public step of the loop (outbox rows), none at the
internal ones, never twice for one step, and no phone number in any audit event."""

from __future__ import annotations

from django.utils import timezone

from sanmin.audit.models import AuditEvent
from sanmin.core import crypto
from sanmin.notifications.models import Message
from sanmin.suggestions.services.loop import (
    ItemPlan,
    follow_up_record,
    item_answer_approve,
    item_answer_submit,
    item_note,
    items_assign,
    suggestion_accept,
    suggestion_decline,
    suggestion_merge,
    suggestions_publish,
)
from sanmin.suggestions.services.notify import submitter_notify
from sanmin.suggestions.tests.suggestion_helpers import (
    ANSWER,
    make_accepted,
    make_suggestion,
)


def statuses(case):
    return [
        m.params["status"]
        for m in Message.objects.filter(
            template="suggestion_status", params__tracking=case.number
        ).order_by("pk")
    ]


def test_it_texts_at_every_public_step(
    campaign,
    citizen_user,
    office_user,
    department_user,
    other_department_user,
    settings,
):
    settings.SITE_URL = "https://sanmin.example.cn"
    case = make_suggestion(campaign, citizen_user)
    suggestion_accept(suggestion=case, actor=office_user)
    [item] = items_assign(
        suggestion=case,
        actor=office_user,
        plans=[
            ItemPlan(
                summary="增设停车位",
                lead=department_user.department,
                partners=[other_department_user.department],
            )
        ],
    )
    item_note(item=item, actor=department_user, note="正在办理")
    item_answer_submit(item=item, actor=department_user, answer=ANSWER)
    item_answer_approve(item=item, actor=office_user)
    follow_up_record(
        suggestion=case,
        actor=office_user,
        method="phone",
        held_on=timezone.localdate(),
        outcome="已回访",
    )
    suggestions_publish(
        suggestions=[case], actor=office_user, title="答复", answer="公开答复"
    )

    lead = department_user.department.name
    assert statuses(case) == [
        "已收到",
        "已受理",
        f"已交办{lead}等部门办理",
        "答复已公开",
    ]
    answered = Message.objects.get(template="suggestion_answered")
    assert answered.params == {
        "tracking": case.number,
        "link": f"https://sanmin.example.cn/suggestions/mine/{case.number}/rate/",
    }


def test_it_names_a_single_department(
    campaign, citizen_user, office_user, department_user
):
    case = make_accepted(campaign, citizen_user)
    items_assign(
        suggestion=case,
        actor=office_user,
        plans=[ItemPlan(summary="事项", lead=department_user.department)],
    )

    assert statuses(case)[-1] == f"已交办{department_user.department.name}办理"


def test_it_names_no_department_too_long_for_an_sms(
    campaign, citizen_user, office_user, department_user
):
    department = department_user.department
    department.name = "青岛市" + "很长的部门名称" * 5
    department.save(update_fields=["name"])
    case = make_accepted(campaign, citizen_user)
    items_assign(
        suggestion=case,
        actor=office_user,
        plans=[ItemPlan(summary="事项", lead=department)],
    )

    assert statuses(case)[-1] == "已交办有关部门办理"


def test_it_texts_a_decline_and_a_merge(campaign, citizen_user, office_user):
    declined = make_suggestion(campaign, citizen_user)
    merged = make_suggestion(campaign, citizen_user)
    target = make_suggestion(campaign, citizen_user)

    suggestion_decline(suggestion=declined, actor=office_user, reason="不属于征集范围")
    suggestion_merge(suggestion=merged, into=target, actor=office_user)

    assert statuses(declined) == ["已收到", "不予受理"]
    assert statuses(merged) == ["已收到", "已与同类建议合并办理"]
    assert statuses(target) == ["已收到"]


def test_it_texts_a_step_once(campaign, citizen_user):
    case = make_suggestion(campaign, citizen_user)

    submitter_notify(suggestion=case, status_label="已收到")

    assert statuses(case) == ["已收到"]


def test_it_keeps_phone_numbers_out_of_the_audit_log(
    campaign, citizen_user, office_user, department_user
):
    phone = crypto.cipher().decrypt(citizen_user.phone_cipher)
    case = make_accepted(campaign, citizen_user)
    items_assign(
        suggestion=case,
        actor=office_user,
        plans=[ItemPlan(summary="事项", lead=department_user.department)],
    )

    details = [str(e.detail) for e in AuditEvent.objects.all()]
    assert any("suggestion" in e.action for e in AuditEvent.objects.all())
    assert not [d for d in details if phone in d]
    assert not [d for d in details if citizen_user.display_name in d]
