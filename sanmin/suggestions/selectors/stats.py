"""Statistics of a campaign's suggestions: the figures of the stats page, its charts
and `sanmin suggestions stats` (the same function, printed as JSON).

Every figure is computed from the stored rows only (no clock): the same data give
the same figures, on the page and on the command line.
"""

from __future__ import annotations

from typing import TypedDict

from django.db.models import Count, F, Q

from sanmin.campaigns.models import Campaign, District, TopicArea
from sanmin.suggestions.models import (
    Item,
    ItemStatus,
    Satisfaction,
    SatisfactionLevel,
    Status,
    Suggestion,
)

ANSWERED = (ItemStatus.SUBMITTED, ItemStatus.APPROVED)


class LabelCount(TypedDict):
    key: str
    label: str
    count: int


class DepartmentCount(TypedDict):
    key: str
    label: str
    items: int
    cases: int


class OnTime(TypedDict):
    answered: int
    on_time: int
    rate: float | None


class SatisfactionFigures(TypedDict):
    rated: int
    satisfied: int
    basic: int
    dissatisfied: int
    rate: float | None


class Stats(TypedDict):
    campaign: str
    total: int
    by_topic: list[LabelCount]
    by_district: list[LabelCount]
    by_department: list[DepartmentCount]
    by_status: list[LabelCount]
    items: int
    on_time: OnTime
    satisfaction: SatisfactionFigures


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def stats_compute(*, campaign: Campaign) -> Stats:
    """The campaign's figures, JSON-ready.

    1. Suggestions (every state, merged and declined included) by topic (the
       campaign's nine areas, in their order, zeros kept), by district (those named
       by a suggestion, then 未注明), and by state (every code, in loop order).
    2. Items by lead department: items led and distinct cases, most items first.
    3. On time: items with an answer submitted (under review or approved), and those
       answered no later than their deadline.
    4. Satisfaction: rated cases by level; the rate is 满意 + 基本满意 over rated.
    """
    suggestions = Suggestion.objects.filter(campaign=campaign)
    total = suggestions.count()

    topic_counts = dict(
        suggestions.values("topic_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("topic_id", "n")
    )
    by_topic: list[LabelCount] = [
        {
            "key": str(topic.pk),
            "label": topic.name,
            "count": topic_counts.get(topic.pk, 0),
        }
        for topic in TopicArea.objects.filter(campaign=campaign).order_by("order", "pk")
    ]

    district_counts: dict[int | None, int] = dict(
        suggestions.values("district_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("district_id", "n")
    )
    by_district: list[LabelCount] = [
        {
            "key": district.code,
            "label": district.name,
            "count": district_counts[district.pk],
        }
        for district in District.objects.filter(
            pk__in=[k for k in district_counts if k]
        ).order_by("order", "code")
    ]
    if district_counts.get(None):
        by_district.append(
            {"key": "", "label": "未注明", "count": district_counts[None]}
        )

    status_counts = dict(
        suggestions.values("status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("status", "n")
    )
    by_status: list[LabelCount] = [
        {"key": code, "label": str(label), "count": status_counts.get(code, 0)}
        for code, label in Status.choices
    ]

    items = Item.objects.filter(suggestion__campaign=campaign)
    led = (
        items.values("lead_id", "lead__code", "lead__name")
        .annotate(n=Count("pk"), cases=Count("suggestion_id", distinct=True))
        .order_by("-n", "lead__name")
    )
    by_department: list[DepartmentCount] = [
        {
            "key": row["lead__code"],
            "label": row["lead__name"],
            "items": row["n"],
            "cases": row["cases"],
        }
        for row in led
    ]

    answered = items.filter(status__in=ANSWERED, answered_at__isnull=False)
    on_time_figures = answered.aggregate(
        answered=Count("pk"),
        on_time=Count("pk", filter=Q(answered_at__lte=F("deadline"))),
    )

    levels = dict(
        Satisfaction.objects.filter(suggestion__campaign=campaign)
        .values("level")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("level", "n")
    )
    satisfied = levels.get(SatisfactionLevel.SATISFIED, 0)
    basic = levels.get(SatisfactionLevel.BASIC, 0)
    rated = sum(levels.values())
    return {
        "campaign": campaign.slug,
        "total": total,
        "by_topic": by_topic,
        "by_district": by_district,
        "by_department": by_department,
        "by_status": by_status,
        "items": items.count(),
        "on_time": {
            "answered": on_time_figures["answered"],
            "on_time": on_time_figures["on_time"],
            "rate": _rate(on_time_figures["on_time"], on_time_figures["answered"]),
        },
        "satisfaction": {
            "rated": rated,
            "satisfied": satisfied,
            "basic": basic,
            "dissatisfied": levels.get(SatisfactionLevel.DISSATISFIED, 0),
            "rate": _rate(satisfied + basic, rated),
        },
    }
