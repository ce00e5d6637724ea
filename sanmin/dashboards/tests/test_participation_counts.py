from __future__ import annotations

from typing import Any

from django.urls import reverse

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.dashboards.tests.figures import rows, totals
from sanmin.evaluation.selectors.participation import session_participation


def _rows(turnouts: list[Any]) -> dict[str, tuple[int, int]]:
    return {row.label: (row.invited, row.voted) for row in turnouts}


def test_it_counts_invited_and_voted_by_district_and_category(turnout: Any) -> None:
    data = session_participation(session=turnout.session)

    assert (data.total.invited, data.total.voted) == (7, 4)
    assert data.total.percent == "57.1"
    assert _rows(data.by_district) == {
        turnout.district_a.name: (5, 3),
        turnout.district_b.name: (2, 1),
    }
    assert _rows(data.by_category) == {
        turnout.category_x.name: (5, 3),
        turnout.category_y.name: (2, 1),
    }


def test_it_counts_only_the_sessions_own_participations(turnout: Any) -> None:
    data = session_participation(session=turnout.other_session)

    assert (data.total.invited, data.total.voted) == (7, 1)


def test_it_limits_the_counts_to_one_district(turnout: Any) -> None:
    data = session_participation(session=turnout.session, district=turnout.district_b)

    assert (data.total.invited, data.total.voted) == (2, 1)
    assert _rows(data.by_category) == {turnout.category_x.name: (2, 1)}


def test_it_shows_the_counts_to_office_and_statistics(
    turnout: Any, office_user: Any, statistics_user: Any
) -> None:
    for user in (office_user, statistics_user):
        for name in ("dashboards:session", "dashboards:session-live"):
            response = verified_client(user).get(
                reverse(name, args=[turnout.session.pk])
            )

            assert response.status_code == 200
            html = response.content.decode()
            assert totals(html) == (7, 4)
            assert "57.1%" in html
            assert rows(html) == {
                turnout.district_a.name: (5, 3),
                turnout.district_b.name: (2, 1),
                turnout.category_x.name: (5, 3),
                turnout.category_y.name: (2, 1),
            }


def test_it_polls_the_partial_from_the_page(turnout: Any, office_user: Any) -> None:
    response = verified_client(office_user).get(
        reverse("dashboards:session", args=[turnout.session.pk])
    )

    html = response.content.decode()
    live = reverse("dashboards:session-live", args=[turnout.session.pk])
    assert f'hx-get="{live}"' in html
    assert 'hx-trigger="every 5s"' in html
