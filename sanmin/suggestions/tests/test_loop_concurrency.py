"""Double transitions: a second request made from a stale page (the same object
loaded before the first one acted) is refused by the locked, fresh row and changes
nothing."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from sanmin.notifications.models import Message
from sanmin.suggestions.models import Item, ItemStatus, Status, Suggestion
from sanmin.suggestions.services.loop import (
    ItemPlan,
    item_answer_approve,
    item_answer_return,
    item_answer_submit,
    items_assign,
    satisfaction_rate,
    suggestion_accept,
    suggestion_decline,
    suggestions_publish,
)
from sanmin.suggestions.tests.suggestion_helpers import (
    ANSWER,
    make_answered,
    make_assigned,
    make_suggestion,
    refused,
)


def stale(obj):
    return type(obj).objects.get(pk=obj.pk)


def test_it_refuses_a_decline_after_an_accept(campaign, citizen_user, office_user):
    case = make_suggestion(campaign, citizen_user)
    page_a, page_b = stale(case), stale(case)

    suggestion_accept(suggestion=page_a, actor=office_user)

    assert page_b.status == Status.SUBMITTED
    with refused(case, match="只能受理待受理"):
        suggestion_decline(suggestion=page_b, actor=office_user, reason="重复")
    with refused(case, match="已受理"):
        suggestion_accept(suggestion=page_b, actor=office_user)


def test_it_refuses_a_second_assignment_of_a_stale_accepted_case(
    campaign, citizen_user, office_user, department_user
):
    case, _ = make_assigned(campaign, citizen_user, department_user.department)
    Suggestion.objects.filter(pk=case.pk).update(status=Status.ANSWERED)
    page = stale(case)
    page.status = Status.ACCEPTED  # as the stale page saw it

    with refused(case, match="只能交办"):
        items_assign(
            suggestion=page,
            actor=office_user,
            plans=[ItemPlan(summary="事项", lead=department_user.department)],
        )


def test_it_refuses_a_return_after_an_approval(
    campaign, citizen_user, office_user, department_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)
    item_answer_submit(item=item, actor=department_user, answer=ANSWER)
    page_a, page_b = stale(item), stale(item)

    item_answer_approve(item=page_a, actor=office_user)

    assert page_b.status == ItemStatus.SUBMITTED
    with refused(item, match="只能审核待审"):
        item_answer_return(item=page_b, actor=office_user, comment="请修改")
    with refused(item, match="只能审核待审"):
        item_answer_approve(item=page_b, actor=office_user)
    assert Item.objects.get(pk=item.pk).status == ItemStatus.APPROVED


def test_it_refuses_a_second_rating_and_publication(
    campaign, citizen_user, office_user, department_user
):
    case, _ = make_answered(campaign, citizen_user, department_user.department)
    page_a, page_b = stale(case), stale(case)

    satisfaction_rate(suggestion=page_a, user=citizen_user, level="satisfied")
    suggestions_publish(
        suggestions=[page_a], actor=office_user, title="答", answer="答"
    )

    with refused(case, match="已评价过"):
        satisfaction_rate(suggestion=page_b, user=citizen_user, level="basic")
    with refused(case, match="只能公开"):
        suggestions_publish(
            suggestions=[page_b], actor=office_user, title="答", answer="答"
        )


@pytest.mark.django_db(transaction=True)
def test_it_lets_one_of_two_simultaneous_acts_through(
    campaign, citizen_user, office_user
):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    case = make_suggestion(campaign, citizen_user)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(service, **kwargs) -> None:
        try:
            barrier.wait()
            service(suggestion=stale(case), actor=office_user, **kwargs)
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(suggestion_accept,)),
        threading.Thread(
            target=act, args=(suggestion_decline,), kwargs={"reason": "重复"}
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["done", "refused"]
    case.refresh_from_db()
    assert case.steps.filter(action__in=["accept", "decline"]).count() == 1
    assert Message.objects.filter(params__tracking=case.number).count() == 2
