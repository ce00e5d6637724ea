"""Downloading an attachment: the submitter, the office and the departments handling
the case; everyone else gets 404; always as a download, never sniffed."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.accounts.tests.fixtures import make_citizen, verified_client
from sanmin.suggestions.services.loop import ItemPlan, items_assign, suggestion_accept
from sanmin.suggestions.tests.citizen_helpers import PNG, assign, submit, upload

CONTENT = PNG + b"download-me"


@pytest.fixture
def case(campaign: Any, citizen_user: Any) -> Any:
    return submit(
        user=citizen_user,
        campaign=campaign,
        files=(upload("现场照片.png", CONTENT),),
    )


def _url(case: Any) -> str:
    return reverse("suggestions:attachment", args=[case.attachments.get().pk])


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_it_serves_the_submitter_a_download(case: Any, citizen_user: Any) -> None:
    response = verified_client(citizen_user).get(_url(case))
    assert response.status_code == 200
    assert _body(response) == CONTENT
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E7%8E%B0" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_it_serves_the_office_without_the_original_name(
    case: Any, office_user: Any
) -> None:
    response = verified_client(office_user).get(_url(case))
    assert response.status_code == 200
    assert _body(response) == CONTENT
    pk = case.attachments.get().pk
    expected = quote(f"{case.number}-附件{pk}.png")
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{expected}"


def test_it_serves_the_lead_department_once_assigned(
    case: Any, office_user: Any, department_user: Any
) -> None:
    client = verified_client(department_user)
    assert client.get(_url(case)).status_code == 404
    assign(suggestion=case, office=office_user, department=department_user.department)
    assert client.get(_url(case)).status_code == 200


def test_it_serves_a_partner_department_but_not_another(
    case: Any,
    campaign: Any,
    office_user: Any,
    department_user: Any,
    other_department_user: Any,
) -> None:
    suggestion_accept(suggestion=case, actor=office_user)
    case.refresh_from_db()
    third = campaign.participants.filter(internal=False)[2].department
    items_assign(
        suggestion=case,
        actor=office_user,
        plans=[
            ItemPlan(
                summary="协办",
                lead=third,
                partners=[department_user.department],
            )
        ],
    )
    assert verified_client(department_user).get(_url(case)).status_code == 200
    assert verified_client(other_department_user).get(_url(case)).status_code == 404


@pytest.mark.parametrize("role", ["district", "statistics", "supervisor", "operator"])
def test_it_hides_it_from_other_staff(
    case: Any, role: str, request: pytest.FixtureRequest
) -> None:
    staff = request.getfixturevalue(f"{role}_user")
    assert verified_client(staff).get(_url(case)).status_code == 404


def test_it_hides_it_from_another_citizen_and_anonymous(case: Any) -> None:
    other = make_citizen(serial=77)
    assert verified_client(other).get(_url(case)).status_code == 404
    assert Client().get(_url(case)).status_code == 404


def test_it_hides_it_from_an_office_user_without_second_factor(
    case: Any, office_user: Any
) -> None:
    client = Client()
    client.force_login(office_user)
    assert client.get(_url(case)).status_code == 404


def test_it_answers_404_for_an_unknown_attachment(citizen_user: Any) -> None:
    url = reverse("suggestions:attachment", args=[999999])
    assert verified_client(citizen_user).get(url).status_code == 404
