"""A staff member on the review panel finds the panel on their home page; the
others of their role do not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanmin.accounts.models import User
from sanmin.accounts.tests.fixtures import verified_client
from sanmin.campaigns.models import Campaign
from sanmin.suggestions.tests.excellence_helpers import panel_of

pytestmark = pytest.mark.django_db


def _home(user: User) -> str:
    return verified_client(user).get(reverse("accounts:home")).content.decode()


def test_it_links_the_panel_for_panelists_only(
    campaign: Campaign, statistics_user: User, supervisor_user: User
) -> None:
    panel_of(campaign, statistics_user)

    assert reverse("suggestions:panel") in _home(statistics_user)
    assert reverse("suggestions:panel") not in _home(supervisor_user)
