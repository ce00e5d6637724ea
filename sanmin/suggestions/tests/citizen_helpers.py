"""Small helpers of the citizen and public tests: uploads and cases made through the
services (submit, then the loop up to answered or published).

Models and services are imported inside functions: the access table imports this
module before Django is set up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


def upload(name: str = "scan.pdf", content: bytes = PDF, content_type: str = "") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type or "application/octet-stream")


def topic(campaign: Any, index: int = 0) -> Any:
    from sanmin.campaigns.models import TopicArea

    return TopicArea.objects.filter(campaign=campaign).order_by("order", "pk")[index]


def submit(
    *,
    user: Any,
    campaign: Any,
    title: str = "建议增设公交线路",
    text: str = "希望在新建小区附近增设一条公交线路，方便居民出行。",
    files: tuple[Any, ...] = (),
    show_name: bool = False,
    source: str = "citizen",
    org_name: str = "",
    org_kind: str = "",
) -> Any:
    from sanmin.suggestions.services.submit import suggestion_submit

    return suggestion_submit(
        user=user,
        campaign=campaign,
        source=source,
        topic=topic(campaign),
        title=title,
        text=text,
        show_name=show_name,
        org_name=org_name,
        org_kind=org_kind,
        files=files,
    )


def assign(*, suggestion: Any, office: Any, department: Any) -> Any:
    """Accept the case and assign one item to `department` (lead); the item."""
    from sanmin.suggestions.services.loop import (
        ItemPlan,
        items_assign,
        suggestion_accept,
    )

    suggestion_accept(suggestion=suggestion, actor=office)
    suggestion.refresh_from_db()
    (item,) = items_assign(
        suggestion=suggestion,
        actor=office,
        plans=[ItemPlan(summary="研究增设公交线路", lead=department)],
    )
    return item


def answer(
    *,
    suggestion: Any,
    office: Any,
    department_user: Any,
    text: str = "经研究，将于明年开通新线路。",
) -> Any:
    """Take the case to ANSWERED: accept, assign, answer, approve."""
    from sanmin.suggestions.services.loop import (
        item_answer_approve,
        item_answer_submit,
    )

    department = department_user.department
    item = assign(suggestion=suggestion, office=office, department=department)
    item_answer_submit(item=item, actor=department_user, answer=text)
    item.refresh_from_db()
    item_answer_approve(item=item, actor=office)
    suggestion.refresh_from_db()
    return suggestion


def publish(
    *,
    suggestion: Any,
    office: Any,
    department_user: Any,
    title: str = "关于增设公交线路的答复",
    text: str = "市交通运输局将于明年开通新线路。",
) -> Any:
    from sanmin.suggestions.services.loop import suggestions_publish

    answer(suggestion=suggestion, office=office, department_user=department_user)
    suggestions_publish(
        suggestions=[suggestion], actor=office, title=title, answer=text
    )
    suggestion.refresh_from_db()
    return suggestion


def private_files() -> list[Path]:
    """Every file under the private attachment storage."""
    from sanmin.suggestions.models import Attachment

    root = Path(Attachment._meta.get_field("file").storage.location)  # type: ignore[attr-defined]
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
