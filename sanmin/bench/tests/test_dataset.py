from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sanmin.bench.check import ballots_check, stored_for
from sanmin.bench.dataset import bench_prepare
from sanmin.bench.driver import ballot_form, receipt_in
from sanmin.evaluation.models import Ballot, BallotItem
from sanmin.representatives.models import Representative


def _signed_in(session_key: str) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


@pytest.mark.django_db
def test_it_makes_a_roster_signed_in_and_ready_to_vote() -> None:
    manifest = bench_prepare(representatives=4, viewers=6)

    assert manifest.departments == 11
    assert len(manifest.cookies) == len(set(manifest.cookies)) == 4
    assert Representative.objects.filter(synthetic=True).count() == 4
    page = _signed_in(manifest.cookies[0]).get(
        reverse("evaluation:ballot", args=[manifest.session_id])
    )
    assert page.status_code == 200
    assert ballot_form(page.content.decode(), "http://testserver/") is not None
    live = reverse("dashboards:session-live", args=[manifest.session_id])
    for key in manifest.viewer_cookies:
        assert _signed_in(key).get(live).status_code == 200


@pytest.mark.django_db
def test_it_casts_through_the_pages_and_checks_what_is_stored() -> None:
    """The driver's way through the pages: ballot, confirm, cast, receipt."""
    manifest = bench_prepare(representatives=2, viewers=0)
    client = _signed_in(manifest.cookies[0])
    url = "http://testserver" + reverse("evaluation:ballot", args=[manifest.session_id])
    body = client.get(url).content.decode()
    receipt = None
    for _step in range(3):
        form = ballot_form(body, url)
        assert form is not None
        action, fields = form
        answer = client.post(action, dict(fields))
        assert answer.status_code == 200
        body = answer.content.decode()
        receipt = receipt_in(body)
        if receipt:
            break

    assert receipt is not None
    checked = ballots_check(
        acknowledged={str(manifest.representatives[0]): receipt},
        stored=stored_for(session_id=manifest.session_id),
        departments=manifest.departments,
    )
    assert checked.ok, checked


@pytest.mark.django_db
def test_the_bare_endpoint_stores_one_ballot_of_every_department() -> None:
    from django.test import RequestFactory

    from sanmin.bench.views import bare_ballot

    manifest = bench_prepare(representatives=1, viewers=0)
    request = RequestFactory().post("/bench/bare/")

    response = bare_ballot(request, session_id=manifest.bare_session_id)

    assert response.status_code == 200
    assert Ballot.objects.filter(session_id=manifest.bare_session_id).count() == 1
    assert BallotItem.objects.count() == 11


def test_the_bare_endpoint_is_mounted_only_in_benchmark_mode() -> None:
    from django.urls import NoReverseMatch

    assert not settings.SANMIN_BENCH
    with pytest.raises(NoReverseMatch):
        reverse("bench:bare", args=[1])
