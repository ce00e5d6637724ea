"""What a session's ballot asks: its departments, in report order, and the campaign's
rating choices, read with kept statements (see `seats`).

The departments are those of `session_departments` (the session's group, or the
campaign's internal departments for an internal session), each with its
department attached, as `select_related` would; the choices those of the campaign,
in scale order.

Given the sheet stamp the seat statement read (`campaigns.SheetStamp`, changed by
triggers with every change to those rows), a process reads a sheet once and keeps
it under that stamp; without a stamp (none read, or the row missing) it reads.
The kept model instances are shared between requests: nobody may change them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

from django.db import connections, router

from sanmin.campaigns.models import Department, Participant, RatingChoice, Session
from sanmin.core.rows import build_joined, shape


@dataclass(frozen=True)
class Sheet:
    """Equal (and hashed) by `content` only: what the new-ballot markup shows, so
    that the markup can be kept per sheet (`markup.new_ballot_list`)."""

    departments: tuple[Participant, ...] = field(compare=False)
    choices: tuple[RatingChoice, ...] = field(compare=False)
    content: tuple[object, ...] = field(repr=False)


@cache
def _statements(alias: str) -> tuple[str, str]:
    quote = connections[alias].ops.quote_name
    taking_part, department = shape(Participant, alias), shape(Department, alias)
    choice = shape(RatingChoice, alias)
    order = quote("order")
    # Table and column names from the models, quoted; every value is a parameter.
    departments = (
        f"SELECT {taking_part.select('p')}, {department.select('d')} "  # noqa: S608
        f"FROM {taking_part.table} p JOIN {department.table} d "
        f"ON d.id = p.department_id WHERE p.campaign_id = %s AND "
        f"(CASE WHEN %s THEN p.internal ELSE p.group_id = %s END) "
        f"ORDER BY p.{order}, p.id"
    )
    choices = (
        f"SELECT {choice.select('c')} FROM {choice.table} c "  # noqa: S608
        f"WHERE c.campaign_id = %s ORDER BY c.{order}, c.id"
    )
    return departments, choices


def sheet_read(session: Session, *, token: int | None = None) -> Sheet:
    """The session's departments and its campaign's choices; kept by the process
    under the sheet stamp `token` when one is given."""
    alias = router.db_for_read(Participant)
    internal = session.kind == Session.Kind.INTERNAL
    if token is None:
        return _read(alias, session.campaign_id, internal, session.group_id)
    return _kept(alias, session.campaign_id, internal, session.group_id, token)


@lru_cache(maxsize=256)
def _kept(
    alias: str, campaign_id: int, internal: bool, group_id: int | None, token: int
) -> Sheet:
    return _read(alias, campaign_id, internal, group_id)


def _read(alias: str, campaign_id: int, internal: bool, group_id: int | None) -> Sheet:
    departments_sql, choices_sql = _statements(alias)
    taking_part, department = shape(Participant, alias), shape(Department, alias)
    choice = shape(RatingChoice, alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(departments_sql, [campaign_id, internal, group_id])
        rows = cursor.fetchall()
        cursor.execute(choices_sql, [campaign_id])
        choice_rows = cursor.fetchall()
    departments = []
    for row in rows:
        (participant, its_department), _ = build_joined(row, taking_part, department)
        Participant.department.field.set_cached_value(participant, its_department)
        departments.append(participant)
    choices = tuple(choice.build(row) for row in choice_rows)
    return Sheet(
        departments=tuple(departments),
        choices=choices,
        content=(
            tuple((p.pk, p.department.name, p.group_id) for p in departments),
            tuple((c.code, c.label) for c in choices),
        ),
    )
