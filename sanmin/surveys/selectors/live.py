"""The live counts: the Tally rows plus the answers not yet folded into them
(`PendingTally`, see services/store.py), read in one statement so that a fold
committing meanwhile can neither hide nor double an answer."""

from __future__ import annotations

from django.db import connection
from django.db.models import Value

from sanmin.surveys.models import PendingTally, Tally

# Keys of the counters: (question pk, row pk or 0, option pk or 0, group or 0).
Key = tuple[int, int, int, int]

_GROUP_COLUMNS = {None: "0", "district": "d", "category": "c"}

# One pending row's keys as rows (q, r, o, d, c, n), per database's JSON functions.
_PENDING_ROWS = {
    "postgresql": """
    SELECT (k.value->>0)::integer, (k.value->>1)::integer, (k.value->>2)::integer,
           p.district_id_key, p.category_id_key, 1
    FROM {pending} p CROSS JOIN LATERAL jsonb_array_elements(p.keys) AS k(value)
    WHERE p.questionnaire_id = %s""",
    "sqlite": """
    SELECT json_extract(k.value, '$[0]'), json_extract(k.value, '$[1]'),
           json_extract(k.value, '$[2]'), p.district_id_key, p.category_id_key, 1
    FROM {pending} p, json_each(p.keys) AS k
    WHERE p.questionnaire_id = %s""",
}

_LIVE = """
SELECT q, r, o, {group}, SUM(n) FROM (
    SELECT question_id_key AS q, row_id_key AS r, option_id_key AS o,
           district_id_key AS d, category_id_key AS c, count AS n
    FROM {tally} WHERE questionnaire_id = %s
    UNION ALL {pending_rows}
) AS live
GROUP BY q, r, o{group_by}
"""


def live_counts(*, questionnaire_id: int, by: str | None) -> dict[Key, int]:
    """Every tally key's count for one questionnaire version, per district or
    representative category (`by`) or overall (group 0)."""
    quote = connection.ops.quote_name
    group = _GROUP_COLUMNS[by]
    sql = _LIVE.format(
        group=group,
        group_by="" if by is None else f", {group}",
        tally=quote(Tally._meta.db_table),
        pending_rows=_PENDING_ROWS[connection.vendor].format(
            pending=quote(PendingTally._meta.db_table)
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [questionnaire_id, questionnaire_id])
        return {
            (int(q), int(r), int(o), int(g)): int(n)
            for q, r, o, g, n in cursor.fetchall()
        }


def live_response_totals(questionnaire_ids: list[int]) -> dict[int, int]:
    """The number of responses of each questionnaire version given (the tallies'
    response key and the pending answers), in one statement."""
    counted = Tally.objects.filter(
        questionnaire__in=questionnaire_ids, question_id_key=0
    ).values_list("questionnaire_id", "count")
    pending = PendingTally.objects.filter(
        questionnaire__in=questionnaire_ids
    ).values_list("questionnaire_id", Value(1))
    totals: dict[int, int] = {}
    for questionnaire_id, count in counted.union(pending, all=True):
        totals[questionnaire_id] = totals.get(questionnaire_id, 0) + count
    return totals
