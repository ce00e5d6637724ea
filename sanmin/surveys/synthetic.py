"""Synthetic public responses, written fast: for `sanmin bench surveys` (a million)
and for the demo (a few hundred, so that `make run` shows results).

`responses_load` writes `count` answers to a questionnaire in chunks, with what
`response_submit` stores for each: a Respondent (participation), a Response (the
content, no person and no time), a TextAnswer per text and "other" text, and the
Tally increments. On PostgreSQL the rows go in with COPY (CSV); elsewhere with
bulk_create. The tallies are counted in memory over the whole load by the very
function `response_submit` uses for its increments, and written once at the end,
so they equal what one submission after another would have left (`results_recount`
checks it in the test).

Answers are drawn at random but always valid: required questions answered, choices
taken from the question, multiple choice within its bounds, numbers within theirs,
texts within their limit, questions hidden by their condition left out.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from sanmin.surveys.models import (
    Channel,
    Kind,
    Questionnaire,
    Respondent,
    Response,
    Tally,
    TextAnswer,
)
from sanmin.surveys.selectors.structure import Structure
from sanmin.surveys.services.answer import OTHER_CODE
from sanmin.surveys.services.store import (
    TallyKey,
    tallies_add,
    tally_keys,
    text_rows,
)

CHUNK = 20_000
# Free texts drawn from a small bank (a search finds them; exports carry them).
PHRASES = (
    "小区停车位不足，晚上经常找不到车位",
    "希望增加社区卫生服务站的夜间门诊",
    "公园健身器材老化，建议更换",
    "学校周边上下学时段交通拥堵",
    "老旧小区加装电梯进度太慢",
    "社区食堂价格实惠，希望推广",
    "夜间路灯不亮，存在安全隐患",
    "垃圾分类投放点距离太远",
    "希望图书馆延长开放时间",
    "困难家庭救助申请手续繁琐",
)
# Scale points drawn with these weights, in the scale's order (满意 … 不了解).
SCALE_WEIGHTS = (0.38, 0.27, 0.18, 0.09, 0.08)
# Share of the answers to a question with "其他（请注明）" that choose it.
OTHER_SHARE = 0.05


@dataclass
class Q:
    """What the generator needs of one question, from the questionnaire's
    `Structure` (the read model answering, results and exports use too)."""

    id: int
    code: str
    kind: str
    required: bool
    options: list[str]
    weights: list[float]
    rows: list[str]
    min_choices: int
    max_choices: int
    max_length: int
    low: int
    high: int
    show_if: str | None
    other: bool


def questions_of(structure: Structure) -> list[Q]:
    """The questionnaire's questions in order, ready for drawing answers."""
    found = []
    for question in structure.questions:
        codes = list(question.option_codes)
        scale = question.kind in (Kind.RATING, Kind.MATRIX)
        weights = (
            [SCALE_WEIGHTS[min(n, len(SCALE_WEIGHTS) - 1)] for n in range(len(codes))]
            if scale
            else [1.0] * len(codes)
        )
        low = int(question.min_value) if question.min_value is not None else 0
        high = int(question.max_value) if question.max_value is not None else low + 100
        top = min(question.max_choices or len(codes), len(codes))
        found.append(
            Q(
                id=question.id,
                code=question.code,
                kind=question.kind,
                required=question.required,
                options=codes,
                weights=weights,
                rows=list(question.row_codes),
                min_choices=min(max(question.min_choices or 1, 1), top),
                max_choices=top,
                max_length=question.max_length,
                low=low,
                high=max(high, low),
                show_if=question.show_if,
                other=question.other_option,
            )
        )
    return found


def synthetic_answers(
    structure: Structure, questions: Sequence[Q], rng: random.Random
) -> dict[str, Any]:
    """One valid answer set in the stored shape (see `Response.answers`): drawn in
    order, then the questions their conditions hide are dropped."""
    answers: dict[str, Any] = {}
    conditional = False
    for q in questions:
        conditional = conditional or q.show_if is not None
        if not q.required and rng.random() < 0.3:
            continue
        if q.other and rng.random() < OTHER_SHARE:
            answers[q.code] = OTHER_CODE if q.kind == Kind.SINGLE else [OTHER_CODE]
            answers[f"{q.code}__other"] = rng.choice(PHRASES)[: max(q.max_length, 1)]
        elif q.kind in (Kind.SINGLE, Kind.RATING):
            if q.options:
                answers[q.code] = rng.choices(q.options, q.weights)[0]
        elif q.kind == Kind.MATRIX:
            answers[q.code] = {
                row: rng.choices(q.options, q.weights)[0] for row in q.rows
            }
        elif q.kind == Kind.MULTIPLE:
            if q.max_choices:
                answers[q.code] = sorted(
                    rng.sample(q.options, rng.randint(q.min_choices, q.max_choices)),
                    key=q.options.index,
                )
        elif q.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            if q.required or rng.random() < 0.5:
                answers[q.code] = rng.choice(PHRASES)[: max(q.max_length, 1)]
        elif q.kind == Kind.NUMBER:
            answers[q.code] = str(rng.randint(q.low, q.high))
    if conditional:
        shown = structure.visible(answers)
        answers = {
            code: value
            for code, value in answers.items()
            if code.removesuffix("__other") in shown
        }
    return answers


@dataclass
class Loaded:
    responses: int = 0
    texts: int = 0
    tally_rows: int = 0
    increments: int = 0


RESPONSE_COLUMNS = [
    "id",
    "questionnaire_id",
    "channel",
    "district_id",
    "category_id",
    "answers",
]
RESPONDENT_COLUMNS = [
    "campaign_id",
    "code",
    "identity_hash",
    "channel",
    "user_id",
    "network_hash",
    "answered_at",
]
TEXT_COLUMNS = ["id", "response_id", "question_id", "text"]
TALLY_COLUMNS = [
    "questionnaire_id",
    "question_id_key",
    "row_id_key",
    "option_id_key",
    "district_id_key",
    "category_id_key",
    "count",
]


def _copy(
    model: type[Model], columns: list[str], rows: Iterable[Sequence[Any]]
) -> None:
    """COPY rows into the model's table in CSV: None is NULL, an empty string stays
    empty in the text columns that may not be NULL, a dict is written as JSON."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(
        [
            json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
            for value in row
        ]
        for row in rows
    )
    quote = connection.ops.quote_name
    fields = {field.column: field for field in model._meta.concrete_fields}
    texts = [
        quote(column)
        for column in columns
        if not fields[column].null
        and fields[column].get_internal_type()
        in ("CharField", "SlugField", "TextField")
    ]
    options = "FORMAT csv" + (f", FORCE_NOT_NULL ({', '.join(texts)})" if texts else "")
    names = ", ".join(quote(column) for column in columns)
    sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN WITH ({options})"
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(sql) as copy:
            copy.write(buffer.getvalue())


def _insert(
    model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]
) -> None:
    """COPY on PostgreSQL, bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy(model, columns, rows)
        return
    model._default_manager.bulk_create(
        (model(**dict(zip(columns, row, strict=True))) for row in rows),
        batch_size=2000,
    )


def responses_load(
    *,
    questionnaire: Questionnaire,
    structure: Structure,
    count: int,
    seed: int = 1,
    chunk: int = CHUNK,
) -> Loaded:
    """Write `count` synthetic citizen responses to `questionnaire` with their
    participations, texts and tallies, in transactions of `chunk` responses.

    For each response, as `response_submit` would: the answers (valid, see
    `synthetic_answers`); its district from the answer to the district question
    (`Structure.district_of`); a participation with an
    identity of its own; a TextAnswer for every text and "other" text; the tally
    keys of `tally_keys`, counted under that district.
    The tallies are counted in memory and written at the end (COPY into an empty
    table, or added to the rows already there with `tallies_add`)."""
    questions = questions_of(structure)
    keys_of = _keys_memo(structure)
    rng = random.Random(seed)
    counts: Counter[TallyKey] = Counter()
    loaded = Loaded()
    now = timezone.now()
    for start in range(0, count, chunk):
        respondents: list[tuple[Any, ...]] = []
        responses: list[tuple[Any, ...]] = []
        texts: list[tuple[Any, ...]] = []
        for serial in range(start, min(start + chunk, count)):
            answers = synthetic_answers(structure, questions, rng)
            district = structure.district_of(answers)
            response_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            responses.append(
                (
                    response_id,
                    questionnaire.pk,
                    Channel.CITIZEN,
                    district,
                    None,
                    answers,
                )
            )
            respondents.append(
                (
                    questionnaire.campaign_id,
                    questionnaire.code,
                    hashlib.sha256(
                        f"bench-survey-{seed}-{serial}".encode()
                    ).hexdigest(),
                    Channel.CITIZEN,
                    None,
                    "",
                    now,
                )
            )
            texts.extend(
                (uuid.UUID(int=rng.getrandbits(128), version=4), response_id, pk, text)
                for pk, text in text_rows(structure=structure, answers=answers)
            )
            for q, r, o in keys_of(answers):
                counts[(questionnaire.pk, q, r, o, district or 0, 0)] += 1
        with transaction.atomic():
            _insert(Response, RESPONSE_COLUMNS, responses)
            _insert(Respondent, RESPONDENT_COLUMNS, respondents)
            _insert(TextAnswer, TEXT_COLUMNS, texts)
        loaded.responses += len(responses)
        loaded.texts += len(texts)
    loaded.tally_rows = _tallies_write(questionnaire, counts)
    loaded.increments = sum(counts.values())
    return loaded


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    if isinstance(value, list):
        return tuple(value)
    return value


def _keys_memo(structure: Structure) -> Any:
    """`tally_keys` of a response, from those of each of its answers alone, each
    asked of `tally_keys` once per distinct answer: it derives every key from one
    question's answer, so the union is the same, and a million responses cost a
    few thousand calls. (The test compares the result with a recount.)"""
    memo: dict[tuple[str, Any], list[tuple[int, int, int]]] = {}

    def keys_of(answers: dict[str, Any]) -> set[tuple[int, int, int]]:
        keys: set[tuple[int, int, int]] = {(0, 0, 0)}
        for code, value in answers.items():
            token = (code, _frozen(value))
            found = memo.get(token)
            if found is None:
                found = tally_keys(structure=structure, answers={code: value})
                memo[token] = found
            keys.update(found)
        return keys

    return keys_of


def _tallies_write(questionnaire: Questionnaire, counts: Counter[TallyKey]) -> int:
    """Add the counted increments to the questionnaire's tallies."""
    with transaction.atomic():
        fresh = not Tally.objects.filter(questionnaire=questionnaire).exists()
        if fresh and connection.vendor == "postgresql":
            _copy(
                Tally,
                TALLY_COLUMNS,
                [(*key, n) for key, n in sorted(counts.items())],
            )
        else:
            tallies_add(counts)
    return len(counts)
