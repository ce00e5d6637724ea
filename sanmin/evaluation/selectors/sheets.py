"""What a session's ballot asks: its departments, in report order, and the campaign's
rating choices, read with kept statements (see `seats`).

The departments are those of `session_departments` (the session's group, or the
campaign's internal departments for an internal session), each with its
department attached, as `select_related` would; the choices those of the campaign,
in scale order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connections, router

from sanmin.campaigns.models import Department, Participant, RatingChoice, Session
from sanmin.core.rows import shape


@dataclass(frozen=True)
class Sheet:
    departments: tuple[Participant, ...]
    choices: tuple[RatingChoice, ...]
    # Everything the new-ballot markup shows (and so the key it is kept under).
    content: tuple[object, ...] = field(repr=False)


_STATEMENTS: dict[str, tuple[str, str]] = {}


def _statements(alias: str) -> tuple[str, str]:
    found = _STATEMENTS.get(alias)
    if found is not None:
        return found
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
    _STATEMENTS[alias] = found = (departments, choices)
    return found


def sheet_read(session: Session) -> Sheet:
    """The session's departments and its campaign's choices."""
    alias = router.db_for_read(Participant)
    departments_sql, choices_sql = _statements(alias)
    taking_part, department = shape(Participant, alias), shape(Department, alias)
    choice = shape(RatingChoice, alias)
    width = len(taking_part.columns)
    internal = session.kind == Session.Kind.INTERNAL
    with connections[alias].cursor() as cursor:
        cursor.execute(
            departments_sql, [session.campaign_id, internal, session.group_id]
        )
        rows = cursor.fetchall()
        cursor.execute(choices_sql, [session.campaign_id])
        choice_rows = cursor.fetchall()
    departments = []
    for row in rows:
        participant = taking_part.build(row[:width])
        Participant.department.field.set_cached_value(
            participant, department.build(row[width:])
        )
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
