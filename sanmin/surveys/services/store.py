"""Storing one accepted answer: participation, content and live counts.

`answer_store` writes, inside the caller's transaction, what `response_submit`
has decided to keep:

- the Respondent (who took part: unique per questionnaire family and identity);
- the Response (what was answered: a random id, no person, no time) and a
  TextAnswer for each free text and "other" text;
- a PendingTally: the answer's Tally keys (`tally_keys`) in one row. Updating
  the ~26 counter rows of an answer in its own transaction made concurrent
  answers wait on each other's counters until each commit was on disk, and cost
  more than the rest of the answer; `tallies_fold` adds the pending rows to the
  Tally rows later (the scheduler, every minute), and readers sum both.

On PostgreSQL all of it is one statement (data-modifying WITH clauses): the
public survey takes thousands of answers an hour at its peak, and each round trip
of the ORM's four or more statements cost more than the work itself. Elsewhere
(SQLite, in-process, no round trips) the ORM writes the rows. A second answer by
one identity fails on the Respondent's unique constraint (IntegrityError) on both
paths, with nothing stored.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection, transaction

from sanmin.surveys.models import (
    Kind,
    PendingTally,
    Respondent,
    Response,
    Tally,
    TextAnswer,
)
from sanmin.surveys.selectors.structure import Structure

# (questionnaire, question, row, option, district, category), as Tally keys them.
TallyKey = tuple[int, int, int, int, int, int]


@dataclass(frozen=True)
class Stored:
    respondent_id: int
    response: Response


def tally_keys(
    *, structure: Structure, answers: Mapping[str, Any]
) -> list[tuple[int, int, int]]:
    """The (question, row, option) keys a response counts under, sorted.

    (0, 0, 0) counts responses; (question, 0, 0) the answers to a question; a
    chosen option (question, 0, option); a matrix row answered (question, row, 0)
    and its scale point (question, row, option). A chosen "other" without an
    option row of its own counts only as an answer to the question.
    """
    keys: set[tuple[int, int, int]] = {(0, 0, 0)}
    for question in structure.questions:
        value = answers.get(question.code)
        if value is None:
            continue
        keys.add((question.id, 0, 0))
        if question.kind == Kind.MATRIX:
            rows = {row.code: row.id for row in question.rows}
            for row_code, option_code in value.items():
                option = question.option(option_code)
                keys.add((question.id, rows[row_code], 0))
                if option is not None:
                    keys.add((question.id, rows[row_code], option.id))
        elif question.kind in (Kind.SINGLE, Kind.RATING, Kind.MULTIPLE):
            for code in question.chosen(value):
                option = question.option(code)
                if option is not None:
                    keys.add((question.id, 0, option.id))
    return sorted(keys)


def text_rows(
    *, structure: Structure, answers: Mapping[str, Any]
) -> list[tuple[int, str]]:
    """(question id, text) of every free text and "other" text answered."""
    return [
        (question.id, text)
        for question in structure.questions
        for key in (question.code, question.other_key)
        if (question.is_text or key == question.other_key)
        and (text := answers.get(key))
    ]


def answer_store(
    *,
    questionnaire: Any,
    structure: Structure,
    answers: Mapping[str, Any],
    identity: str,
    channel: str,
    user: Any,
    network: str,
    district_id: int | None,
    category_id: int | None,
    now: dt.datetime,
) -> Stored:
    """Write one answer (module docstring); the caller holds the transaction."""
    response = Response(
        id=uuid.uuid4(),
        questionnaire=questionnaire,
        channel=channel,
        district_id=district_id,
        category_id=category_id,
        answers=answers,
    )
    respondent = Respondent(
        campaign_id=questionnaire.campaign_id,
        code=questionnaire.code,
        identity_hash=identity,
        channel=channel,
        user=user,
        network_hash=network,
        answered_at=now,
    )
    texts = text_rows(structure=structure, answers=answers)
    pending = PendingTally(
        questionnaire=questionnaire,
        district_id_key=district_id or 0,
        category_id_key=category_id or 0,
        keys=[list(key) for key in tally_keys(structure=structure, answers=answers)],
    )
    if connection.vendor == "postgresql":
        respondent_id = _write_at_once(respondent, response, texts, pending)
        response._state.adding = False
        response._state.db = connection.alias
        return Stored(respondent_id=respondent_id, response=response)
    respondent.save(force_insert=True)
    response.save(force_insert=True)
    TextAnswer.objects.bulk_create(
        TextAnswer(response=response, question_id=question_id, text=text)
        for question_id, text in texts
    )
    pending.save(force_insert=True)
    return Stored(respondent_id=int(respondent.pk), response=response)


def tallies_fold(*, limit: int = 20_000) -> int:
    """Add pending tallies to the Tally rows and delete them, in one transaction;
    the number of answers folded. The figures do not change (readers sum both).

    Up to `limit` pending rows at a time, taken with SKIP LOCKED on PostgreSQL, so
    that two folds at once (two schedulers) never count a row twice; on SQLite
    the transaction holds the write lock. The scheduler calls it every round.
    """
    with transaction.atomic():
        rows = PendingTally.objects.order_by()
        if connection.vendor == "postgresql":
            rows = rows.select_for_update(skip_locked=True)
        taken = list(
            rows.values_list(
                "pk", "questionnaire_id", "district_id_key", "category_id_key", "keys"
            )[:limit]
        )
        if not taken:
            return 0
        tallies_add(
            Counter(
                (questionnaire, q, r, o, district, category)
                for _pk, questionnaire, district, category, keys in taken
                for q, r, o in keys
            )
        )
        PendingTally.objects.filter(pk__in=[row[0] for row in taken]).delete()
    return len(taken)


def tallies_add(counts: Mapping[TallyKey, int]) -> None:
    """Add each count to its Tally row, made if missing (the caller's transaction;
    in key order, so that two callers never wait on each other in a cycle)."""
    with connection.cursor() as cursor:
        cursor.executemany(
            _UPSERT_ADD.format(table=_quoted(Tally)),
            [(*key, count) for key, count in sorted(counts.items())],
        )


def _quoted(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


_UPSERT_ADD = """
INSERT INTO {table} (questionnaire_id, question_id_key, row_id_key, option_id_key,
                     district_id_key, category_id_key, count)
VALUES (%s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (questionnaire_id, question_id_key, row_id_key, option_id_key,
             district_id_key, category_id_key)
DO UPDATE SET count = {table}.count + EXCLUDED.count
"""

_AT_ONCE = """
WITH respondent AS (
    INSERT INTO {respondent} (campaign_id, code, identity_hash, channel, user_id,
                              network_hash, answered_at)
    VALUES (%(campaign)s, %(code)s, %(identity)s, %(channel)s, %(user)s,
            %(network)s, %(at)s)
    RETURNING id
), response AS (
    INSERT INTO {response} (id, questionnaire_id, channel, district_id, category_id,
                            answers)
    VALUES (%(response)s, %(questionnaire)s, %(channel)s, %(district)s,
            %(category)s, %(answers)s::jsonb)
), texts AS (
    INSERT INTO {text} (id, response_id, question_id, text)
    SELECT t.id, %(response)s, t.question, t.text
    FROM unnest(%(text_ids)s::uuid[], %(text_questions)s::integer[], %(texts)s::text[])
         AS t(id, question, text)
), pending AS (
    INSERT INTO {pending} (id, questionnaire_id, district_id_key, category_id_key,
                           keys)
    VALUES (%(pending)s, %(questionnaire)s, %(district_key)s, %(category_key)s,
            %(keys)s::jsonb)
)
SELECT id FROM respondent
"""


@cache
def _at_once_sql() -> str:
    return _AT_ONCE.format(
        respondent=_quoted(Respondent),
        response=_quoted(Response),
        text=_quoted(TextAnswer),
        pending=_quoted(PendingTally),
    )


def _write_at_once(
    respondent: Respondent,
    response: Response,
    texts: list[tuple[int, str]],
    pending: PendingTally,
) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            _at_once_sql(),
            {
                "campaign": respondent.campaign_id,
                "code": respondent.code,
                "identity": respondent.identity_hash,
                "channel": respondent.channel,
                "user": respondent.user_id,
                "network": respondent.network_hash,
                "at": respondent.answered_at,
                "response": response.id,
                "questionnaire": response.questionnaire_id,
                "district": response.district_id,
                "category": response.category_id,
                "answers": json.dumps(response.answers, ensure_ascii=False),
                "text_ids": [uuid.uuid4() for _ in texts],
                "text_questions": [question for question, _text in texts],
                "texts": [text for _question, text in texts],
                "pending": pending.id,
                "district_key": pending.district_id_key,
                "category_key": pending.category_id_key,
                "keys": json.dumps(pending.keys),
            },
        )
        row = cursor.fetchone()
    return int(row[0])
