from __future__ import annotations

from typing import Any

from django.urls import reverse

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.dashboards.tests.figures import rows, totals

PAGES = ("dashboards:session", "dashboards:session-live")


def test_it_shows_district_staff_only_their_district(
    turnout: Any, district_user: Any
) -> None:
    assert district_user.district == turnout.district_a
    client = verified_client(district_user)

    for name in PAGES:
        response = client.get(reverse(name, args=[turnout.session.pk]))

        assert response.status_code == 200
        html = response.content.decode()
        assert totals(html) == (5, 3)
        assert rows(html) == {
            turnout.category_x.name: (3, 2),
            turnout.category_y.name: (2, 1),
        }
        assert turnout.district_b.name not in html


def test_it_shows_another_district_its_own_counts(
    turnout: Any, district_user: Any, other_district_user: Any
) -> None:
    url = reverse("dashboards:session-live", args=[turnout.session.pk])
    verified_client(district_user).get(url)  # the first district's figures first

    html = verified_client(other_district_user).get(url).content.decode()

    assert totals(html) == (2, 1)
    assert rows(html) == {turnout.category_x.name: (2, 1)}
    assert turnout.district_a.name not in html


def test_it_refuses_staff_who_do_not_watch_participation(
    turnout: Any, department_user: Any, supervisor_user: Any
) -> None:
    for user in (department_user, supervisor_user):
        response = verified_client(user).get(
            reverse("dashboards:session-live", args=[turnout.session.pk])
        )

        assert response.status_code == 403


def test_a_poll_within_the_freshness_reads_only_the_sign_in(
    turnout: Any, office_user: Any, statistics_user: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("dashboards:session-live", args=[turnout.session.pk])
    first = verified_client(office_user).get(url)
    viewer = verified_client(statistics_user)
    with CaptureQueriesContext(connection) as queries:
        again = viewer.get(url)

    assert again.content == first.content
    read = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("campaigns_", "evaluation_", "representatives_"):
        assert table not in read


def test_an_unknown_session_is_not_found(office_user: Any) -> None:
    client = verified_client(office_user)
    for name in ("dashboards:session-live", "dashboards:screen-live"):
        assert client.get(reverse(name, args=[10**9])).status_code == 404
