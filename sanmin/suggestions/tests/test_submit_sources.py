"""Who may submit as what: a representative only when on the campaign's roster; an
organisation with its name and kind; a citizen's organisation fields are dropped."""

from __future__ import annotations

from sanmin.suggestions.models import Source
from sanmin.suggestions.tests.suggestion_helpers import make_suggestion


def test_it_lets_a_representative_submit_as_one(campaign, representative_user):
    case = make_suggestion(campaign, representative_user, source=Source.REPRESENTATIVE)

    assert case.source == Source.REPRESENTATIVE


def test_it_lets_a_representative_submit_as_a_citizen(campaign, representative_user):
    case = make_suggestion(campaign, representative_user)

    assert case.source == Source.CITIZEN


def test_it_stores_an_organisation_proposal(campaign, citizen_user):
    case = make_suggestion(
        campaign,
        citizen_user,
        source=Source.ORGANISATION,
        org_name=" 青岛市某行业协会 ",
        org_kind="association",
        show_name=True,
    )

    assert (case.org_name, case.org_kind) == ("青岛市某行业协会", "association")
    assert case.show_name


def test_it_drops_organisation_fields_of_a_citizen(campaign, citizen_user):
    case = make_suggestion(
        campaign, citizen_user, org_name="某协会", org_kind="association"
    )

    assert (case.org_name, case.org_kind) == ("", "")
