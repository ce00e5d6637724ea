"""Reads of the office's pages: the triage list of a campaign's cases and everything
of one case (steps, items with their deadlines, answers awaiting review).

The list answers on 100,000 cases with four queries: one count, the page's keys
(read from an index alone, so that a deep page does not fetch the rows it skips),
those rows (topic joined), and the open items' nearest deadline of the rows on the
page. Its filters follow the indexes of `Suggestion` (campaign, status,
-submitted_at), (campaign, -submitted_at, -id) and (campaign, topic, status). A text
search counts at most SEARCH_COUNT_CAP matches: a title search reads the titles, and
beyond that many the office narrows the filters instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.functional import cached_property

from sanmin.campaigns.models import Campaign, Department, District, TopicArea
from sanmin.suggestions.models import (
    Attachment,
    Item,
    ItemStatus,
    Status,
    Step,
    Suggestion,
)
from sanmin.suggestions.selectors.access import case_for_office

PAGE_SIZE = 25
ALL = "all"
SEARCH_MAX = 60
SEARCH_COUNT_CAP = 1000
NUMBER_PATTERN = re.compile(r"^JY\d{1,10}$", re.IGNORECASE)

DUE_LABELS = {
    "done": "已办结",
    "overdue": "已逾期",
    "due_soon": "临期",
    "ok": "正常",
}


def campaign_topics(*, campaign: Campaign) -> list[TopicArea]:
    return list(campaign.topics.order_by("order"))


def campaign_districts() -> list[District]:
    return list(District.objects.order_by("order", "code"))


def campaign_departments(*, campaign: Campaign) -> list[Department]:
    """The departments that may be assigned items: those taking part in the campaign."""
    return list(
        Department.objects.filter(participations__campaign=campaign)
        .distinct()
        .order_by("code")
    )


def triage_list(
    *,
    campaign: Campaign,
    status: str = Status.SUBMITTED,
    topic: TopicArea | None = None,
    district: District | None = None,
    source: str = "",
    search: str = "",
) -> QuerySet[Suggestion]:
    """The campaign's cases, newest first, filtered (status ALL for every state).

    A search that looks like a tracking number ("JY2024…") matches numbers from the
    start (the unique index serves it); anything else is looked for in titles.
    """
    cases = Suggestion.objects.filter(campaign=campaign).select_related("topic")
    if status != ALL:
        cases = cases.filter(status=status)
    if topic is not None:
        cases = cases.filter(topic=topic)
    if district is not None:
        cases = cases.filter(district=district)
    if source:
        cases = cases.filter(source=source)
    search = search.strip()[:SEARCH_MAX]
    if search and NUMBER_PATTERN.match(search):
        cases = cases.filter(number__startswith=search.upper())
    elif search and search.lower() == search.upper():
        # Nothing to fold (Chinese, digits): a plain LIKE, which the planner
        # estimates well and which spares UPPER() on every title.
        cases = cases.filter(title__contains=search)
    elif search:
        cases = cases.filter(title__icontains=search)
    return cases.only(
        "pk",
        "number",
        "title",
        "source",
        "status",
        "submitted_at",
        "topic__name",
    ).order_by("-submitted_at", "-pk")


class CappedPaginator(Paginator):
    """A paginator whose count stops at `cap` (None: no cap)."""

    def __init__(self, object_list: QuerySet, per_page: int, *, cap: int | None):
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        rows: QuerySet = self.object_list  # type: ignore[assignment]
        if self.cap is None:
            return int(rows.count())
        # Unordered, so that the count stops at the cap instead of sorting all.
        return int(rows.order_by()[: self.cap].count())


def triage_page(
    cases: QuerySet[Suggestion], *, number: str | None, searching: bool
) -> tuple[Page, list[Suggestion]]:
    """The page `number` of the list and its cases, in the list's order."""
    keys = cases.values_list("pk", flat=True)
    page = CappedPaginator(
        keys, PAGE_SIZE, cap=SEARCH_COUNT_CAP if searching else None
    ).get_page(number)
    ids = list(page.object_list)
    by_id = {case.pk: case for case in cases.filter(pk__in=ids).order_by()}
    return page, [by_id[pk] for pk in ids if pk in by_id]


@dataclass(frozen=True)
class TriageRow:
    pk: int
    number: str
    title: str
    topic: str
    source: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    due: str  # "", "overdue", "due_soon", "ok"
    due_label: str


def due_flag(deadline: dt.datetime | None, now: dt.datetime) -> str:
    """The flag of an open deadline: overdue, due_soon or ok ("" without one)."""
    if deadline is None:
        return ""
    if now >= deadline:
        return "overdue"
    soon = dt.timedelta(hours=settings.SUGGESTION_DUE_SOON_HOURS)
    return "due_soon" if deadline - now <= soon else "ok"


def triage_rows(cases: Iterable[Suggestion], *, now: dt.datetime) -> list[TriageRow]:
    """One page of the list with each case's due flag (nearest open item deadline)."""
    cases = list(cases)
    deadlines = dict(
        Item.objects.filter(suggestion__in=[case.pk for case in cases])
        .exclude(status=ItemStatus.APPROVED)
        .values("suggestion")
        .annotate(first=Min("deadline"))
        .values_list("suggestion", "first")
    )
    rows = []
    for case in cases:
        flag = due_flag(deadlines.get(case.pk), now) if case.is_open else ""
        rows.append(
            TriageRow(
                pk=case.pk,
                number=case.number,
                title=case.title,
                topic=case.topic.name,
                source=case.get_source_display(),
                status=case.status,
                status_label=case.get_status_display(),
                submitted_at=case.submitted_at,
                due=flag,
                due_label=DUE_LABELS.get(flag, ""),
            )
        )
    return rows


@dataclass(frozen=True)
class ItemRow:
    """An item as the office (or its department) sees it, with its time left."""

    item: Item
    partners: list[Department]
    due: str
    due_label: str
    hours_left: int

    @property
    def time_left(self) -> str:
        return time_left_label(self.hours_left, self.due)


def time_left_label(hours: int, due: str) -> str:
    """ "剩余 3 天 5 小时" / "已逾期 20 小时" / "已办结"."""
    if due == "done":
        return "已办结"
    if hours < 0:
        late = -hours
        days, rest = divmod(late, 24)
        return f"已逾期 {days} 天 {rest} 小时" if days else f"已逾期 {late} 小时"
    days, rest = divmod(hours, 24)
    return f"剩余 {days} 天 {rest} 小时" if days else f"剩余 {hours} 小时"


def item_row(item: Item, *, now: dt.datetime) -> ItemRow:
    due = item.due_state(now)
    return ItemRow(
        item=item,
        partners=list(item.partners.all()),
        due=due,
        due_label=DUE_LABELS[due],
        hours_left=item.hours_left(now),
    )


@dataclass(frozen=True)
class CaseView:
    """Everything of one case for the office's page."""

    case: Suggestion
    attachments: list[Attachment]
    steps: list[Step]
    items: list[ItemRow]
    merged: list[Suggestion]
    submitter_name: str
    submitter_phone_masked: str

    @property
    def awaiting_review(self) -> list[ItemRow]:
        return [row for row in self.items if row.item.status == ItemStatus.SUBMITTED]

    @property
    def awaiting_reassign(self) -> list[ItemRow]:
        return [row for row in self.items if row.item.status == ItemStatus.REASSIGN]

    @property
    def approved_answers(self) -> list[Item]:
        return [
            row.item for row in self.items if row.item.status == ItemStatus.APPROVED
        ]


def case_view(*, case: Suggestion, now: dt.datetime) -> CaseView:
    """Read everything of `case` (already fetched through `case_for_office`)."""
    case = (
        Suggestion.objects.select_related(
            "topic", "district", "submitter", "merged_into", "publication"
        )
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
        )
        .get(pk=case.pk)
    )
    items = (
        Item.objects.filter(suggestion=case)
        .select_related("lead")
        .prefetch_related("partners")
        .order_by("seq")
    )
    steps = Step.objects.filter(suggestion=case).select_related("item")
    submitter = case.submitter
    return CaseView(
        case=case,
        attachments=list(case.attachments.all()),
        steps=list(steps.order_by("at", "pk")),
        items=[item_row(item, now=now) for item in items],
        merged=list(case.merged.only("pk", "number", "title").order_by("pk")),
        submitter_name=submitter.display_name or "",
        submitter_phone_masked=submitter.phone_masked,
    )


def item_for_office(*, user: object, pk: int) -> Item:
    """An item whose case the office may act on (404 otherwise)."""
    item = Item.objects.select_related("suggestion").filter(pk=pk).first()
    if item is None:
        raise Http404("没有这项交办事项")
    case = case_for_office(user=user, number=item.suggestion.number)
    item.suggestion = case
    return item


def cases_by_numbers(
    *, campaign_id: int, numbers: Sequence[str]
) -> tuple[list[Suggestion], list[str]]:
    """The cases of `numbers` in the campaign, and the numbers not found."""
    wanted = [number.strip().upper() for number in numbers if number.strip()]
    found = {
        case.number: case
        for case in Suggestion.objects.filter(
            Q(number__in=wanted), campaign_id=campaign_id
        )
    }
    missing = [number for number in wanted if number not in found]
    return [found[number] for number in wanted if number in found], missing
