"""Reads for the public suggestions page: published cases and their answers only.

Nothing here reads the submitter's text, place, phone or ID; the name appears only
when the submitter agreed (`show_name`).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404

from sanmin.campaigns.models import Campaign, TopicArea
from sanmin.suggestions.models import Source, Status, Suggestion

PAGE_SIZE = 20
QUERY_MAX = 40
ANONYMOUS_NAME = "市民"


@dataclass(frozen=True)
class PublicFilters:
    topic: str = ""  # a TopicArea code
    q: str = ""  # words of the published title

    @classmethod
    def from_query(cls, query: object) -> PublicFilters:
        get = getattr(query, "get", lambda key, default="": default)
        return cls(
            topic=str(get("topic", "")).strip()[:30],
            q=str(get("q", "")).strip()[:QUERY_MAX],
        )

    @property
    def query(self) -> str:
        """The filters as a query string for the pager (URL-encoded)."""
        pairs = {"topic": self.topic, "q": self.q}
        return urlencode({key: value for key, value in pairs.items() if value})


def published_topics(*, campaign: Campaign | None) -> QuerySet[TopicArea]:
    if campaign is None:
        return TopicArea.objects.none()
    return TopicArea.objects.filter(campaign=campaign).order_by("order", "pk")


def published_suggestions(*, filters: PublicFilters) -> QuerySet[Suggestion]:
    """Published cases, newest publication first, filtered by topic and title."""
    cases = (
        Suggestion.objects.filter(status=Status.PUBLISHED)
        .select_related("topic", "publication")
        .only(
            "number",
            "published_at",
            "topic__name",
            "topic__code",
            "publication__title",
        )
        .order_by("-published_at", "-pk")
    )
    if filters.topic:
        cases = cases.filter(topic__code=filters.topic)
    if filters.q:
        cases = cases.filter(publication__title__icontains=filters.q)
    return cases


def published_case(*, number: str) -> Suggestion:
    """A published case by its number; Http404 for any other (never says why)."""
    case = (
        Suggestion.objects.filter(number=number, status=Status.PUBLISHED)
        .select_related("topic", "publication", "submitter")
        .first()
    )
    if case is None or case.publication is None:
        raise Http404("没有该公开建议")
    return case


def public_author(case: Suggestion) -> str:
    """Who submitted, as the public may see it: the name only with consent."""
    if not case.show_name:
        return ANONYMOUS_NAME
    if case.source == Source.ORGANISATION:
        return case.org_name
    return case.submitter.display_name or ANONYMOUS_NAME
