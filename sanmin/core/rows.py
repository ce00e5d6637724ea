"""One row read by primary key, or one row inserted, without building a query
each time.

Every signed-in request reads its session with its user (`accounts.sessions`),
the hot pages read one more row (the questionnaire being answered), and every
audited act inserts an event. Through the ORM each of those costs ≈ 0.5 ms of CPU
here, most of it compiling the same query again; the statement itself ≈ 0.15 ms.
These keep the statement (and the column converters) per model and database
(`functools.cache`: models, aliases and the settings behind them do not change
while a process runs).
`shape` and `build_joined` let a module keep a statement of its own that joins
several models and get the same instances back.

`row_get` returns the same instance the ORM would (`Model.from_db`, every
concrete field, the backend's converters applied), or None when there is no such
row. `row_insert` saves a new instance as `save(force_insert=True)` would (each
field's `pre_save` and `get_db_prep_save`, the generated key set on it), without
the model signals, which nothing on the models it is used for listens to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.db import connections, router
from django.db.models import Model

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class Shape:
    """How one model's rows are read on one database: its concrete fields' columns
    (quoted) and, per column, the backend's converters."""

    model: type[Model]
    alias: str
    table: str
    columns: tuple[str, ...]
    names: tuple[str, ...]
    converters: tuple[tuple[tuple[Converter, ...], Any], ...]
    pk_index: int

    def select(self, prefix: str) -> str:
        """The column list for a SELECT, each column qualified by `prefix`."""
        return ", ".join(f"{prefix}.{column}" for column in self.columns)

    def build(self, values: Sequence[Any]) -> Any:
        """The instance the ORM would make of `values` (this shape's columns, in
        order), or None when the key is NULL (an outer join that found no row)."""
        connection = connections[self.alias]
        converted = []
        for value, (functions, column) in zip(values, self.converters, strict=True):
            for function in functions:
                value = function(value, column, connection)
            converted.append(value)
        if converted[self.pk_index] is None:
            return None
        return self.model.from_db(self.alias, list(self.names), converted)


@cache
def shape(model: type[Model], alias: str) -> Shape:
    """`model`'s shape on the database `alias`, worked out once per process."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = model._meta
    fields = list(meta.concrete_fields)
    converters = []
    for field in fields:
        column = field.get_col(meta.db_table)
        converters.append(
            (
                tuple(
                    connection.ops.get_db_converters(column)
                    + column.get_db_converters(connection)
                ),
                column,
            )
        )
    return Shape(
        model=model,
        alias=alias,
        table=quote(meta.db_table),
        columns=tuple(quote(field.column) for field in fields),
        names=tuple(field.attname for field in fields),
        converters=tuple(converters),
        pk_index=fields.index(meta.pk),
    )


def build_joined(row: Sequence[Any], *shapes: Shape) -> tuple[list[Any], Sequence[Any]]:
    """The instances of a joined row whose columns are `shapes`' in turn (each
    None where an outer join found nothing), and the columns after them."""
    built, start = [], 0
    for part in shapes:
        end = start + len(part.columns)
        built.append(part.build(row[start:end]))
        start = end
    return built, row[start:]


@cache
def _get_sql(model: type[Model], alias: str) -> str:
    found = shape(model, alias)
    quote = connections[alias].ops.quote_name
    # Names from the model, quoted; the one value is a parameter.
    return (
        f"SELECT {found.select(found.table)} FROM {found.table} "  # noqa: S608
        f"WHERE {found.table}.{quote(model._meta.pk.column)} = %s"
    )


def row_get(model: type[M], pk: Any) -> M | None:
    """The `model` row whose primary key is `pk`, or None."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(
            _get_sql(model, alias), [model._meta.pk.get_db_prep_value(pk, connection)]
        )
        row = cursor.fetchone()
    return None if row is None else shape(model, alias).build(row)


def _generated(field: Any) -> bool:
    """The database gives the value (an auto-incremented key)."""
    return bool(getattr(field, "db_returning", False))


@cache
def _insert_plan(
    model: type[Model], alias: str, rows: int, returning: bool
) -> tuple[str, list[Any]]:
    """INSERT … VALUES (…)[, (…)…] [RETURNING pk], and the fields it writes."""
    meta = model._meta
    quote = connections[alias].ops.quote_name
    fields = [
        field
        for field in meta.concrete_fields
        if not (field.primary_key and _generated(field))
    ]
    columns = ", ".join(quote(field.column) for field in fields)
    row = f"({', '.join(['%s'] * len(fields))})"
    sql = (  # names from the model, quoted; the values are parameters
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES {', '.join([row] * rows)}"
    )
    if returning:
        sql += f" RETURNING {quote(meta.pk.column)}"
    return sql, fields


def _insert(instances: Sequence[Model], *, returning: bool) -> Any:
    """Insert new rows of one model in one kept statement; the cursor's first row
    (the generated key) when `returning`."""
    model = type(instances[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    sql, fields = _insert_plan(model, alias, len(instances), returning)
    values = [
        field.get_db_prep_save(field.pre_save(instance, True), connection)
        for instance in instances
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        found = cursor.fetchone() if returning else None
    for instance in instances:
        instance._state.adding = False
        instance._state.db = alias
    return found


def row_insert(instance: Model) -> None:
    """Insert `instance` (a new row) and set its generated primary key."""
    (pk,) = _insert([instance], returning=True)
    if _generated(instance._meta.pk):
        setattr(instance, instance._meta.pk.attname, pk)


def rows_insert(instances: Sequence[Model]) -> None:
    """Insert new rows of one model whose keys are not generated by the database
    (e.g. random UUIDs) in one statement, as `bulk_create` would."""
    if not instances:
        return
    model = type(instances[0])
    if _generated(model._meta.pk) or any(type(i) is not model for i in instances):
        raise ValueError("rows_insert takes rows of one model with keys of their own")
    _insert(instances, returning=False)
