"""Contact for a call-back: the office grants a handling department the submitter's
phone for 72 hours; its staff see it within that time, audited without the number;
everyone else is refused and nothing is recorded."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanmin.audit.models import AuditEvent
from sanmin.campaigns.models import Department
from sanmin.core import crypto
from sanmin.suggestions.services.loop import (
    contact_grant,
    contact_reveal,
    item_reassign,
    item_reassign_request,
)
from sanmin.suggestions.tests.suggestion_helpers import make_assigned, refused


def phone_of(user):
    return crypto.cipher().decrypt(user.phone_cipher)


def test_it_grants_and_reveals_within_72_hours(
    campaign, citizen_user, office_user, department_user, time_machine
):
    start = dt.datetime(2024, 12, 20, 2, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    _, item = make_assigned(campaign, citizen_user, department_user.department)

    grant = contact_grant(
        item=item,
        department=department_user.department,
        actor=office_user,
        reason="电话回访",
    )
    assert grant.expires_at == start + dt.timedelta(hours=72)

    time_machine.move_to(start + dt.timedelta(hours=71), tick=False)
    phone = contact_reveal(item=item, actor=department_user)

    assert phone == phone_of(citizen_user)
    event = AuditEvent.objects.get(action="suggestion.contact.reveal")
    assert event.detail["reason"] == "电话回访"
    assert phone not in str(event.detail)
    assert item.steps.get(action="contact_reveal").note == "电话回访"

    time_machine.move_to(start + dt.timedelta(hours=72), tick=False)
    with refused(item, match="没有有效的联系方式授权"):
        contact_reveal(item=item, actor=department_user)


def test_it_grants_a_partner(
    campaign, citizen_user, office_user, department_user, other_department_user
):
    partner = other_department_user.department
    _, item = make_assigned(
        campaign, citizen_user, department_user.department, partners=[partner]
    )
    contact_grant(item=item, department=partner, actor=office_user, reason="回访")

    assert contact_reveal(item=item, actor=other_department_user) == phone_of(
        citizen_user
    )
    with refused(item, match="没有有效的联系方式授权"):
        contact_reveal(item=item, actor=department_user)


def test_it_refuses_without_a_grant(campaign, citizen_user, department_user):
    _, item = make_assigned(campaign, citizen_user, department_user.department)

    with refused(item, match="没有有效的联系方式授权"):
        contact_reveal(item=item, actor=department_user)


def test_it_refuses_other_departments_and_roles(
    campaign, citizen_user, office_user, department_user, other_department_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)
    contact_grant(
        item=item,
        department=department_user.department,
        actor=office_user,
        reason="回访",
    )

    with refused(item, match="主办或协办单位"):
        contact_reveal(item=item, actor=other_department_user)
    for actor in (office_user, citizen_user):
        with refused(item, match="承办部门"):
            contact_reveal(item=item, actor=actor)


def test_it_refuses_grants_badly_made(
    campaign, citizen_user, office_user, department_user, other_department_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)
    own = department_user.department

    with refused(item, match="只能授权该事项的主办或协办单位"):
        contact_grant(
            item=item,
            department=other_department_user.department,
            actor=office_user,
            reason="回访",
        )
    with refused(item, match="市政府办公厅"):
        contact_grant(item=item, department=own, actor=department_user, reason="回访")
    with refused(item, match="请填写授权理由"):
        contact_grant(item=item, department=own, actor=office_user, reason="")
    with refused(item, match="手机号码"):
        contact_grant(
            item=item, department=own, actor=office_user, reason="拨打13800001111"
        )


def test_it_refuses_a_department_no_longer_handling(
    campaign, citizen_user, office_user, department_user, other_department_user
):
    own = department_user.department
    _, item = make_assigned(campaign, citizen_user, own)
    contact_grant(item=item, department=own, actor=office_user, reason="回访")
    item_reassign_request(item=item, actor=department_user, reason="职责不符")
    item_reassign(
        item=item,
        actor=office_user,
        lead=other_department_user.department,
        deadline=timezone.now() + dt.timedelta(days=3),
    )

    with refused(item, match="主办或协办单位"):
        contact_reveal(item=item, actor=department_user)


def test_it_refuses_when_the_submitter_left_no_phone(
    campaign, citizen_user, office_user, department_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)
    contact_grant(
        item=item,
        department=department_user.department,
        actor=office_user,
        reason="回访",
    )
    citizen_user.phone_cipher = ""
    citizen_user.save(update_fields=["phone_cipher"])

    with refused(item, match="未留有效的手机号码"):
        contact_reveal(item=item, actor=department_user)


def test_it_is_not_granted_for_an_unknown_department(
    campaign, citizen_user, office_user, department_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)
    stranger = Department.objects.exclude(pk=department_user.department.pk)[0]

    with refused(item, match="只能授权"):
        contact_grant(item=item, department=stranger, actor=office_user, reason="回访")
