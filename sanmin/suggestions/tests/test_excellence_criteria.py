"""Scoring criteria: the plan's three on first use, editable by the office until
the first score."""

from __future__ import annotations

from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.suggestions.models import Criterion
from sanmin.suggestions.services.excellence import (
    CriterionChange,
    criteria_ensure,
    criteria_update,
)
from sanmin.suggestions.tests.excellence_helpers import (
    nominated,
    panel_of,
    score_all,
    unchanged,
)


def _changes(criteria, **overrides):
    return [
        CriterionChange(
            criterion_id=c.pk,
            label=overrides.get("label", c.label) if i == 0 else c.label,
            max_points=overrides.get("max_points", c.max_points) if i == 0 else 10,
            order=c.order,
        )
        for i, c in enumerate(criteria)
    ]


def test_it_creates_the_plans_criteria_once(campaign):
    criteria = criteria_ensure(campaign=campaign)

    assert [(c.label, c.max_points) for c in criteria] == [
        ("针对性", 10),
        ("参考价值", 10),
        ("可操作性", 10),
    ]
    assert criteria_ensure(campaign=campaign) == criteria
    assert Criterion.objects.count() == 3


def test_it_lets_the_office_edit_them(campaign, office_user):
    criteria = criteria_ensure(campaign=campaign)

    criteria_update(
        campaign=campaign,
        actor=office_user,
        changes=[
            CriterionChange(criteria[0].pk, "问题针对性", 20, 3),
            CriterionChange(criteria[1].pk, "参考价值", 15, 1),
            CriterionChange(criteria[2].pk, "可操作性", 10, 2),
        ],
    )

    assert [(c.label, c.max_points) for c in Criterion.objects.order_by("order")] == [
        ("参考价值", 15),
        ("可操作性", 10),
        ("问题针对性", 20),
    ]
    assert AuditEvent.objects.filter(action="excellence.criteria_update").exists()


def test_it_refuses_bad_values_and_other_roles(campaign, office_user, statistics_user):
    criteria = criteria_ensure(campaign=campaign)
    cases = [
        (office_user, _changes(criteria, label=" "), "名称须为"),
        (office_user, _changes(criteria, max_points=0), "满分须在"),
        (office_user, _changes(criteria, max_points=101), "满分须在"),
        (office_user, _changes(criteria, label="参考价值"), "不能重复"),
        (office_user, _changes(criteria)[:2], "刷新"),
        (statistics_user, _changes(criteria), "市政府办公厅"),
    ]
    for actor, changes, match in cases:
        with unchanged(*criteria, match=match):
            criteria_update(campaign=campaign, actor=actor, changes=changes)


def test_it_refuses_changes_once_scored(
    campaign, citizen_user, department_user, office_user, statistics_user
):
    nomination = nominated(campaign, citizen_user, department_user.department)
    panel_of(campaign, statistics_user)
    score_all(nomination, statistics_user, 7)
    criteria = list(Criterion.objects.all())

    with unchanged(*criteria, match="已有评审专家评分"):
        criteria_update(
            campaign=campaign,
            actor=office_user,
            changes=_changes(criteria, max_points=20),
        )


def test_it_edits_them_on_the_excellence_page(campaign, client_as):
    client = client_as("office")
    page = client.get(reverse("suggestions:excellence"))
    assert "针对性" in page.content.decode()
    criteria = list(Criterion.objects.order_by("order"))
    data = {"action": "criteria"}
    for c in criteria:
        data.update(
            {
                f"label_{c.pk}": c.label,
                f"max_{c.pk}": "10",
                f"order_{c.pk}": str(c.order),
            }
        )
    data[f"max_{criteria[0].pk}"] = "30"

    client.post(reverse("suggestions:excellence"), data)
    assert Criterion.objects.get(pk=criteria[0].pk).max_points == 30

    data[f"max_{criteria[0].pk}"] = "abc"
    refused = client.post(reverse("suggestions:excellence"), data)
    assert refused.status_code == 400
    assert Criterion.objects.get(pk=criteria[0].pk).max_points == 30
