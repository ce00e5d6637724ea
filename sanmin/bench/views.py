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
from typing import Any

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


@cache
def _survey_rows_of(questionnaire_id: int) -> tuple[Any, dict[str, Any], list[Any]]:
    """The questionnaire, one valid synthetic answer set and its texts, read once
    per process (sanmin/surveys/synthetic.py draws it)."""
    import random

    from sanmin.surveys.models import Questionnaire
    from sanmin.surveys.selectors.structure import questionnaire_structure
    from sanmin.surveys.synthetic import questions_of, synthetic_answers

    questionnaire = Questionnaire.objects.get(pk=questionnaire_id)
    structure = questionnaire_structure(questionnaire=questionnaire)
    answers = synthetic_answers(
        structure, questions_of(structure), random.Random(questionnaire_id)
    )
    texts = [
        (q.id, answers[q.code])
        for q in structure.questions
        if q.is_text and q.code in answers
    ]
    return questionnaire, answers, texts


@csrf_exempt
@require_POST
def bare_survey(request: HttpRequest, questionnaire_id: int) -> JsonResponse:
    """The floor for `sanmin bench surveys`: the rows one answer stores — its
    participation, the response and its texts — in one transaction, with no
    authentication, validation, tallies or audit. The participations get identities
    of their own (`bench-bare-…`), never a citizen's."""
    from django.utils import timezone

    from sanmin.surveys.models import Channel, Respondent, Response, TextAnswer

    questionnaire, answers, texts = _survey_rows_of(questionnaire_id)
    response_id = uuid.uuid4()
    with transaction.atomic():
        Respondent.objects.create(
            campaign_id=questionnaire.campaign_id,
            code=questionnaire.code,
            identity_hash=f"bench-bare-{secrets.token_hex(16)}",
            channel=Channel.CITIZEN,
            answered_at=timezone.now(),
        )
        Response.objects.create(
            id=response_id,
            questionnaire=questionnaire,
            channel=Channel.CITIZEN,
            answers=answers,
        )
        TextAnswer.objects.bulk_create(
            TextAnswer(response_id=response_id, question_id=pk, text=text)
            for pk, text in texts
        )
    return JsonResponse({"receipt": str(response_id)})
