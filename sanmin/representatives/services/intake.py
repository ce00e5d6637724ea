"""Candidates by three channels: organisational recommendation and random-sample pools
imported from spreadsheets, and the citizen's own sign-up (自愿报名).

Every way in keeps the same rules: a valid ID number (GB 11643), 18 or older on the
reference date (the day of intake: the plan takes sign-ups during the preparation
phase, weeks before the sessions, so the day of intake is the strictest fair choice),
a mobile number, a category of the campaign that the channel fills, and the same
person (keyed ID hash) a candidate at most once per campaign, whatever the channel.
ID numbers, names and phones are stored encrypted; gender and birth date are derived
from the ID number. No message or audit detail repeats an ID or phone number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.models import Outcome
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign, District
from sanmin.core import crypto
from sanmin.core.personal import id_error, normalise_id, phone_error
from sanmin.core.spreadsheets import RowError
from sanmin.representatives.forms.candidate_sheet import (
    MIN_AGE,
    IntakeImport,
    IntakeRow,
    age_on,
    candidates_parse,
    id_birth,
    id_gender,
)
from sanmin.representatives.models import Candidate, Channel, ImportBatch, Review
from sanmin.representatives.selectors.intake import (
    IntakeScope,
    campaign_districts,
    candidate_of_citizen,
    pool_frozen,
    volunteer_category,
)

IMPORT_ACTION = "candidates.import"
SIGN_UP_ACTION = "candidate.sign_up"
WITHDRAW_ACTION = "candidate.withdraw"
MIN_RESIDENCE_YEARS = 1
BULK_SIZE = 1000

FROZEN_MESSAGE = "本活动已公布代表抽取的承诺值，候选池已冻结，不能再增加或撤回候选人"
CLOSED_MESSAGE = "本活动已结束，不再接受候选人"
RACE_MESSAGE = "导入期间有人已被登记为候选人，所有数据均未导入，请重新上传"


def _refuse_closed(campaign: Campaign) -> None:
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(CLOSED_MESSAGE)
    if pool_frozen(campaign=campaign):
        raise ValidationError(FROZEN_MESSAGE)


# Spreadsheet imports -------------------------------------------------------------------


def _refused(
    *,
    result: IntakeImport,
    campaign: Campaign,
    scope: IntakeScope,
    filename: str,
    actor: Any,
    request: HttpRequest | None,
) -> IntakeImport:
    audit_record(
        actor=actor,
        action=IMPORT_ACTION,
        target=campaign,
        outcome=Outcome.FAILURE,
        detail={
            "channel": scope.channel,
            "file": filename[:100],
            "errors": len(result.errors),
        },
        request=request,
    )
    return result


def candidates_import(
    *,
    campaign: Campaign,
    scope: IntakeScope,
    upload: IO[bytes],
    filename: str,
    actor: Any,
    request: HttpRequest | None = None,
    today: dt.date | None = None,
) -> IntakeImport:
    """Take in a spreadsheet of candidates for one channel; all or nothing.

    1. Refuse at once when the campaign is closed or its pool frozen by a draw.
    2. Check the whole file (`candidates_parse`); on any error nothing is stored,
       the refusal is audited (file name and error count) and the errors returned.
    3. Otherwise, in one transaction: the ImportBatch, then every candidate with
       ID number, name and phone encrypted, gender and birth date from the ID
       number, inserted in bulk (`_candidates_insert`); one audit event with counts
       per category. A concurrent candidacy of one of the people (the unique
       constraint) rolls everything back and is reported as a refusal.
    `actor` is the signed-in uploader (a user), recorded on the batch.
    """
    try:
        _refuse_closed(campaign)
    except ValidationError as error:
        result = IntakeImport(errors=[RowError(None, error.messages[0])])
        return _refused(
            result=result,
            campaign=campaign,
            scope=scope,
            filename=filename,
            actor=actor,
            request=request,
        )
    result = candidates_parse(
        campaign=campaign, scope=scope, upload=upload, filename=filename, today=today
    )
    if not result.ok:
        return _refused(
            result=result,
            campaign=campaign,
            scope=scope,
            filename=filename,
            actor=actor,
            request=request,
        )
    try:
        with transaction.atomic():
            result.batch = _store(
                campaign=campaign,
                scope=scope,
                rows=result.rows,
                filename=filename,
                actor=actor,
                request=request,
            )
    except IntegrityError:
        refused = IntakeImport(errors=[RowError(None, RACE_MESSAGE)])
        return _refused(
            result=refused,
            campaign=campaign,
            scope=scope,
            filename=filename,
            actor=actor,
            request=request,
        )
    return result


# The columns that differ from row to row, in the order `_store` gives them.
VARYING = (
    "category_id",
    "district_id",
    "id_hash",
    "id_cipher",
    "name_cipher",
    "phone_cipher",
    "gender",
    "birth_date",
    "occupation",
    "organisation",
)


def _candidates_insert(
    *, constant: dict[str, Any], varying: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Insert many candidates with one INSERT statement run by executemany.

    Django's bulk_create prepares every value of every row through the field API
    and, on SQLite, caps a statement at 999 parameters (43 candidates): it took 4.4
    of the 7 seconds of a 30,000-row import. Here the columns come from the model,
    the values every row shares (given in `constant`, else the field's default, or
    now for an auto_now_add field) are prepared once, and the rows arrive prepared
    (`varying` names their columns). Database constraints apply as for any insert.
    """
    fields = [f for f in Candidate._meta.concrete_fields if not f.primary_key]
    names = {field.attname for field in fields}
    unknown = (set(constant) | set(varying)) - names
    if unknown:
        raise ValueError(f"not columns of Candidate: {sorted(unknown)}")
    now = timezone.now()
    shared_fields = [field for field in fields if field.attname not in varying]
    shared = tuple(
        field.get_db_prep_save(
            constant[field.attname]
            if field.attname in constant
            else now
            if getattr(field, "auto_now_add", False)
            else field.get_default(),
            connection,
        )
        for field in shared_fields
    )
    by_name = {field.attname: field for field in fields}
    columns = [by_name[name].column for name in varying] + [
        field.column for field in shared_fields
    ]
    # Identifiers from the model, quoted; values only as parameters.
    quote = connection.ops.quote_name
    table = quote(Candidate._meta.db_table)
    column_list = ", ".join(quote(column) for column in columns)
    sql = (
        f"INSERT INTO {table} ({column_list}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows; executemany would send one INSERT per row
            # (a 30,000-row import: 5.8 s that way, 2.8 s with COPY). Errors
            # become Django's.
            copy_sql = f"COPY {table} ({column_list}) FROM STDIN"
            with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row + shared)
            return
        for start in range(0, len(rows), BULK_SIZE):
            cursor.executemany(
                sql, [row + shared for row in rows[start : start + BULK_SIZE]]
            )


def _store(
    *,
    campaign: Campaign,
    scope: IntakeScope,
    rows: list[IntakeRow],
    filename: str,
    actor: Any,
    request: HttpRequest | None,
) -> ImportBatch:
    batch = ImportBatch.objects.create(
        campaign=campaign,
        channel=scope.channel,
        district=scope.district,
        filename=filename[:200],
        rows=len(rows),
        uploaded_by=actor,
    )
    encrypt = crypto.cipher().encrypt
    adapt_date = connection.ops.adapt_datefield_value
    _candidates_insert(
        constant={
            "campaign_id": campaign.pk,
            "channel": scope.channel,
            "batch_id": batch.pk,
            "submitted_by_id": actor.pk,
        },
        varying=VARYING,
        rows=[
            (
                person.category.pk,
                person.district.pk if person.district else None,
                person.id_hash,
                encrypt(person.id_number),
                encrypt(person.name),
                encrypt(person.phone),
                id_gender(person.id_number).value,
                adapt_date(person.birth),
                person.occupation,
                person.organisation,
            )
            for person in rows
        ],
    )
    per_category: dict[str, int] = {}
    for person in rows:
        per_category[person.category.code] = (
            per_category.get(person.category.code, 0) + 1
        )
    audit_record(
        actor=actor,
        action=IMPORT_ACTION,
        target=batch,
        detail={
            "campaign": campaign.slug,
            "channel": scope.channel,
            "district": scope.district.code if scope.district else "",
            "file": filename[:100],
            "rows": len(rows),
            "categories": per_category,
        },
        request=request,
    )
    return batch


# 自愿报名 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignUp:
    """What a citizen enters; name and ID number come from 爱山东."""

    district: District
    local_hukou: bool
    residence_years: int | None
    occupation: str
    organisation: str
    phone: str
    consented: bool


def sign_up_errors(*, campaign: Campaign, citizen: Any, today: dt.date) -> list[str]:
    """Why this citizen may not sign up at all (before the form): no verified ID
    number, under age, already a candidate, or intake closed."""
    errors = []
    if campaign.status == Campaign.Status.CLOSED:
        errors.append(CLOSED_MESSAGE)
    elif pool_frozen(campaign=campaign):
        errors.append("代表遴选已经完成，自愿报名已截止")
    if volunteer_category(campaign=campaign) is None:
        errors.append("本活动没有自愿报名类别")
    number = _citizen_id(citizen)
    if not number:
        errors.append("您的爱山东账号缺少实名认证的身份证号码，无法报名")
    elif age_on(id_birth(number), today) < MIN_AGE:
        errors.append(f"报名须年满{MIN_AGE}周岁")
    return errors


def _citizen_id(citizen: Any) -> str:
    """The ID number 爱山东 verified (stored encrypted on the account)."""
    token = getattr(citizen, "id_cipher", "")
    if not token:
        return ""
    number = normalise_id(crypto.cipher().decrypt(token))
    return "" if id_error(number) else number


def candidate_sign_up(
    *,
    campaign: Campaign,
    citizen: Any,
    data: SignUp,
    request: HttpRequest | None = None,
    today: dt.date | None = None,
) -> Candidate:
    """A citizen signed in through 爱山东 signs up as a volunteer candidate.

    1. The citizen must have a verified ID number (from 爱山东, not typed in), be 18
       or older on `today`, and the campaign must be open with a volunteer category.
    2. Consent to the discipline rules (Annex 4) is required; a non-local household
       registration needs at least one year of residence; the phone must be a mobile
       number.
    3. One candidacy per person per campaign, whatever the channel: checked first
       for a clear message, and by the unique constraint against a concurrent one.
    4. Stored with ID number, name and phone encrypted; audited without them.
    """
    today = today or timezone.localdate()
    errors = sign_up_errors(campaign=campaign, citizen=citizen, today=today)
    if not data.consented:
        errors.append("请阅读并同意《工作纪律》后再报名")
    if not data.local_hukou and (data.residence_years or 0) < MIN_RESIDENCE_YEARS:
        errors.append(f"非本地户籍须在本市居住满{MIN_RESIDENCE_YEARS}年")
    if problem := phone_error(data.phone):
        errors.append(problem)
    if data.district not in campaign_districts(campaign=campaign):
        errors.append("请选择本活动范围内的区（市）")
    if errors:
        raise ValidationError(errors)
    if candidate_of_citizen(campaign=campaign, user=citizen) is not None:
        raise ValidationError("您已是本年度活动的候选人，不能重复报名")
    category = volunteer_category(campaign=campaign)
    number = _citizen_id(citizen)
    if category is None or not number:  # sign_up_errors said so already
        raise ValidationError("无法报名")
    encrypt = crypto.cipher().encrypt
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                campaign=campaign,
                channel=Channel.VOLUNTEER,
                category=category,
                district=data.district,
                id_hash=citizen.id_hash,
                id_cipher=encrypt(number),
                name_cipher=encrypt(citizen.display_name or ""),
                phone_cipher=encrypt(data.phone.strip()),
                gender=id_gender(number),
                birth_date=id_birth(number),
                occupation=data.occupation,
                organisation=data.organisation,
                local_hukou=data.local_hukou,
                residence_years=None if data.local_hukou else data.residence_years,
                consented_at=timezone.now(),
                submitted_by=citizen,
            )
            audit_record(
                actor=citizen,
                action=SIGN_UP_ACTION,
                target=candidate,
                detail={
                    "campaign": campaign.slug,
                    "district": data.district.code,
                    "local_hukou": data.local_hukou,
                },
                request=request,
            )
    except IntegrityError as error:
        raise ValidationError("您已是本年度活动的候选人，不能重复报名") from error
    return candidate


def candidate_withdraw(
    *, campaign: Campaign, citizen: Any, request: HttpRequest | None = None
) -> None:
    """A volunteer withdraws their own sign-up, only while neither body has decided
    and before the draw commits to the pool; the row is deleted (nothing else
    refers to it yet) and the act audited."""
    with transaction.atomic():
        candidate = (
            Candidate.objects.select_for_update()
            .filter(
                campaign=campaign,
                id_hash=getattr(citizen, "id_hash", "") or "-",
                channel=Channel.VOLUNTEER,
            )
            .first()
        )
        if candidate is None:
            raise ValidationError("您没有可撤回的报名")
        if pool_frozen(campaign=campaign):
            raise ValidationError(FROZEN_MESSAGE)
        if {candidate.police_review, candidate.petition_review} != {Review.PENDING}:
            raise ValidationError("资格审查已开始，报名不能再撤回")
        pk = candidate.pk
        candidate.delete()
        audit_record(
            actor=citizen,
            action=WITHDRAW_ACTION,
            object_type=Candidate._meta.label_lower,
            object_id=str(pk),
            detail={"campaign": campaign.slug},
            request=request,
        )
