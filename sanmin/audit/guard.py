"""Database-side refusal of UPDATE and DELETE on append-only tables.

The triggers (see the migrations that call `install_sql`) consult a per-connection
switch so that the test runner's flush can empty tables between tests; nothing in the
application turns it on. On SQLite the switch is a function registered on every
connection; on PostgreSQL it is the session setting `sanmin.purge`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections
from django.db.backends.signals import connection_created

_sqlite_purge = {"on": False}


def _register(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "sanmin_purge_allowed",
            0,
            lambda: int(_sqlite_purge["on"]),
            deterministic=False,
        )


def connect() -> None:
    connection_created.connect(_register, dispatch_uid="sanmin-audit-guard")


def install_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION sanmin_refuse_change()",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION sanmin_refuse_change()",
        ]
    if vendor == "sqlite":
        message = f"{table} is append-only"
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_update",
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
            f"DROP TRIGGER IF EXISTS {table}_no_delete",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"WHEN sanmin_purge_allowed() = 0 "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        ]
    raise ValueError(f"no append-only triggers for database {vendor}")


POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION sanmin_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE')
       AND current_setting('sanmin.purge', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only',
        ERRCODE = '42501';
END
$$ LANGUAGE plpgsql
"""


def install(schema_editor: Any, table: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
    for statement in install_sql(vendor, table):
        schema_editor.execute(statement)


@contextmanager
def purge_allowed(using: str = "default") -> Iterator[None]:
    """Let the test runner empty append-only tables. Never used by the application."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET sanmin.purge = 'on'")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET sanmin.purge")
    else:
        _sqlite_purge["on"] = True
        try:
            yield
        finally:
            _sqlite_purge["on"] = False


def sqlite_without_rowid(schema_editor: Any, table: str) -> None:
    """Rebuild an empty SQLite table as WITHOUT ROWID, keeping its indexes.

    A rowid table stores rows in insertion order; a WITHOUT ROWID table is ordered by
    its primary key, which for ballots is a random UUID.
    """
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type='table' AND name=%s", [table]
        )
        (create,) = cursor.fetchone()
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name=%s "
            "AND sql IS NOT NULL",
            [table],
        )
        indexes = [row[0] for row in cursor.fetchall()]
        # The table name comes from the migration's constant list, never from input.
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
        if cursor.fetchone()[0]:
            raise ValueError(f"{table} must be empty to be rebuilt")
    temporary = f"{table}__rebuild"
    body = create[create.index("(") :]
    schema_editor.execute(f'CREATE TABLE "{temporary}" {body} WITHOUT ROWID')
    schema_editor.execute(f'DROP TABLE "{table}"')
    schema_editor.execute(f'ALTER TABLE "{temporary}" RENAME TO "{table}"')
    for statement in indexes:
        schema_editor.execute(statement)
