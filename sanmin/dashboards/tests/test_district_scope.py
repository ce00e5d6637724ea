from __future__ import annotations

from typing import Any

from django.urls import reverse

from sanmin.accounts.tests.fixtures import verified_client


def test_it_shows_district_staff_only_their_district(
    turnout: Any, district_user: Any
) -> None:
    assert district_user.district == turnout.district_a
    client = verified_client(district_user)

    for name in ("dashboards:session", "dashboards:session-live"):
        response = client.get(reverse(name, args=[turnout.session.pk]))

        assert response.status_code == 200
        data = response.context["data"]
        assert data.district == turnout.district_a
        assert (data.total.invited, data.total.voted) == (5, 3)
        assert [row.label for row in data.by_district] == [turnout.district_a.name]
        assert turnout.district_b.name not in response.content.decode()


def test_it_shows_another_district_its_own_counts(
    turnout: Any, other_district_user: Any
) -> None:
    response = verified_client(other_district_user).get(
        reverse("dashboards:session-live", args=[turnout.session.pk])
    )

    data = response.context["data"]
    assert (data.total.invited, data.total.voted) == (2, 1)
    assert turnout.district_a.name not in response.content.decode()


def test_it_refuses_staff_who_do_not_watch_participation(
    turnout: Any, department_user: Any, supervisor_user: Any
) -> None:
    for user in (department_user, supervisor_user):
        response = verified_client(user).get(
            reverse("dashboards:session-live", args=[turnout.session.pk])
        )

        assert response.status_code == 403
