from __future__ import annotations

from django.db.models import Count

from sanmin.campaigns.models import Campaign
from sanmin.suggestions.models import Item, Status, Step, Suggestion, SuggestionTerm
from sanmin.suggestions.services.text import department_suggest, similar_find
from sanmin.suggestions.synthetic import synthetic_suggestions


def test_it_generates_cases_in_every_state_with_items_and_terms(
    campaign: Campaign,
) -> None:
    synthetic_suggestions(campaign=campaign, count=400, seed=5)
    synthetic_suggestions(campaign=campaign, count=20, seed=6)

    cases = Suggestion.objects.filter(campaign=campaign)
    assert cases.count() == 420
    assert cases.filter(number__startswith="SJ2024").count() == 420
    statuses = set(cases.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assigned = cases.filter(
        status__in=[Status.ASSIGNED, Status.ANSWERED, Status.PUBLISHED]
    )
    assert not assigned.annotate(n=Count("items")).filter(n=0).exists()
    assert not cases.filter(status=Status.SUBMITTED, items__isnull=False).exists()
    assert Step.objects.filter(suggestion__in=cases, action="submit").count() == 420
    assert not cases.annotate(n=Count("terms")).filter(n=0).exists()
    assert SuggestionTerm.objects.filter(suggestion__in=cases).count() > 420 * 10
    assert not cases.filter(submitter__synthetic=False).exists()
    assert Item.objects.filter(suggestion__in=cases).exists()


def test_it_generates_duplicates_that_are_found_and_routed(
    campaign: Campaign,
) -> None:
    synthetic_suggestions(campaign=campaign, count=300, seed=8)
    case = Suggestion.objects.exclude(status=Status.MERGED).order_by("-pk").first()
    assert case is not None

    found = similar_find(suggestion=case)
    hints = department_suggest(suggestion=case)

    assert found
    assert found[0].score > 0.5
    assert hints
    assert hints[0].reason.startswith("相似建议")
