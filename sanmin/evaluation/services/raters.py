"""The internal rater list (内部评议人员名单), imported from a spreadsheet by the office.

Staff of municipal organs rate the three internal departments a week before the
public sessions, with the same ballot machinery and their own roster
(`Representative.Roster.INTERNAL`).
"""

from __future__ import annotations

from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from sanmin.audit.models import Outcome
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign
from sanmin.core.personal import mask_id
from sanmin.core.spreadsheets import RowError
from sanmin.evaluation.imports import RaterImport, raters_parse
from sanmin.evaluation.selectors.raters import IMPORT_ACTION
from sanmin.representatives.models import Representative
from sanmin.representatives.services import representative_enrol

RACE_MESSAGE = "导入期间名单已被他人修改，所有数据均未导入，请重新上传"


def _refused(
    *,
    parsed: RaterImport,
    campaign: Campaign,
    filename: str,
    actor: Any,
    request: HttpRequest | None,
) -> RaterImport:
    audit_record(
        actor=actor,
        action=IMPORT_ACTION,
        target=campaign,
        outcome=Outcome.FAILURE,
        detail={"file": filename[:100], "errors": len(parsed.errors)},
        request=request,
    )
    return parsed


def raters_import(
    *,
    campaign: Campaign,
    upload: IO[bytes],
    filename: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> RaterImport:
    """Add the people of an uploaded list to the campaign's internal roster; all or
    nothing.

    1. Read and check the whole file (`raters_parse`); on any error nothing is
       stored, the refusal is audited (file name and error count only) and the
       errors are returned.
    2. Otherwise, in one transaction, enrol every row on the internal roster through
       `representative_enrol` (which keeps the ID number as a keyed hash and the
       name and phone encrypted, and the work unit) and record the import; the
       record holds, per new entry, the masked ID number, which the office's page
       reads from there (the roster keeps only the keyed hash of the number).
    3. Someone else enrolling one of the people meanwhile (the unique constraint or
       the enrol check) rolls everything back and is reported as a refusal.
    """
    parsed = raters_parse(campaign=campaign, upload=upload, filename=filename)
    if not parsed.ok:
        return _refused(
            parsed=parsed,
            campaign=campaign,
            filename=filename,
            actor=actor,
            request=request,
        )
    try:
        with transaction.atomic():
            entries = []
            for rater in parsed.raters:
                member = representative_enrol(
                    campaign=campaign,
                    id_number=rater.id_number,
                    name=rater.name,
                    phone=rater.phone,
                    district=None,
                    category=None,
                    roster=Representative.Roster.INTERNAL,
                    unit=rater.unit,
                    actor=actor,
                )
                entries.append(
                    {
                        "representative": member.pk,
                        "row": rater.row,
                        "id": mask_id(rater.id_number),
                    }
                )
            audit_record(
                actor=actor,
                action=IMPORT_ACTION,
                target=campaign,
                detail={
                    "file": filename[:100],
                    "raters": len(entries),
                    "entries": entries,
                },
                request=request,
            )
    except (IntegrityError, ValidationError):
        refused = RaterImport(errors=[RowError(None, RACE_MESSAGE)])
        return _refused(
            parsed=refused,
            campaign=campaign,
            filename=filename,
            actor=actor,
            request=request,
        )
    return parsed
