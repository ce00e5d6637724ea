"""`sanmin suggestions stats` recomputes the statistics page's figures from the
stored cases: the same numbers as the page's tables, as JSON."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from sanmin.suggestions.tests.oversight_helpers import Board, make_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(
    campaign: Any, citizen_user: Any, department_user: Any, other_department_user: Any
) -> Board:
    return make_board(
        campaign,
        citizen_user,
        department_user.department,
        other_department_user.department,
    )


def _command(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("suggestions", "stats", *args, stdout=out)
    return dict(json.loads(out.getvalue()))


def test_it_prints_the_figures_the_page_shows(
    board: Board, campaign: Any, client_as: Any
) -> None:
    page = client_as("statistics").get(reverse("suggestions:stats"))
    figures = page.context["figures"]

    printed = _command("--campaign", campaign.slug)

    assert printed == json.loads(json.dumps(figures))
    assert printed["total"] == 8


def test_it_refuses_an_unknown_campaign(campaign: Any) -> None:
    with pytest.raises(CommandError, match="没有找到活动"):
        _command("--campaign", "no-such-campaign")
