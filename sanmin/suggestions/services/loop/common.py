"""What the transitions of the closed loop share: who is acting, the checks on
free text, and the row locks that make a second, concurrent transition see the
state the first one left."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

from sanmin.accounts.models import Role
from sanmin.campaigns.models import Department
from sanmin.core import crypto
from sanmin.suggestions.models import Item, Suggestion

# Eleven digits or more in a row: a phone or ID number has no place in a reason.
_NUMBER = re.compile(r"\d{11,}")


def require_office(actor: Any) -> None:
    if getattr(actor, "role", "") != Role.OFFICE:
        raise ValidationError("只有市政府办公厅的工作人员可以办理此操作")


def actor_department(actor: Any) -> Department:
    """The acting department staff member's department, or ValidationError."""
    if getattr(actor, "role", "") != Role.DEPARTMENT or actor.department_id is None:
        raise ValidationError("只有承办部门的工作人员可以办理此操作")
    return actor.department


def item_department_ids(item: Item) -> set[int]:
    """The lead and the co-handling departments of an item."""
    return {item.lead_id, *item.partners.values_list("pk", flat=True)}


def require_lead(actor: Any, item: Item) -> Department:
    department = actor_department(actor)
    if department.pk != item.lead_id:
        raise ValidationError("只有该事项的主办单位可以办理此操作")
    return department


def require_handler(actor: Any, item: Item) -> Department:
    department = actor_department(actor)
    if department.pk not in item_department_ids(item):
        raise ValidationError("只有该事项的主办或协办单位可以办理此操作")
    return department


def clean_text(value: str, *, label: str, max_len: int, min_len: int = 1) -> str:
    """Trimmed text between min_len and max_len characters."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"请填写{label}")
    if len(value) < min_len:
        raise ValidationError(f"{label}不能少于 {min_len} 个字")
    if len(value) > max_len:
        raise ValidationError(f"{label}不能超过 {max_len} 个字")
    return value


def clean_reason(value: str, *, label: str, max_len: int) -> str:
    """A short reason that must not carry a phone or ID number (it is shown)."""
    value = clean_text(value, label=label, max_len=max_len)
    if _NUMBER.search(value.replace(" ", "")):
        raise ValidationError(f"{label}中请不要填写手机号码或身份证号码")
    return value


def locked_case(suggestion: Suggestion) -> Suggestion:
    """The case's row, locked for the rest of the transaction (fresh state)."""
    return Suggestion.objects.select_for_update().get(pk=suggestion.pk)


def locked_item(item: Item) -> tuple[Suggestion, Item]:
    """The item's case and the item, locked in that order (every transition takes
    the case first, so two of them never wait on each other)."""
    case = Suggestion.objects.select_for_update().get(pk=item.suggestion_id)
    return case, Item.objects.select_for_update().select_related("lead").get(pk=item.pk)


def refresh(*objects: Any) -> None:
    """Bring the caller's instances up to date after a committed transition."""
    for obj in objects:
        obj.refresh_from_db()


def department_names(departments: list[Department]) -> str:
    return "、".join(dict.fromkeys(department.name for department in departments))


def text_digest(value: str, *, purpose: str) -> str:
    """A keyed digest of free text for the audit log (the text itself may describe
    a person; the digest still shows a later edit of the stored text)."""
    return crypto.keyed_digest(value.encode(), purpose=purpose) if value else ""
