from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.accounts.models import Role, User
from sanmin.audit.models import AuditEvent, Outcome
from sanmin.identity.models import ConsumedTicket, SimulatedPerson
from sanmin.identity.tests.conftest import LI_ID, WANG_ID, callback_url_for

pytestmark = pytest.mark.django_db


def test_it_signs_a_citizen_in_through_the_simulator(
    client: Client, wang: SimulatedPerson
) -> None:
    callback = callback_url_for(client, wang)
    assert callback.startswith("http://testserver/identity/callback/?")

    response = client.get(callback, follow=True)

    assert response.redirect_chain[-1][0] == "/identity/signed-in/"
    page = response.content.decode()
    assert "王演示" in page
    assert "3702**********" in page
    assert "演示数据" in page
    user = User.objects.get(role=Role.CITIZEN)
    assert user.username.startswith("ash-")
    assert user.idp_subject == wang.subject
    assert user.verification_level == 3
    assert user.synthetic
    assert not user.has_usable_password()
    assert user.id_masked.endswith(WANG_ID[-4:])
    assert user.phone_masked == "138****1234"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert ConsumedTicket.objects.count() == 1
    event = AuditEvent.objects.get(action="identity.login")
    assert event.outcome == Outcome.SUCCESS
    assert event.actor_id == user.pk
    assert event.detail["provider"] == "simulator"


def test_it_redirects_to_a_safe_next_page(
    client: Client, wang: SimulatedPerson
) -> None:
    callback = callback_url_for(client, wang, next_url="/care-about-this/")
    assert client.get(callback)["Location"] == "/care-about-this/"


def test_it_ignores_an_offsite_next_page(client: Client, wang: SimulatedPerson) -> None:
    callback = callback_url_for(client, wang, next_url="https://evil.example/")
    assert client.get(callback)["Location"] == "/identity/signed-in/"


def test_it_updates_the_same_citizen_on_the_next_sign_in(
    client: Client, wang: SimulatedPerson
) -> None:
    client.get(callback_url_for(client, wang))
    client.post(reverse("identity:logout"))
    client.get(callback_url_for(client, wang))
    assert User.objects.filter(role=Role.CITIZEN).count() == 1
    assert ConsumedTicket.objects.count() == 2


def test_it_lists_synthetic_people_marked_as_demo_data(
    client: Client, wang: SimulatedPerson
) -> None:
    start = client.get(reverse("identity:start"))
    page = client.get(start["Location"]).content.decode()
    assert "王演示" in page
    assert "演示数据" in page
    assert WANG_ID not in page


def test_it_creates_a_synthetic_person_from_a_typed_id(client: Client) -> None:
    client.get(client.get(reverse("identity:start"))["Location"])
    response = client.post(
        reverse("identity:simulator-login"),
        {"id_number": LI_ID, "name": "", "verification_level": "3"},
    )
    assert response["Location"] == reverse("identity:simulator-face")
    person = SimulatedPerson.objects.get()
    assert person.name == "演示市民"
    assert person.synthetic


def test_it_refuses_an_invalid_typed_id(client: Client) -> None:
    client.get(client.get(reverse("identity:start"))["Location"])
    response = client.post(
        reverse("identity:simulator-login"),
        {"id_number": LI_ID[:-1] + "0", "verification_level": "3"},
    )
    assert response.status_code == 200
    assert "校验位不正确" in response.content.decode()
    assert not SimulatedPerson.objects.exists()


def test_it_issues_no_ticket_before_the_face_scan(
    client: Client, wang: SimulatedPerson
) -> None:
    client.get(client.get(reverse("identity:start"))["Location"])
    client.post(reverse("identity:simulator-login"), {"person": wang.pk})
    response = client.post(reverse("identity:simulator-face"), {"action": "confirm"})
    assert response["Location"] == reverse("identity:simulator-face")
    page = client.get(reverse("identity:simulator-face")).content.decode()
    assert "开始人脸识别" in page


def test_it_refuses_an_unregistered_app_or_return_url(client: Client) -> None:
    login = reverse("identity:simulator-login")
    callback = "http://testserver/identity/callback/?state=x"
    response = client.get(login, {"appMark": "other", "gotoUrl": callback})
    assert response.status_code == 400
    assert "应用标识未登记" in response.content.decode()
    response = client.get(
        login,
        {"appMark": "sanmin", "gotoUrl": "https://evil.example/identity/callback/"},
    )
    assert response.status_code == 400
    assert "回调地址未登记" in response.content.decode()


def test_it_starts_no_new_sign_in_for_a_signed_in_citizen(
    client: Client, wang: SimulatedPerson
) -> None:
    client.get(callback_url_for(client, wang))
    response = client.get(reverse("identity:start"), {"next": "/somewhere/"})
    assert response["Location"] == "/somewhere/"


def test_it_signs_a_citizen_out(client: Client, wang: SimulatedPerson) -> None:
    client.get(callback_url_for(client, wang))
    response = client.post(reverse("identity:logout"))
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="identity.logout").count() == 1
    signed_in = client.get(reverse("identity:signed-in"))
    assert signed_in["Location"].startswith("/identity/start/?next=")
