"""PostgreSQL only: drop the varchar_pattern_ops twins Django adds beside the
indexes of `action` and `hash`. Nothing searches either by prefix (the log's
action filter is a substring match, which no b-tree serves), and every audited
act paid for two more index entries, one of them at a random place (the hash)."""

from django.db import migrations


COLUMNS = ("action", "hash")


def _like_indexes(schema_editor):
    table = "audit_auditevent"
    return [
        schema_editor._create_index_name(table, [column], suffix="_like")
        for column in COLUMNS
    ]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in _like_indexes(schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in zip(_like_indexes(schema_editor), COLUMNS, strict=True):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} "
            f"ON audit_auditevent ({column} varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_take_lane_function")]

    operations = [migrations.RunPython(forwards, backwards)]
