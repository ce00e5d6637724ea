"""A volunteer may withdraw their sign-up until either review body has decided."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.accounts.models import User
from sanmin.accounts.tests.fixtures import verified_client
from sanmin.audit.models import AuditEvent
from sanmin.representatives.models import Candidate
from sanmin.representatives.services.reviews import candidates_review
from sanmin.representatives.tests.intake_helpers import SIGNUP, signup_data

pytestmark = pytest.mark.django_db
WITHDRAW = reverse("representatives:signup-withdraw")


@pytest.fixture
def citizen(campaign: Any, citizen_user: User) -> Client:
    client = verified_client(citizen_user)
    assert client.post(SIGNUP, signup_data()).status_code == 302
    return client


def test_a_volunteer_withdraws_before_the_review(citizen: Client) -> None:
    pk = Candidate.objects.get().pk
    assert "撤回报名" in citizen.get(SIGNUP).content.decode()
    response = citizen.post(WITHDRAW)
    assert response.status_code == 302
    assert not Candidate.objects.exists()
    event = AuditEvent.objects.get(action="candidate.withdraw")
    assert event.object_id == str(pk)
    # And may sign up again.
    assert citizen.post(SIGNUP, signup_data()).status_code == 302


def test_no_withdrawal_once_a_body_has_decided(
    citizen: Client, campaign: Any, reviewer_user: User
) -> None:
    candidate = Candidate.objects.get()
    candidates_review(
        campaign=campaign,
        candidate_ids=[candidate.pk],
        reviewer=reviewer_user,
        decision="passed",
    )
    assert "撤回报名" not in citizen.get(SIGNUP).content.decode()
    response = citizen.post(WITHDRAW, follow=True)
    assert "资格审查已开始，报名不能再撤回" in response.content.decode()
    assert Candidate.objects.filter(pk=candidate.pk).exists()


def test_nothing_to_withdraw(campaign: Any, cast: Any) -> None:
    response = cast.client("representative").post(WITHDRAW, follow=True)
    assert "您没有可撤回的报名" in response.content.decode()
