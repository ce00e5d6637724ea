"""Representatives ask directors questions; the office moderates; departments read the
listed ones without knowing who asked."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.reporting.models import RepresentativeQuestion
from sanmin.reporting.services import QUESTIONS_PER_ASKER
from sanmin.reporting.tests.conftest import audit_actions, citizen_client, staff_client

pytestmark = pytest.mark.django_db


def _ask(client, participant, text="学校周边交通拥堵什么时候能解决？", **extra):
    return client.post(
        reverse("reporting:question-ask", args=[participant.pk]),
        {"text": text, **extra},
    )


def _moderate(user, question, decision):
    return staff_client(user).post(
        reverse("reporting:manage-question-moderate", args=[question.pk]),
        {"decision": decision},
    )


@pytest.fixture
def question(representative, participant) -> RepresentativeQuestion:
    _ask(citizen_client(representative), participant)
    return RepresentativeQuestion.objects.get()


def test_it_takes_a_representatives_question(representative, participant) -> None:
    client = citizen_client(representative)
    back = reverse("reporting:department", args=[participant.pk])
    response = _ask(client, participant, next=back)
    assert response.status_code == 302
    assert response["Location"] == back
    question = RepresentativeQuestion.objects.get()
    assert question.status == RepresentativeQuestion.Status.PENDING
    assert question.asker == representative
    assert question.participant == participant
    assert len(audit_actions("question.ask")) == 1


def test_it_does_not_redirect_off_site(representative, participant) -> None:
    response = _ask(
        citizen_client(representative), participant, next="https://evil.example/"
    )
    assert response["Location"] == reverse(
        "reporting:department", args=[participant.pk]
    )


def test_it_refuses_a_citizen_who_is_not_a_representative(citizen, participant) -> None:
    response = _ask(citizen_client(citizen), participant)
    assert response.status_code == 403
    assert not RepresentativeQuestion.objects.exists()
    denial = AuditEvent.objects.get(action="access.denied")
    assert denial.detail == {"reason": "not-representative"}


def test_it_refuses_staff_and_sends_anonymous_to_sign_in(
    office_staff, participant
) -> None:
    assert _ask(staff_client(office_staff), participant).status_code == 403
    assert _ask(Client(), participant).status_code == 302
    assert not RepresentativeQuestion.objects.exists()


def test_it_refuses_internal_departments(representative, campaign) -> None:
    internal = campaign.participants.filter(internal=True).first()
    assert _ask(citizen_client(representative), internal).status_code == 404


def test_it_refuses_an_empty_or_long_question_in_chinese(
    representative, participant
) -> None:
    client = citizen_client(representative)
    empty = _ask(client, participant, text="  ")
    assert empty.status_code == 400
    assert "请填写问题内容" in empty.text
    long = _ask(client, participant, text="问" * 501)
    assert long.status_code == 400
    assert "不能超过 500 个字（现有 501 个）" in long.text
    assert not RepresentativeQuestion.objects.exists()


def test_it_limits_questions_per_representative_and_department(
    representative, participant
) -> None:
    client = citizen_client(representative)
    for number in range(QUESTIONS_PER_ASKER):
        assert _ask(client, participant, text=f"问题{number}").status_code == 302
    response = _ask(client, participant, text="再问一个")
    assert response.status_code == 400
    assert f"最多提交 {QUESTIONS_PER_ASKER} 个问题" in response.text


def test_it_moderates_a_question_once(office_staff, question) -> None:
    response = staff_client(office_staff).get(reverse("reporting:manage-questions"))
    assert "学校周边交通拥堵" in response.text
    assert "rep-zhang" not in response.text
    assert _moderate(office_staff, question, "listed").status_code == 302
    question.refresh_from_db()
    assert question.status == RepresentativeQuestion.Status.LISTED
    assert question.moderator == office_staff
    again = staff_client(office_staff).post(
        reverse("reporting:manage-question-moderate", args=[question.pk]),
        {"decision": "declined"},
        follow=True,
    )
    assert "该问题已审核（已采纳），不能重复审核" in again.text
    question.refresh_from_db()
    assert question.status == RepresentativeQuestion.Status.LISTED
    assert len(audit_actions("question.moderate")) == 1


def test_it_declines_a_question(office_staff, question) -> None:
    _moderate(office_staff, question, "declined")
    question.refresh_from_db()
    assert question.status == RepresentativeQuestion.Status.DECLINED


def test_it_refuses_an_unknown_decision(office_staff, question) -> None:
    _moderate(office_staff, question, "maybe")
    question.refresh_from_db()
    assert question.status == RepresentativeQuestion.Status.PENDING


def test_it_refuses_moderation_to_departments(department_staff, question) -> None:
    assert _moderate(department_staff, question, "listed").status_code == 403
    question.refresh_from_db()
    assert question.status == RepresentativeQuestion.Status.PENDING


def test_it_shows_the_department_listed_questions_without_the_asker(
    office_staff, department_staff, representative, participant, question
) -> None:
    client = citizen_client(representative)
    _ask(client, participant, text="这个问题不会被采纳")
    declined = RepresentativeQuestion.objects.get(text="这个问题不会被采纳")
    _moderate(office_staff, question, "listed")
    _moderate(office_staff, declined, "declined")
    response = staff_client(department_staff).get(
        reverse("reporting:manage-interview-topics", args=[participant.pk])
    )
    assert response.status_code == 200
    assert "学校周边交通拥堵" in response.text
    assert "这个问题不会被采纳" not in response.text
    for identity in ("rep-zhang", "测试市民101", representative.id_masked):
        assert identity not in response.text


def test_it_refuses_another_departments_questions(
    other_department_staff, participant
) -> None:
    response = staff_client(other_department_staff).get(
        reverse("reporting:manage-interview-topics", args=[participant.pk])
    )
    assert response.status_code == 403


def test_it_renders_the_ask_form_include(representative, participant) -> None:
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/departments/1/")
    request.user = representative
    html = render_to_string(
        "reporting/staff/_ask_form.html",
        {"participant": participant, "can_ask": True},
        request=request,
    )
    assert reverse("reporting:question-ask", args=[participant.pk]) in html
    assert 'name="next" value="/departments/1/"' in html
