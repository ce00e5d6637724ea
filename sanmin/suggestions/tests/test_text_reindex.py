from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign
from sanmin.suggestions.models import Suggestion, SuggestionTerm
from sanmin.suggestions.services.text import terms_index, terms_reindex
from sanmin.suggestions.tests.text_helpers import (
    HEATING,
    HEATING_AGAIN,
    PARKING,
    TRAFFIC,
    case,
)


def _index() -> set[tuple[int, str, float]]:
    return {
        (pk, term, round(weight, 9))
        for pk, term, weight in SuggestionTerm.objects.values_list(
            "suggestion_id", "term", "weight"
        )
    }


def _cases(campaign: Campaign, user: User) -> list[Suggestion]:
    return [
        case(campaign, user, texts)
        for texts in (HEATING, HEATING_AGAIN, PARKING, TRAFFIC)
    ]


def test_it_rebuilds_the_same_index_as_indexing_one_by_one(
    campaign: Campaign, citizen_user: User
) -> None:
    cases = _cases(campaign, citizen_user)
    for made in cases:
        terms_index(suggestion=made)
    one_by_one = _index()
    SuggestionTerm.objects.all().delete()
    # A stale row the rebuild must drop.
    SuggestionTerm.objects.create(suggestion=cases[0], term="过时", weight=1.0)

    assert terms_reindex(batch=3) == 4

    assert _index() == one_by_one
    assert len({pk for pk, _, _ in one_by_one}) == 4


def test_it_replaces_a_suggestion_rows_when_its_text_changes(
    campaign: Campaign, citizen_user: User
) -> None:
    made = case(campaign, citizen_user, HEATING)
    made.title, made.text = PARKING
    terms_index(suggestion=made)

    terms = set(made.terms.values_list("term", flat=True))
    assert "停车位" in terms
    assert "暖气" not in terms


def test_it_reindexes_from_the_command_line(
    campaign: Campaign, citizen_user: User
) -> None:
    _cases(campaign, citizen_user)
    expected = _index()
    SuggestionTerm.objects.all().delete()
    out = StringIO()

    call_command("suggestions", "reindex", "--batch", "2", stdout=out)

    assert _index() == expected
    assert "已重建 4 件建议的分词索引" in out.getvalue()
