from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from sanmin.dashboards.tests.figures import rows, totals


def test_it_shows_the_big_screen_without_sign_in(turnout: Any) -> None:
    response = Client().get(reverse("dashboards:screen", args=[turnout.session.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="screen"' in html
    assert totals(html) == (7, 4)
    live = reverse("dashboards:screen-live", args=[turnout.session.pk])
    assert f'hx-get="{live}"' in html


def test_it_shows_totals_and_districts_only(turnout: Any) -> None:
    response = Client().get(
        reverse("dashboards:screen-live", args=[turnout.session.pk])
    )

    html = response.content.decode()
    assert totals(html) == (7, 4)
    assert rows(html) == {
        turnout.district_a.name: (5, 3),
        turnout.district_b.name: (2, 1),
    }
    assert turnout.category_x.name not in html


def test_it_keeps_the_figures_for_a_moment_then_counts_again(
    turnout: Any, time_machine: Any
) -> None:
    url = reverse("dashboards:screen-live", args=[turnout.session.pk])
    time_machine.move_to(turnout.session.window.opens_at)
    assert totals(Client().get(url).content.decode()) == (7, 4)
    turnout.cast_one()

    assert totals(Client().get(url).content.decode()) == (7, 4)
    time_machine.shift(3)
    assert totals(Client().get(url).content.decode()) == (7, 5)
