"""Nominating a case: the office, answered cases only, once, with a reason."""

from __future__ import annotations

from django.urls import reverse

from sanmin.suggestions.models import Nomination, Step
from sanmin.suggestions.services.excellence import suggestion_nominate
from sanmin.suggestions.tests.excellence_helpers import unchanged
from sanmin.suggestions.tests.suggestion_helpers import (
    make_accepted,
    make_answered,
    make_published,
)


def test_it_nominates_answered_and_published_cases(
    campaign, citizen_user, department_user, office_user
):
    answered, _ = make_answered(campaign, citizen_user, department_user.department)
    published = make_published(campaign, citizen_user, department_user.department)

    for case in (answered, published):
        nomination = suggestion_nominate(
            suggestion=case, actor=office_user, reason="措施可行"
        )
        assert nomination.suggestion == case
        assert nomination.tier == ""
    step = Step.objects.filter(action="nominate").first()
    assert step is not None and not step.public


def test_it_refuses_wrong_state_role_and_reason(
    campaign, citizen_user, department_user, office_user, statistics_user
):
    accepted = make_accepted(campaign, citizen_user)
    with unchanged(accepted, match="答复后才能推荐"):
        suggestion_nominate(suggestion=accepted, actor=office_user, reason="好")
    case, _ = make_answered(campaign, citizen_user, department_user.department)
    with unchanged(case, match="市政府办公厅"):
        suggestion_nominate(suggestion=case, actor=statistics_user, reason="好")
    with unchanged(case, match="请填写推荐理由"):
        suggestion_nominate(suggestion=case, actor=office_user, reason="  ")
    with unchanged(case, match="不能超过 300"):
        suggestion_nominate(suggestion=case, actor=office_user, reason="好" * 301)
    suggestion_nominate(suggestion=case, actor=office_user, reason="好")
    with unchanged(case, match="已推荐"):
        suggestion_nominate(suggestion=case, actor=office_user, reason="再次")


def test_it_nominates_through_the_pages(
    campaign, citizen_user, department_user, client_as
):
    case, _ = make_answered(campaign, citizen_user, department_user.department)
    client = client_as("office")

    found = client.get(
        reverse("suggestions:excellence"), {"go": "nominate", "number": case.number}
    )
    assert found.url == reverse("suggestions:nominate", args=[case.number])
    url = reverse("suggestions:nominate", args=[case.number])
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "<script>x</script>针对性强"})

    nomination = Nomination.objects.get()
    assert nomination.reason == "<script>x</script>针对性强"
    page = client.get(url).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;针对性强" in page
    ranking = client.get(reverse("suggestions:excellence")).content.decode()
    assert case.title in ranking


def test_it_says_why_a_case_cannot_be_nominated(campaign, citizen_user, client_as):
    case = make_accepted(campaign, citizen_user)
    client = client_as("office")
    url = reverse("suggestions:nominate", args=[case.number])

    assert "答复后才能推荐" in client.get(url).content.decode()
    refused = client.post(url, {"reason": "好"})
    assert refused.status_code == 400
    assert not Nomination.objects.exists()
