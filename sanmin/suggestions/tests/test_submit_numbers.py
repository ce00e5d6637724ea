"""Tracking numbers: "JY" + year + six digits, sequential and never reused, also
past numbers stored without the counter, and under concurrent submissions."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from sanmin.suggestions.models import Suggestion
from sanmin.suggestions.services.submit import tracking_number_next
from sanmin.suggestions.tests.suggestion_helpers import make_suggestion, refused


def test_it_numbers_cases_in_sequence(campaign, citizen_user):
    numbers = [make_suggestion(campaign, citizen_user).number for _ in range(3)]

    assert numbers == ["JY2024000001", "JY2024000002", "JY2024000003"]


def test_it_does_not_reuse_a_number_after_a_refusal(campaign, citizen_user):
    make_suggestion(campaign, citizen_user)
    with refused():
        make_suggestion(campaign, citizen_user, text="短")

    assert make_suggestion(campaign, citizen_user).number == "JY2024000002"


def test_it_continues_after_numbers_stored_without_the_counter(campaign, citizen_user):
    first = make_suggestion(campaign, citizen_user)
    # Generated data may carry numbers ahead of the counter.
    Suggestion.objects.filter(pk=first.pk).update(number="JY2024000002")

    assert make_suggestion(campaign, citizen_user).number == "JY2024000003"


def test_it_starts_from_the_highest_stored_number(campaign, citizen_user):
    first = make_suggestion(campaign, citizen_user)
    Suggestion.objects.filter(pk=first.pk).update(number="JY2025000041")

    assert tracking_number_next(year=2025) == "JY2025000042"


@pytest.mark.django_db(transaction=True)
def test_it_gives_concurrent_submissions_distinct_numbers(campaign, citizen_user):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def submit() -> None:
        try:
            barrier.wait()
            numbers.append(make_suggestion(campaign, citizen_user).number)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == [f"JY2024{n:06d}" for n in range(1, 5)]
