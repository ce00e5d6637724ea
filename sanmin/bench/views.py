"""The bare endpoint, mounted only in benchmark mode (settings.SANMIN_BENCH).

It stores the rows of one ballot (the ballot and one item for each of the 11
departments) in one transaction with no authentication, no validation, no
participation and no audit event: the floor the real ballot endpoint is compared
with. Its ballots belong to a session of their own, so they never mix with the real
ones the check counts.

With ``?audit=1`` it also appends an event to the audit chain in the same
transaction, as every cast does: the difference between the two is what the chain's
lock costs under load.
"""

from __future__ import annotations

import secrets
import uuid
from functools import cache

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sanmin.audit.services import audit_record
from sanmin.bench.dataset import BALLOT_GROUP
from sanmin.campaigns.models import Participant, RatingChoice, Session
from sanmin.evaluation.models import Ballot, BallotItem
from sanmin.evaluation.selectors.ballots import session_departments


@cache
def _rows_of(session_id: int) -> tuple[list[int], int]:
    """The departments of the benchmark's ballot (those of the 政务服务组 session)
    and one choice, read once per process."""
    bare = Session.objects.get(pk=session_id)
    session = Session.objects.get(
        campaign_id=bare.campaign_id, group__name=BALLOT_GROUP
    )
    departments: list[Participant] = list(session_departments(session))
    choice = RatingChoice.objects.filter(campaign_id=session.campaign_id).first()
    assert choice is not None
    return [p.pk for p in departments], choice.pk


@csrf_exempt
@require_POST
def bare_ballot(request: HttpRequest, session_id: int) -> JsonResponse:
    participants, choice = _rows_of(session_id)
    ballot_id = uuid.uuid4()
    receipt = secrets.token_hex(8)
    with transaction.atomic():
        if request.GET.get("audit"):
            audit_record(
                action="bench.bare",
                object_type="bench",
                object_id=receipt,
                detail={"session": session_id},
            )
        Ballot.objects.create(
            id=ballot_id,
            session_id=session_id,
            key_hash=secrets.token_hex(32),
            receipt=receipt,
        )
        BallotItem.objects.bulk_create(
            BallotItem(ballot_id=ballot_id, participant_id=pk, choice_id=choice)
            for pk in participants
        )
    return JsonResponse({"receipt": receipt})
