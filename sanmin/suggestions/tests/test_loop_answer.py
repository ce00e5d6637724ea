"""答复: the lead department submits its answer; the office returns it with a
comment or approves it; the last approved item answers the case and texts the
submitter the rating link."""

from __future__ import annotations

from sanmin.notifications.models import Message
from sanmin.suggestions.models import ItemStatus, Status
from sanmin.suggestions.services.loop import (
    ItemPlan,
    item_answer_approve,
    item_answer_return,
    item_answer_submit,
    item_reassign_request,
    items_assign,
)
from sanmin.suggestions.tests.suggestion_helpers import (
    ANSWER,
    make_answered,
    make_assigned,
    refused,
)


def test_it_submits_returns_and_approves(
    campaign, citizen_user, office_user, department_user
):
    case, item = make_assigned(campaign, citizen_user, department_user.department)

    item_answer_submit(
        item=item, actor=department_user, answer="初稿：正在研究此事的办法"
    )
    assert (item.status, item.answer) == (
        ItemStatus.SUBMITTED,
        "初稿：正在研究此事的办法",
    )
    assert item.answered_at is not None

    item_answer_return(item=item, actor=office_user, comment="请写明办理时限")
    assert (item.status, item.review_comment) == (
        ItemStatus.RETURNED,
        "请写明办理时限",
    )

    item_answer_submit(item=item, actor=department_user, answer=ANSWER)
    item_answer_approve(item=item, actor=office_user)

    assert item.status == ItemStatus.APPROVED
    assert item.approved_at is not None
    case.refresh_from_db()
    assert case.status == Status.ANSWERED
    assert case.answered_at == item.approved_at
    step = case.steps.get(action="answer")
    assert (step.label, step.public, step.note) == ("已答复", True, ANSWER)
    assert [s.action for s in item.steps.all()][-4:] == [
        "item_answer_submit",
        "item_answer_return",
        "item_answer_submit",
        "item_answer_approve",
    ]


def test_it_answers_the_case_only_with_every_item_approved(
    campaign, citizen_user, office_user, department_user, other_department_user
):
    case, first = make_assigned(campaign, citizen_user, department_user.department)
    [second] = items_assign(
        suggestion=case,
        actor=office_user,
        plans=[ItemPlan(summary="第二项", lead=other_department_user.department)],
    )
    item_answer_submit(item=first, actor=department_user, answer=ANSWER)
    item_answer_approve(item=first, actor=office_user)

    case.refresh_from_db()
    assert case.status == Status.ASSIGNED
    assert not Message.objects.filter(template="suggestion_answered").exists()

    item_answer_submit(item=second, actor=other_department_user, answer=ANSWER)
    item_answer_approve(item=second, actor=office_user)

    case.refresh_from_db()
    assert case.status == Status.ANSWERED
    assert Message.objects.filter(template="suggestion_answered").count() == 1


def test_it_refuses_an_answer_too_short_or_too_long(
    campaign, citizen_user, department_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)

    with refused(item, match="不能少于 10"):
        item_answer_submit(item=item, actor=department_user, answer=" 已办理 ")
    with refused(item, match="不能超过 5000"):
        item_answer_submit(item=item, actor=department_user, answer="答" * 5001)


def test_it_refuses_an_answer_from_others(
    campaign, citizen_user, office_user, department_user, other_department_user
):
    _, item = make_assigned(
        campaign,
        citizen_user,
        department_user.department,
        partners=[other_department_user.department],
    )

    with refused(item, match="主办单位"):
        item_answer_submit(item=item, actor=other_department_user, answer=ANSWER)
    with refused(item, match="承办部门"):
        item_answer_submit(item=item, actor=office_user, answer=ANSWER)


def test_it_refuses_an_answer_in_the_wrong_state(
    campaign, citizen_user, department_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)
    item_reassign_request(item=item, actor=department_user, reason="职责不符")

    with refused(item, match="不能提交答复"):
        item_answer_submit(item=item, actor=department_user, answer=ANSWER)


def test_it_refuses_a_review_of_no_submitted_answer(
    campaign, citizen_user, office_user, department_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)

    with refused(item, match="只能审核待审"):
        item_answer_approve(item=item, actor=office_user)
    with refused(item, match="只能审核待审"):
        item_answer_return(item=item, actor=office_user, comment="请修改")


def test_it_refuses_a_review_by_others_or_without_comment(
    campaign, citizen_user, office_user, department_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)
    item_answer_submit(item=item, actor=department_user, answer=ANSWER)

    with refused(item, match="市政府办公厅"):
        item_answer_approve(item=item, actor=department_user)
    with refused(item, match="市政府办公厅"):
        item_answer_return(item=item, actor=department_user, comment="请修改")
    with refused(item, match="请填写退回意见"):
        item_answer_return(item=item, actor=office_user, comment=" ")


def test_it_refuses_a_second_approval(
    campaign, citizen_user, office_user, department_user
):
    case, item = make_answered(campaign, citizen_user, department_user.department)

    with refused(case, item, match="只能审核待审"):
        item_answer_approve(item=item, actor=office_user)
