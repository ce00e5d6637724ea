"""The embargo per role, publication by the office (audited, once, after closing)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sanmin.accounts.tests.fixtures import ROLE_NAMES
from sanmin.audit.models import AuditEvent
from sanmin.surveys.services import builder
from sanmin.surveys.services.results import results_publish
from sanmin.surveys.tests.results_helpers import answered_fixture

BEFORE = {
    "anonymous": 404,
    "citizen": 404,
    "representative": 404,
    "district": 403,
    "reviewer": 403,
    "statistics": 200,
    "office": 403,
    "department": 403,
    "supervisor": 403,
    "operator": 403,
}


@pytest.fixture
def answered(cast: Any) -> Any:
    return answered_fixture(cast.campaign).questionnaire


def _publish(cast: Any, questionnaire: Any) -> Any:
    closed = builder.questionnaire_close(
        questionnaire=questionnaire, actor=cast.user("statistics")
    )
    return results_publish(questionnaire=closed, actor=cast.user("office"))


@pytest.mark.parametrize("page", ["surveys:result", "surveys:summary", "surveys:texts"])
def test_it_shows_unpublished_results_to_statistics_only(
    cast: Any, answered: Any, page: str
) -> None:
    url = reverse(page, kwargs={"pk": answered.pk})
    got = {role: cast.client(role).get(url).status_code for role in ROLE_NAMES}
    assert got == BEFORE


def test_it_shows_the_published_summary_to_everyone(cast: Any, answered: Any) -> None:
    published = _publish(cast, answered)
    url = reverse("surveys:summary", kwargs={"pk": published.pk})
    for role in ROLE_NAMES:
        response = cast.client(role).get(url)
        assert response.status_code == 200, role
        assert "各领域满意率" in response.content.decode()
        # No free text in the public summary.
        assert "路灯太暗" not in response.content.decode()


def test_it_opens_the_full_result_to_office_once_published(
    cast: Any, answered: Any
) -> None:
    url = reverse("surveys:result", kwargs={"pk": answered.pk})
    assert cast.client("office").get(url).status_code == 403
    _publish(cast, answered)
    assert cast.client("office").get(url).status_code == 200
    response = cast.client("department").get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "surveys:summary", kwargs={"pk": answered.pk}
    )
    texts = reverse("surveys:texts", kwargs={"pk": answered.pk})
    assert cast.client("office").get(texts).status_code == 200
    assert cast.client("department").get(texts).status_code == 403
    export = reverse("surveys:export", kwargs={"pk": answered.pk})
    assert cast.client("office").get(export).status_code == 403


def test_it_lists_only_published_results_to_the_public(
    cast: Any, answered: Any
) -> None:
    url = reverse("surveys:results")
    assert "测试代表问卷" in cast.client("statistics").get(url).content.decode()
    for role in ("anonymous", "citizen", "department"):
        assert "测试代表问卷" not in cast.client(role).get(url).content.decode()
    _publish(cast, answered)
    for role in ("anonymous", "citizen", "department"):
        page = cast.client(role).get(url).content.decode()
        assert "测试代表问卷" in page
        assert reverse("surveys:summary", kwargs={"pk": answered.pk}) in page


def test_it_lets_the_office_publish_a_closed_version(cast: Any, answered: Any) -> None:
    closed = builder.questionnaire_close(
        questionnaire=answered, actor=cast.user("statistics")
    )
    office = cast.client("office")
    listing = office.get(reverse("surveys:results")).content.decode()
    assert "公布调查结果" in listing
    response = office.post(reverse("surveys:publish", kwargs={"pk": closed.pk}))
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.results_published_at is not None
    event = AuditEvent.objects.filter(action="survey.results_publish").get()
    assert event.detail["responses"] == 4


def test_it_refuses_to_publish_an_open_or_published_version(
    cast: Any, answered: Any
) -> None:
    with pytest.raises(ValidationError, match="问卷尚未结束"):
        results_publish(questionnaire=answered, actor=cast.user("office"))
    answered.refresh_from_db()
    assert answered.results_published_at is None
    published = _publish(cast, answered)
    with pytest.raises(ValidationError, match="已经公布"):
        results_publish(questionnaire=published, actor=cast.user("office"))


def test_it_refuses_publication_by_statistics(cast: Any, answered: Any) -> None:
    builder.questionnaire_close(questionnaire=answered, actor=cast.user("statistics"))
    url = reverse("surveys:publish", kwargs={"pk": answered.pk})
    assert cast.client("statistics").post(url).status_code == 403
    answered.refresh_from_db()
    assert answered.results_published_at is None
