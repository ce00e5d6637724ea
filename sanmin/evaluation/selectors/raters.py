"""Reading the internal rater list (内部评议人员名单) of a campaign, masked.

The roster keeps a person's ID number only as a keyed hash, and has no column for the
work unit. So the masked ID number and the unit shown on the office's page come from
the import's audit record, which holds them per roster entry (masked when written;
the audit log never holds a full ID or phone number). Entries enrolled otherwise
(e.g. the demo data) show “—” for both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from sanmin.audit.models import Outcome
from sanmin.audit.selectors import audit_event_list
from sanmin.campaigns.models import Campaign
from sanmin.core import crypto
from sanmin.core.personal import mask_phone
from sanmin.representatives.models import Representative

IMPORT_ACTION = "raters.import"


@dataclass(frozen=True)
class RaterEntry:
    name: str
    id_masked: str
    phone_masked: str
    unit: str
    status: str


def internal_roster(*, campaign: Campaign) -> QuerySet[Representative]:
    return Representative.objects.filter(
        campaign=campaign, roster=Representative.Roster.INTERNAL
    ).order_by("pk")


def internal_roster_hashes(*, campaign: Campaign, id_hashes: Iterable[str]) -> set[str]:
    """Which of these ID hashes are on the campaign's internal roster already."""
    wanted = list(id_hashes)
    if not wanted:
        return set()
    return set(
        internal_roster(campaign=campaign)
        .filter(id_hash__in=wanted)
        .values_list("id_hash", flat=True)
    )


def _imported_details(campaign: Campaign) -> dict[int, dict[str, str]]:
    """Roster entry id → its masked ID, from the successful imports (the roster keeps
    only the keyed hash of the number)."""
    events = audit_event_list(action=IMPORT_ACTION, outcome=Outcome.SUCCESS).filter(
        object_type=Campaign._meta.label_lower, object_id=str(campaign.pk)
    )
    details: dict[int, dict[str, str]] = {}
    for detail in events.values_list("detail", flat=True):
        for entry in detail.get("entries", []):
            details.setdefault(int(entry["representative"]), entry)
    return details


def _decrypted(token: str) -> str:
    return crypto.cipher().decrypt(token) if token else ""


def rater_entries(*, campaign: Campaign) -> list[RaterEntry]:
    """The campaign's internal raters in enrolment order: name, masked numbers, unit."""
    details = _imported_details(campaign)
    entries = []
    for member in internal_roster(campaign=campaign):
        imported = details.get(member.pk, {})
        phone = _decrypted(member.phone_cipher)
        entries.append(
            RaterEntry(
                name=_decrypted(member.name_cipher),
                id_masked=imported.get("id", ""),
                phone_masked=mask_phone(phone) if phone else "",
                unit=member.unit or imported.get("unit", ""),
                status=member.get_status_display(),
            )
        )
    return entries
