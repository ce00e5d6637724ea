from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse


def test_it_shows_the_big_screen_without_sign_in(turnout: Any) -> None:
    response = Client().get(reverse("dashboards:screen", args=[turnout.session.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="screen"' in html
    live = reverse("dashboards:screen-live", args=[turnout.session.pk])
    assert f'hx-get="{live}"' in html


def test_it_shows_totals_and_districts_only(turnout: Any) -> None:
    response = Client().get(
        reverse("dashboards:screen-live", args=[turnout.session.pk])
    )

    html = response.content.decode()
    data = response.context["data"]
    assert (data.total.invited, data.total.voted) == (7, 4)
    assert turnout.district_a.name in html
    assert "3 / 5" in html
    assert turnout.category_x.name not in html
