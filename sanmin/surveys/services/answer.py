"""Answering a questionnaire: every answer checked on the server, once per person.

`answers_validate` checks a filled questionnaire against its structure and returns
the answers as they are stored; `response_submit` decides who answers and stores
them (store.py: participation apart from content, and the live counts) with one
audit event in one transaction, or refuses with a message in Chinese and stores
nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.accounts.models import Role
from sanmin.audit.services import audit_record
from sanmin.core import crypto
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import representative_entries_for
from sanmin.surveys.models import (
    Audience,
    Channel,
    Kind,
    Questionnaire,
    QuestionnaireStatus,
    Respondent,
    Response,
)
from sanmin.surveys.selectors.structure import (
    QuestionDef,
    Structure,
    questionnaire_structure,
)
from sanmin.surveys.services import antiabuse
from sanmin.surveys.services.store import answer_store

# The option of a single/multiple question with "其他（请注明）" whose text is asked.
OTHER_CODE = "other"
NUMBER_MAX_CHARS = 20

# The code of the refusal of a second answer by one identity: the page then shows
# the thank-you page rather than the form.
ANSWERED = "answered"
ALREADY_ANSWERED = "您已填写过本问卷，每人只能填写一次，感谢您的参与。"
DEVICE_ALREADY_ANSWERED = "本设备已提交过本问卷，每台设备只能匿名填写一次。"
NOT_OPEN = "问卷尚未开放，暂不能填写。"
CLOSED = "本问卷已结束，不能再提交。"
SUPERSEDED = "本问卷已更新为新版本，请刷新页面填写最新版本。"
NOT_STARTED = "问卷尚未开始，请在开始时间后填写。"
ENDED = "问卷已过截止时间，不能再提交。"
SIGN_IN = "请通过爱山东登录后填写。"
NOT_REPRESENTATIVE = "本问卷仅限本年度市民代表填写，您目前不在市民代表名单中。"


# Checking the answers -----------------------------------------------------------------


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    if isinstance(value, list | tuple | set):
        return all(_blank(v) for v in value)
    return False


def _text(value: Any) -> str:
    return "" if value is None else str(value).replace("\x00", "").strip()


def _labels(question: QuestionDef, codes: tuple[str, ...]) -> str:
    labels = [o.label for o in question.options if o.code in codes]
    return "、".join(f"“{label}”" for label in labels) or "指定选项"


def _other_text(
    question: QuestionDef, chosen: list[str], data: Mapping[str, Any]
) -> str | None:
    """The "other" text when "other" is chosen; ValidationError when it is missing
    or too long; None when "other" is not chosen (a leftover text is dropped)."""
    if not question.other_option or OTHER_CODE not in chosen:
        return None
    text = _text(data.get(question.other_key))
    if not text:
        raise ValidationError("选择了“其他”，请注明具体内容")
    if len(text) > question.max_length:
        raise ValidationError(
            f"“其他”的说明不能超过 {question.max_length} 字（现为 {len(text)} 字）"
        )
    return text


def _allowed(question: QuestionDef) -> set[str]:
    codes = set(question.option_codes)
    if question.other_option:
        codes.add(OTHER_CODE)
    return codes


def _single(question: QuestionDef, value: Any) -> str:
    if not isinstance(value, str) or value not in _allowed(question):
        raise ValidationError("所选答案不是本题的选项，请重新选择")
    return value


def _multiple(question: QuestionDef, value: Any) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list | tuple) or not all(
        isinstance(v, str) for v in values
    ):
        raise ValidationError("所选答案不是本题的选项，请重新选择")
    allowed = _allowed(question)
    if any(v not in allowed for v in values):
        raise ValidationError("所选答案不是本题的选项，请重新选择")
    order = [*question.option_codes, OTHER_CODE]
    chosen = sorted(set(values), key=order.index)
    if question.max_choices is not None and len(chosen) > question.max_choices:
        raise ValidationError(
            f"最多选择 {question.max_choices} 项（现选 {len(chosen)} 项）"
        )
    if question.min_choices is not None and len(chosen) < question.min_choices:
        raise ValidationError(
            f"至少选择 {question.min_choices} 项（现选 {len(chosen)} 项）"
        )
    return chosen


def _matrix(question: QuestionDef, value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise ValidationError("请逐行选择答案")
    rows = set(question.row_codes)
    scale = set(question.option_codes)
    chosen: dict[str, str] = {}
    for row, option in value.items():
        if _blank(option):
            continue
        if row not in rows:
            raise ValidationError("答案中有不属于本题的行，请刷新页面后重新填写")
        if not isinstance(option, str) or option not in scale:
            raise ValidationError("所选答案不是本题的选项，请重新选择")
        chosen[row] = option
    missing = [r.label for r in question.rows if r.code not in chosen]
    if question.required and missing:
        raise ValidationError(f"请为每一行选择答案，尚未选择：{'、'.join(missing)}")
    if not chosen:
        raise ValidationError("请逐行选择答案")
    return {r.code: chosen[r.code] for r in question.rows if r.code in chosen}


def _long_text(question: QuestionDef, value: Any) -> str:
    text = _text(value)
    if len(text) > question.max_length:
        raise ValidationError(
            f"不能超过 {question.max_length} 字（现为 {len(text)} 字）"
        )
    return text


def _number(question: QuestionDef, value: Any) -> str:
    raw = _text(value)
    try:
        if isinstance(value, bool) or len(raw) > NUMBER_MAX_CHARS:
            raise InvalidOperation
        number = Decimal(raw.replace("，", ".").replace(",", ""))
    except InvalidOperation:
        raise ValidationError("请填写数字，例如 12") from None
    if not number.is_finite():
        raise ValidationError("请填写数字，例如 12")
    low, high = question.min_value, question.max_value
    if low is not None and high is not None and not low <= number <= high:
        raise ValidationError(f"请填写 {_plain(low)} 到 {_plain(high)} 之间的数字")
    if low is not None and number < low:
        raise ValidationError(f"不能小于 {_plain(low)}")
    if high is not None and number > high:
        raise ValidationError(f"不能大于 {_plain(high)}")
    return _plain(number)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _checked(
    question: QuestionDef, value: Any, data: Mapping[str, Any]
) -> dict[str, Any]:
    """The stored entries of one shown, answered question (its own key, and the
    "other" text under `<code>__other`)."""
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.RATING):
        chosen = _single(question, value)
        other = _other_text(question, [chosen], data)
        entries: dict[str, Any] = {question.code: chosen}
    elif kind == Kind.MULTIPLE:
        chosen_list = _multiple(question, value)
        other = _other_text(question, chosen_list, data)
        entries = {question.code: chosen_list}
    elif kind == Kind.MATRIX:
        return {question.code: _matrix(question, value)}
    elif kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        return {question.code: _long_text(question, value)}
    elif kind == Kind.NUMBER:
        return {question.code: _number(question, value)}
    else:  # a kind this version does not know: never store it unchecked
        raise ValidationError("本题题型无法作答，请联系管理员")
    if other is not None:
        entries[question.other_key] = other
    return entries


def answers_validate(
    *, structure: Structure, data: Mapping[str, Any]
) -> dict[str, Any]:
    """The answers as stored, or ValidationError with a message per question code.

    1. Decide which questions are shown for these answers (`Structure.visible`, the
       rule the page's JavaScript follows too).
    2. A hidden question must be unanswered.
    3. A shown question that is required must be answered.
    4. Each answer is checked for its kind: choices among the question's options,
       the number of choices of a multiple choice, the "other" text, every row of
       a required matrix, text length, number and its bounds.
    Keys that are no question's are ignored; only shown questions are returned.
    """
    shown = structure.visible(data)
    errors: dict[str, list[str]] = {}
    answers: dict[str, Any] = {}
    for question in structure.questions:
        value = data.get(question.code)
        if question.code not in shown:
            if not _blank(value):
                source = structure.question(question.show_if or "")
                where = f"第 {source.position} 题" if source else "前面的题目"
                choices = _labels(source, question.show_if_options) if source else ""
                errors[question.code] = [
                    f"本题只在{where}选择{choices}时回答，请不要填写本题"
                ]
            continue
        if _blank(value):
            if question.required:
                errors[question.code] = ["本题为必答题，请作答"]
            continue
        try:
            answers.update(_checked(question, value, data))
        except ValidationError as error:
            errors[question.code] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    return answers


# Storing a response ------------------------------------------------------------------


def questionnaire_admits(
    *, questionnaire: Questionnaire, now: dt.datetime | None = None
) -> None:
    """Refuse answers to a draft, closed or superseded version, or outside its dates."""
    now = now or timezone.now()
    if questionnaire.status == QuestionnaireStatus.DRAFT:
        raise ValidationError(NOT_OPEN)
    if questionnaire.status == QuestionnaireStatus.CLOSED:
        newer = Questionnaire.objects.filter(
            campaign_id=questionnaire.campaign_id,
            code=questionnaire.code,
            version__gt=questionnaire.version,
            status=QuestionnaireStatus.OPEN,
        ).exists()
        raise ValidationError(SUPERSEDED if newer else CLOSED)
    if questionnaire.opens_at and now < questionnaire.opens_at:
        raise ValidationError(NOT_STARTED)
    if questionnaire.closes_at and now >= questionnaire.closes_at:
        raise ValidationError(ENDED)


def citizen_identity(user: Any) -> str:
    """The Respondent identity of a signed-in citizen (keyed hash of the ID hash)."""
    return crypto.keyed_hash(user.id_hash, purpose="survey-respondent")


def _is_citizen(user: Any) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "role", "") == Role.CITIZEN
        and bool(getattr(user, "id_hash", ""))
    )


def roster_entry(*, user: Any, questionnaire: Questionnaire) -> Representative | None:
    """The citizen's serving roster entry in the questionnaire's campaign."""
    if not _is_citizen(user):
        return None
    entries = representative_entries_for(user.id_hash).filter(
        campaign_id=questionnaire.campaign_id
    )
    return entries.order_by("-roster", "pk").first()  # "public" before "internal"


def has_answered(
    *, questionnaire: Questionnaire, user: Any = None, device_token: str = ""
) -> bool:
    """Whether this person (or, anonymously, this device) has answered the family."""
    if _is_citizen(user):
        identity = citizen_identity(user)
    elif device_token:
        identity = antiabuse.device_identity(device_token)
    else:
        return False
    return Respondent.objects.filter(
        campaign_id=questionnaire.campaign_id,
        code=questionnaire.code,
        identity_hash=identity,
    ).exists()


def response_submit(
    *,
    questionnaire: Questionnaire,
    user: Any = None,
    device_token: str = "",
    data: Mapping[str, Any],
    request: HttpRequest | None = None,
    proof: antiabuse.Proof | None = None,
    now: dt.datetime | None = None,
) -> Response:
    """Store one filled questionnaire, or refuse it (ValidationError, nothing stored).

    1. The version must be open (not a draft, not closed or superseded by a newer
       version) and within its dates.
    2. Who answers: the representatives' questionnaire only a citizen on the
       campaign's roster (district and category from the roster entry); the public
       survey a citizen signed in through 爱山东, or — when the office allows it —
       an anonymous device (`device_token`, with the anti-abuse checks of
       `antiabuse`: the proof of work and the per-network limit).
    3. The answers pass `answers_validate`.
    4. In one transaction (`store.answer_store`): the Respondent, unique per
       family and identity, so that a second answer by one identity — every
       version, concurrent submissions too — is refused (code ANSWERED) with
       nothing stored; the Response (random id, no person, no time; district and
       category only), its free texts, the tally increments; and one audit event
       naming the participation.
    """
    now = now or timezone.now()
    questionnaire_admits(questionnaire=questionnaire, now=now)
    district_id: int | None = None
    category_id: int | None = None
    network = ""
    proven = False
    if questionnaire.audience == Audience.REPRESENTATIVE:
        if not _is_citizen(user):
            raise ValidationError(SIGN_IN)
        entry = roster_entry(user=user, questionnaire=questionnaire)
        if entry is None:
            raise ValidationError(NOT_REPRESENTATIVE)
        channel, identity = Channel.REPRESENTATIVE, citizen_identity(user)
        district_id, category_id = entry.district_id, entry.category_id
    elif _is_citizen(user):
        channel, identity = Channel.CITIZEN, citizen_identity(user)
    elif questionnaire.allow_anonymous and device_token:
        channel, identity = Channel.ANONYMOUS, antiabuse.device_identity(device_token)
    elif questionnaire.allow_anonymous:
        raise ValidationError(antiabuse.NO_DEVICE)
    else:
        raise ValidationError(SIGN_IN)
    anonymous = channel == Channel.ANONYMOUS
    if anonymous:
        proven = antiabuse.proof_check(
            proof=proof,
            questionnaire_id=questionnaire.pk,
            device_token=device_token,
            now=now,
        )
        network = antiabuse.network_hash(request)
        antiabuse.network_admit(
            campaign_id=questionnaire.campaign_id,
            code=questionnaire.code,
            network=network,
            proven=proven,
            now=now,
        )
    structure = questionnaire_structure(questionnaire=questionnaire)
    answers = answers_validate(structure=structure, data=data)
    if channel != Channel.REPRESENTATIVE:
        district_id = structure.district_of(answers)
    try:
        with transaction.atomic():
            stored = answer_store(
                questionnaire=questionnaire,
                structure=structure,
                answers=answers,
                identity=identity,
                channel=channel,
                user=None if anonymous else user,
                network=network,
                district_id=district_id,
                category_id=category_id,
                now=now,
            )
            audit_record(
                actor=None if anonymous else user,
                action="survey.answer",
                object_type=Respondent._meta.label_lower,
                object_id=str(stored.respondent_id),
                detail={"questionnaire": questionnaire.pk, "channel": channel},
            )
    except IntegrityError:
        raise ValidationError(
            DEVICE_ALREADY_ANSWERED if anonymous else ALREADY_ANSWERED, code=ANSWERED
        ) from None
    return stored.response
