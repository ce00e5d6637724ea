"""The triage search on many cases: Latin letters fold case, Chinese matches as
typed, and a search counts at most SEARCH_COUNT_CAP matches and says so."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign
from sanmin.suggestions.selectors import triage
from sanmin.suggestions.tests.suggestion_helpers import make_suggestion

URL = reverse("suggestions:triage")


def test_it_folds_case_for_latin_letters_only(
    cast: object, client_as: Callable[[str], Client], campaign: Campaign
) -> None:
    citizen = User.objects.get(username="citizen-1")
    app = make_suggestion(campaign, citizen, title="关于优化爱山东App办事流程的建议")
    other = make_suggestion(campaign, citizen, title="关于增设公共停车位的建议")
    client = client_as("office")

    latin = client.get(URL, {"q": "app"}).content.decode()
    chinese = client.get(URL, {"q": "停车"}).content.decode()

    assert app.number in latin and other.number not in latin
    assert other.number in chinese and app.number not in chinese


def test_it_caps_the_count_of_a_search(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(triage, "SEARCH_COUNT_CAP", 2)
    citizen = User.objects.get(username="citizen-1")
    cases = [
        make_suggestion(campaign, citizen, title=f"关于停车难的建议{n}")
        for n in range(3)
    ]
    client = client_as("office")

    searched = client.get(URL, {"q": "停车"}).content.decode()
    listed = client.get(URL).content.decode()

    assert "超过 2 件（请增加筛选条件）" in searched
    assert "待受理：共 3 件" in listed
    assert all(case.number in listed for case in cases)
