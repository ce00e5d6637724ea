from __future__ import annotations

from django.db.models import QuerySet

from sanmin.representatives.models import Representative

ACTIVE_STATUSES = (Representative.Status.SELECTED, Representative.Status.CONFIRMED)


def representative_entries_for(id_hash: str) -> QuerySet[Representative]:
    """Roster entries of a citizen (by ID hash) that are still serving."""
    if not id_hash:
        return Representative.objects.none()
    return Representative.objects.filter(id_hash=id_hash, status__in=ACTIVE_STATUSES)


def user_is_representative(user: object) -> bool:
    id_hash = getattr(user, "id_hash", "")
    return representative_entries_for(id_hash).exists()
