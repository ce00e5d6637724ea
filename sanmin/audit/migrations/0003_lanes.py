from django.db import migrations, models


def reinstall_triggers(apps, schema_editor):
    """Put the append-only triggers back after SQLite rebuilt the table.

    SQLite cannot add a NOT NULL column with a default in place, so Django copies the
    rows into a new table and drops the old one, and its triggers go with it (the copy
    and the drop fire no trigger). On PostgreSQL the columns are added in place (no
    row is updated, so the triggers do not fire) and reinstalling them changes nothing.
    """
    from sanmin.audit import guard

    guard.install(schema_editor, "audit_auditevent")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        # Runs last when migrating backwards: removing the columns rebuilds the table.
        migrations.RunPython(migrations.RunPython.noop, reinstall_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="lane",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="分链"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="witness",
            field=models.CharField(
                blank=True, default="", max_length=64, verbose_name="相邻分链哈希"
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["lane", "id"], name="audit_lane_id_idx"),
        ),
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]
