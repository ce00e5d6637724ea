"""Revealing a representative's phone: district staff of their district only, shown
once, audited with the masked number; the list shows masked numbers only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.core import crypto
from sanmin.core.personal import mask_phone
from sanmin.representatives.models import Representative
from sanmin.representatives.tests import roster_helpers as h


@pytest.fixture
def draw(campaign, statistics_user):
    first, second = h.districts()[:2]
    category = h.district_category(campaign)
    return h.built_roster(
        campaign,
        [h.CellSpec(category, first, members=2), h.CellSpec(category, second, 1)],
        actor=statistics_user,
    )


def rep_in(district):
    return Representative.objects.filter(district=district).exclude(candidate=None)[0]


def full_phone(rep):
    return crypto.cipher().decrypt(rep.phone_cipher)


def test_it_shows_the_number_once_and_records_it(draw, district_user, client_as):
    rep = rep_in(district_user.district)
    phone = full_phone(rep)

    response = client_as("district").post(
        reverse("representatives:roster-reveal", args=[rep.pk])
    )

    assert response.status_code == 200
    assert phone in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    event = AuditEvent.objects.get(action="representative.phone.reveal")
    assert event.detail == {"reason": "代表联络", "phone": mask_phone(phone)}
    assert phone not in str(event.detail)


def test_it_answers_htmx_with_the_number_alone(draw, district_user, client_as):
    rep = rep_in(district_user.district)

    response = client_as("district").post(
        reverse("representatives:roster-reveal", args=[rep.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.content.decode().startswith('<a href="tel:')


def test_it_refuses_another_district(draw, client_as):
    rep = rep_in(h.districts()[1])

    response = client_as("district").post(
        reverse("representatives:roster-reveal", args=[rep.pk])
    )

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="representative.phone.reveal").exists()


def test_it_refuses_the_statistics_bureau(draw, client_as):
    rep = rep_in(h.districts()[0])

    response = client_as("statistics").post(
        reverse("representatives:roster-reveal", args=[rep.pk])
    )

    assert response.status_code == 403


def test_it_lists_masked_names_and_numbers_only(draw, district_user, client_as):
    rep = rep_in(district_user.district)
    name = crypto.cipher().decrypt(rep.name_cipher)

    page = client_as("district").get(reverse("representatives:roster")).content.decode()

    assert mask_phone(full_phone(rep)) in page
    assert full_phone(rep) not in page
    assert name not in page
    assert name[0] + "*" in page
