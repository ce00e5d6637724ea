"""No participation view shows how anyone voted, or who anyone is."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.campaigns.models import RatingChoice
from sanmin.representatives.models import Representative

URLS = (
    "dashboards:session",
    "dashboards:session-live",
    "dashboards:screen",
    "dashboards:screen-live",
)


def _forbidden_texts(turnout: Any) -> list[str]:
    """Choice labels, receipts, comments and representatives' names."""
    from sanmin.core import crypto

    labels = list(
        RatingChoice.objects.filter(campaign=turnout.session.campaign).values_list(
            "label", flat=True
        )
    )
    names = [
        crypto.cipher().decrypt(cipher)
        for cipher in Representative.objects.values_list("name_cipher", flat=True)
    ]
    return [*labels, *turnout.receipts, turnout.comment, *names]


def test_it_never_shows_ballot_content_or_names(
    turnout: Any, office_user: Any, statistics_user: Any, district_user: Any
) -> None:
    forbidden = _forbidden_texts(turnout)
    clients = [
        Client(),
        verified_client(office_user),
        verified_client(statistics_user),
        verified_client(district_user),
    ]
    for client in clients:
        for name in URLS:
            response = client.get(reverse(name, args=[turnout.session.pk]))
            if response.status_code != 200:
                continue
            html = response.content.decode()
            shown = [text for text in forbidden if text in html]
            assert not shown, f"{name} shows {shown}"
    index = verified_client(office_user).get(reverse("dashboards:index"))
    assert not [text for text in forbidden if text in index.content.decode()]
