"""The triggers that keep `SheetStamp.token` changing with the ballot sheet's rows.

Installed by migration 0003 on both databases: after any insert, update, delete
(and on PostgreSQL truncate) of a table in `SHEET_TABLES`, the one stamp row gets a
new random token, created if the test runner's flush removed it.
"""

from __future__ import annotations

import secrets
from typing import Any

SHEET_TABLES = (
    "campaigns_participant",
    "campaigns_department",
    "campaigns_ratingchoice",
)

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION sanmin_sheet_changed() RETURNS trigger AS $$
BEGIN
    INSERT INTO campaigns_sheetstamp (id, token)
    VALUES (1, floor((random() - 0.5) * 1.8e19)::bigint)
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""

# SQLite's random() is a random 64-bit integer.
SQLITE_STAMP = (
    "INSERT INTO campaigns_sheetstamp (id, token) VALUES (1, random()) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token;"
)


def install_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        statements = [POSTGRES_FUNCTION]
        for table in SHEET_TABLES:
            statements += [
                f"CREATE TRIGGER {table}_sheet_stamp AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION sanmin_sheet_changed()",
                f"CREATE TRIGGER {table}_sheet_stamp_truncate AFTER TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION sanmin_sheet_changed()",
            ]
        return statements
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {table}_sheet_stamp_{event.lower()} AFTER {event} "
            f"ON {table} BEGIN {SQLITE_STAMP} END"
            for table in SHEET_TABLES
            for event in ("INSERT", "UPDATE", "DELETE")
        ]
    raise ValueError(f"no sheet stamp triggers for database {vendor}")


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return ["DROP FUNCTION IF EXISTS sanmin_sheet_changed() CASCADE"]
    return [
        f"DROP TRIGGER IF EXISTS {table}_sheet_stamp_{event}"
        for table in SHEET_TABLES
        for event in ("insert", "update", "delete")
    ]


def install(schema_editor: Any) -> None:
    for statement in install_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)
    schema_editor.execute(
        "INSERT INTO campaigns_sheetstamp (id, token) VALUES (1, %s)",
        [secrets.randbits(63)],
    )


def uninstall(schema_editor: Any) -> None:
    for statement in uninstall_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)
