"""The review panel: chosen by the office from staff (never department staff);
panelists see the nominations and never who submitted them."""

from __future__ import annotations

from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.suggestions.models import Panelist
from sanmin.suggestions.services.excellence import (
    panelist_add,
    panelist_remove,
    suggestion_nominate,
)
from sanmin.suggestions.tests.excellence_helpers import (
    nominated,
    panel_of,
    score_all,
    unchanged,
)
from sanmin.suggestions.tests.suggestion_helpers import make_answered


def test_it_adds_and_removes_panelists(campaign, office_user, reviewer_user):
    panelist = panelist_add(campaign=campaign, user=reviewer_user, actor=office_user)
    assert list(Panelist.objects.values_list("user", flat=True)) == [reviewer_user.pk]

    panelist_remove(panelist=panelist, actor=office_user)

    assert not Panelist.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"excellence.panelist_add", "excellence.panelist_remove"} <= actions


def test_it_refuses_who_may_not_sit_or_choose(
    campaign, office_user, department_user, citizen_user, statistics_user
):
    with unchanged(match="部门工作人员不能担任"):
        panelist_add(campaign=campaign, user=department_user, actor=office_user)
    with unchanged(match="部门工作人员不能担任"):
        panelist_add(campaign=campaign, user=citizen_user, actor=office_user)
    with unchanged(match="市政府办公厅"):
        panelist_add(campaign=campaign, user=office_user, actor=statistics_user)
    panelist_add(campaign=campaign, user=statistics_user, actor=office_user)
    with unchanged(match="已在评审专家名单中"):
        panelist_add(campaign=campaign, user=statistics_user, actor=office_user)


def test_it_keeps_a_panelist_who_has_scored(
    campaign, citizen_user, department_user, office_user, statistics_user
):
    nomination = nominated(campaign, citizen_user, department_user.department)
    [panelist] = panel_of(campaign, statistics_user)
    score_all(nomination, statistics_user, 5)

    with unchanged(panelist, match="已评分"):
        panelist_remove(panelist=panelist, actor=office_user)
    with unchanged(panelist, match="市政府办公厅"):
        panelist_remove(panelist=panelist, actor=statistics_user)


def test_it_manages_the_panel_on_the_excellence_page(
    campaign, client_as, reviewer_user, department_user
):
    client = client_as("office")
    page = client.get(reverse("suggestions:excellence")).content.decode()
    assert f'value="{reviewer_user.pk}"' in page
    assert f'value="{department_user.pk}"' not in page

    client.post(
        reverse("suggestions:excellence"),
        {"action": "panel-add", "user": reviewer_user.pk},
    )
    panelist = Panelist.objects.get(user=reviewer_user)
    refused = client.post(
        reverse("suggestions:excellence"),
        {"action": "panel-add", "user": department_user.pk},
    )
    assert refused.status_code == 400
    client.post(
        reverse("suggestions:excellence"),
        {"action": "panel-remove", "panelist": panelist.pk},
    )
    assert not Panelist.objects.exists()


def test_it_shows_the_panel_the_case_without_the_submitter(
    campaign, citizen_user, department_user, office_user, client_as, reviewer_user
):
    case, _item = make_answered(campaign, citizen_user, department_user.department)
    case.show_name = True
    case.save(update_fields=["show_name"])
    nomination = suggestion_nominate(suggestion=case, actor=office_user, reason="好")
    panel_of(campaign, reviewer_user)
    client = client_as("reviewer")

    listing = client.get(reverse("suggestions:panel")).content.decode()
    detail = client.get(reverse("suggestions:score", args=[nomination.pk]))
    body = detail.content.decode()

    assert case.title in listing
    assert "经研究，我局已将该路段纳入明年停车设施建设计划" in body
    for page in (listing, body):
        assert citizen_user.display_name not in page
        assert case.number not in page


def test_it_refuses_the_panel_to_others(
    campaign, citizen_user, department_user, client_as
):
    nomination = nominated(campaign, citizen_user, department_user.department)
    client = client_as("statistics")

    assert client.get(reverse("suggestions:panel")).status_code == 403
    url = reverse("suggestions:score", args=[nomination.pk])
    assert client.get(url).status_code == 403
    assert client_as("department").get(url).status_code == 403
