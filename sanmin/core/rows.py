"""One row read by primary key, or one row inserted, without building a query
each time.

Every signed-in request reads its session and its user, the hot pages read one
more row (the questionnaire being answered), and every audited act inserts an
event. Through the ORM each of those costs ≈ 0.5 ms of CPU here, most of it
compiling the same query again; the statement itself ≈ 0.15 ms. These keep the
statement (and the column converters) per model and database.

`row_get` returns the same instance the ORM would (`Model.from_db`, every
concrete field, the backend's converters applied), or None when there is no such
row. `row_insert` saves a new instance as `save(force_insert=True)` would (each
field's `pre_save` and `get_db_prep_save`, the generated key set on it), without
the model signals, which nothing on the models it is used for listens to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connections, router
from django.db.models import Model

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, Any], Any]

# (model, database alias) → (SELECT …, field names, per column its converters and column)
_READS: dict[
    tuple[type[Model], str], tuple[str, list[str], list[tuple[list[Converter], Any]]]
] = {}


def _plan(
    model: type[Model], alias: str
) -> tuple[str, list[str], list[tuple[list[Converter], Any]]]:
    key = (model, alias)
    plan = _READS.get(key)
    if plan is None:
        connection = connections[alias]
        quote = connection.ops.quote_name
        meta = model._meta
        fields = list(meta.concrete_fields)
        table = meta.db_table
        columns = ", ".join(quote(field.column) for field in fields)
        # Names from the model, quoted; the one value is a parameter.
        where = f"{quote(meta.pk.column)} = %s"
        sql = f"SELECT {columns} FROM {quote(table)} WHERE {where}"  # noqa: S608
        converters = []
        for field in fields:
            column = field.get_col(table)
            converters.append(
                (
                    connection.ops.get_db_converters(column)
                    + column.get_db_converters(connection),
                    column,
                )
            )
        plan = (sql, [field.attname for field in fields], converters)
        _READS[key] = plan
    return plan


def row_get(model: type[M], pk: Any) -> M | None:
    """The `model` row whose primary key is `pk`, or None."""
    alias = router.db_for_read(model)
    sql, names, converters = _plan(model, alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.pk.get_db_prep_value(pk, connection)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, (functions, column) in zip(row, converters, strict=True):
        for function in functions:
            value = function(value, column, connection)
        values.append(value)
    return model.from_db(alias, names, values)


def _generated(field: Any) -> bool:
    """The database gives the value (an auto-incremented key)."""
    return bool(getattr(field, "db_returning", False))


# (model, database alias) → (INSERT … RETURNING pk, the fields written)
_WRITES: dict[tuple[type[Model], str], tuple[str, list[Any]]] = {}


def row_insert(instance: Model) -> None:
    """Insert `instance` (a new row) and set its generated primary key."""
    model = type(instance)
    alias = router.db_for_write(model)
    connection = connections[alias]
    key = (model, alias)
    plan = _WRITES.get(key)
    meta = model._meta
    if plan is None:
        quote = connection.ops.quote_name
        fields = [
            field
            for field in meta.concrete_fields
            if not (field.primary_key and _generated(field))
        ]
        columns = ", ".join(quote(field.column) for field in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = (  # names from the model, quoted; the values are parameters
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
            f" RETURNING {quote(meta.pk.column)}"
        )
        plan = (sql, fields)
        _WRITES[key] = plan
    sql, fields = plan
    values = [
        field.get_db_prep_save(field.pre_save(instance, True), connection)
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        (pk,) = cursor.fetchone()
    if _generated(meta.pk):
        setattr(instance, meta.pk.attname, pk)
    instance._state.adding = False
    instance._state.db = alias
