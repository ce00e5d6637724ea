"""Submitting a suggestion (citizens, representatives, organisations' 对策建议).

Everything is checked before anything is stored (the attachments too); the case,
its attachments, its first step, the audit event, the term index and the
submitter's SMS are then written in one transaction. Text is stored as typed:
markup is plain text here and escaped by the templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.http import HttpRequest
from django.utils import timezone

from sanmin.accounts.models import Role
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign, District, TopicArea
from sanmin.representatives.selectors import representative_entries_for
from sanmin.suggestions.models import OrgKind, Source, Suggestion
from sanmin.suggestions.models.cases import (
    TEXT_MAX,
    TEXT_MIN,
    TITLE_MAX,
    TrackingCounter,
)
from sanmin.suggestions.services import attachments
from sanmin.suggestions.services import text as text_index
from sanmin.suggestions.services.notify import submitter_notify
from sanmin.suggestions.services.steps import step_record

PLACE_MAX = 100
ORG_NAME_MAX = 80
NUMBER_PREFIX = "JY"
SEQUENCE_MAX = 999_999


def user_is_campaign_representative(*, user: Any, campaign: Campaign) -> bool:
    """Whether the citizen serves on the campaign's roster (matched by ID hash)."""
    id_hash = getattr(user, "id_hash", "")
    return representative_entries_for(id_hash).filter(campaign=campaign).exists()


def _clean(
    *,
    user: Any,
    campaign: Campaign,
    source: str,
    topic: TopicArea | None,
    title: str,
    text_: str,
    place: str,
    district: District | None,
    org_name: str,
    org_kind: str,
) -> dict[str, Any]:
    """The checked fields of a new case, or ValidationError (nothing stored)."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.CITIZEN:
        raise ValidationError("请先通过爱山东登录后再提交建议")
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError("本年度建议征集已结束")
    if source not in Source.values:
        raise ValidationError("请选择建议来源")
    if topic is None or topic.campaign_id != campaign.pk:
        raise ValidationError("请选择本次活动的建议领域")
    title = (title or "").strip()
    if not title:
        raise ValidationError("请填写建议标题")
    if len(title) > TITLE_MAX:
        raise ValidationError(f"建议标题不能超过 {TITLE_MAX} 个字")
    body = (text_ or "").strip()
    if len(body) < TEXT_MIN:
        raise ValidationError(f"建议内容不能少于 {TEXT_MIN} 个字")
    if len(body) > TEXT_MAX:
        raise ValidationError(f"建议内容不能超过 {TEXT_MAX} 个字")
    place = (place or "").strip()
    if len(place) > PLACE_MAX:
        raise ValidationError(f"涉及地点不能超过 {PLACE_MAX} 个字")
    if district is not None and not isinstance(district, District):
        raise ValidationError("请选择正确的区（市）")
    org_name, org_kind = (org_name or "").strip(), (org_kind or "").strip()
    if source == Source.ORGANISATION:
        if not org_name:
            raise ValidationError("以单位名义提交对策建议时，请填写单位名称")
        if len(org_name) > ORG_NAME_MAX:
            raise ValidationError(f"单位名称不能超过 {ORG_NAME_MAX} 个字")
        if org_kind not in OrgKind.values:
            raise ValidationError("请选择单位类型")
    else:
        org_name, org_kind = "", ""
    if source == Source.REPRESENTATIVE and not user_is_campaign_representative(
        user=user, campaign=campaign
    ):
        raise ValidationError("您不在本年度市民代表名单中，不能以市民代表身份提交")
    return {
        "campaign": campaign,
        "source": source,
        "topic": topic,
        "title": title,
        "text": body,
        "place": place,
        "district": district,
        "org_name": org_name,
        "org_kind": org_kind,
    }


def tracking_number_next(*, year: int) -> str:
    """The next tracking number of the year, "JY" + year + six digits.

    Call inside the transaction that stores the case.
    1. Get (or make, starting from the highest number already stored for the year)
       the year's counter row.
    2. Bump it with one UPDATE; on PostgreSQL the row lock makes a concurrent
       submission wait for this transaction, and then it reads the bumped value.
    3. If the number is taken all the same (a case stored without the counter, e.g.
       generated data), move the counter past the highest stored number and repeat.
    """
    prefix = f"{NUMBER_PREFIX}{year}"

    def highest() -> int:
        top = Suggestion.objects.filter(number__startswith=prefix).aggregate(
            top=Max("number")
        )["top"]
        return int(top[len(prefix) :]) if top else 0

    counter, _ = TrackingCounter.objects.get_or_create(
        year=year, defaults={"last": highest()}
    )
    counters = TrackingCounter.objects.filter(pk=counter.pk)
    while True:
        counters.update(last=F("last") + 1)
        last = counters.values_list("last", flat=True).get()
        if last > SEQUENCE_MAX:
            raise ValidationError("本年度建议编号已用完，请联系平台运维")
        number = f"{prefix}{last:06d}"
        if not Suggestion.objects.filter(number=number).exists():
            return number
        counters.update(last=max(highest(), last))


def suggestion_submit(
    *,
    user: Any,
    campaign: Campaign,
    source: str,
    topic: TopicArea | None,
    title: str,
    text: str,
    place: str = "",
    district: District | None = None,
    show_name: bool = False,
    org_name: str = "",
    org_kind: str = "",
    files: Sequence[Any] = (),
    request: HttpRequest | None = None,
) -> Suggestion:
    """Store a new suggestion and return it.

    1. Check the submitter (a citizen signed in through 爱山东), the campaign (not
       closed), the source (市民代表 only for someone on the campaign's roster; an
       organisation needs its name and kind), the topic (of this campaign), title
       (1..60), text (10..3000 after trimming), place (≤100).
    2. Check the attachments (`attachments_check`) before storing anything.
    3. In one transaction: the tracking number, the case (SUBMITTED), its
       attachments, the public step 提交, an audit event (no personal data), the
       term index, and the SMS "已收到" (queued; sent after commit).
    """
    fields = _clean(
        user=user,
        campaign=campaign,
        source=source,
        topic=topic,
        title=title,
        text_=text,
        place=place,
        district=district,
        org_name=org_name,
        org_kind=org_kind,
    )
    files = list(files)
    attachments.attachments_check(files=files)
    now = timezone.now()
    written: list[str] = []
    try:
        suggestion = _store(
            user=user,
            fields=fields,
            show_name=show_name,
            files=files,
            written=written,
            now=now,
            request=request,
        )
    except BaseException:
        # Files are not transactional: whatever this call wrote goes with its rows.
        attachments.files_discard(written)
        raise
    return suggestion


def _store(
    *,
    user: Any,
    fields: dict[str, Any],
    show_name: bool,
    files: list[Any],
    written: list[str],
    now: dt.datetime,
    request: HttpRequest | None,
) -> Suggestion:
    campaign = fields["campaign"]
    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            number=tracking_number_next(year=campaign.year),
            submitter=user,
            show_name=bool(show_name),
            submitted_at=now,
            **fields,
        )
        if files:
            attachments.attachments_store(
                suggestion=suggestion, files=files, written=written
            )
        step_record(
            suggestion=suggestion,
            action="submit",
            label="提交",
            actor=user,
            public=True,
            at=now,
        )
        audit_record(
            actor=user,
            action="suggestion.submit",
            target=suggestion,
            detail={
                "number": suggestion.number,
                "source": suggestion.source,
                "topic": fields["topic"].code,
                "attachments": len(files),
            },
            request=request,
        )
        text_index.terms_index(suggestion=suggestion)
        submitter_notify(suggestion=suggestion, status_label="已收到")
    return suggestion
