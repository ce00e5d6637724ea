"""The office allows or stops anonymous answers to a running public survey."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.surveys.models import Questionnaire
from sanmin.surveys.services import builder
from sanmin.surveys.tests.survey_helpers import make_questionnaire


def test_the_office_stops_and_allows_anonymous_answers(
    campaign: Any, client_as: Any
) -> None:
    public = make_questionnaire(campaign)  # open, anonymous allowed
    fill = reverse("surveys:fill", args=[public.pk])
    assert Client().get(fill).status_code == 200

    office = client_as("office")
    page = office.get(reverse("surveys:results")).content.decode()
    assert "停止匿名填写" in page
    office.post(reverse("surveys:anonymous", args=[public.pk]), {"allow": "0"})

    public.refresh_from_db()
    assert public.allow_anonymous is False
    assert Client().get(fill)["Location"].startswith(reverse("identity:start"))
    event = AuditEvent.objects.filter(action="survey.anonymous").get()
    assert event.detail["allow"] is False
    assert event.actor is not None and event.actor.role == "office"

    office.post(reverse("surveys:anonymous", args=[public.pk]), {"allow": "1"})
    assert Questionnaire.objects.get(pk=public.pk).allow_anonymous is True


@pytest.mark.parametrize(
    ("setup", "allow", "message"),
    [
        ("representative", True, "只有公众调查"),
        ("closed", False, "已结束"),
        ("same", True, "已允许匿名填写"),
    ],
)
def test_it_refuses_what_makes_no_sense(
    campaign: Any, setup: str, allow: bool, message: str
) -> None:
    audience = "representative" if setup == "representative" else "public"
    questionnaire = make_questionnaire(campaign, audience=audience)
    if setup == "closed":
        questionnaire = builder.questionnaire_close(
            questionnaire=questionnaire, actor="测试"
        )
    before = Questionnaire.objects.get(pk=questionnaire.pk).allow_anonymous

    with pytest.raises(ValidationError, match=message):
        builder.questionnaire_anonymous_set(
            questionnaire=questionnaire, allow=allow, actor="测试"
        )
    assert Questionnaire.objects.get(pk=questionnaire.pk).allow_anonymous == before
    assert not AuditEvent.objects.filter(action="survey.anonymous").exists()
