"""The office configures the scoring in the admin; results never appear there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse

from sanmin.audit.models import AuditEvent
from sanmin.evaluation.models import TallyRule

pytestmark = pytest.mark.django_db


def test_the_office_sets_the_tally_rule_and_it_is_audited(
    client_as: Callable[[str], Client], cast: Any
) -> None:
    office = client_as("office")
    url = reverse("admin:evaluation_tallyrule_add")
    response = office.post(
        url,
        {
            "campaign": cast.campaign.pk,
            "grades": '[{"grade": "好", "min": "90"}, {"grade": "一般", "min": "60"}]',
            "evaluation_weight": "0.8",
            "satisfied_codes": '["satisfied", "fairly-satisfied"]',
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = TallyRule.objects.get()
    assert rule.satisfied_codes == ["satisfied", "fairly-satisfied"]
    assert AuditEvent.objects.filter(
        action="admin.add", object_type="evaluation.tallyrule"
    ).exists()


def test_a_tally_rule_with_bad_cut_offs_or_codes_is_refused(campaign: Any) -> None:
    rule = TallyRule(
        campaign=campaign,
        grades=[{"grade": "一般", "min": "60"}, {"grade": "好", "min": "90"}],
    )
    with pytest.raises(ValidationError, match="从高到低"):
        rule.full_clean()
    rule = TallyRule(campaign=campaign, satisfied_codes=["unknown"])
    with pytest.raises(ValidationError, match="不是计入有效票的选项"):
        rule.full_clean()


def test_results_ballots_and_participation_are_not_in_the_admin() -> None:
    for model in ("resultset", "ballot", "ballotitem", "participation", "window"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:evaluation_{model}_changelist")
