import uuid

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    """Like the answers' content tables: on SQLite kept in the order of the random
    keys, not of arrival (0002)."""
    from sanmin.audit import guard

    guard.sqlite_without_rowid(schema_editor, "surveys_pendingtally")


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_append_only")]

    operations = [
        migrations.CreateModel(
            name="PendingTally",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "district_id_key",
                    models.PositiveIntegerField(default=0, verbose_name="区（市）"),
                ),
                (
                    "category_id_key",
                    models.PositiveIntegerField(default=0, verbose_name="代表类别"),
                ),
                ("keys", models.JSONField(verbose_name="计数键")),
                (
                    "questionnaire",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="surveys.questionnaire",
                    ),
                ),
            ],
            options={
                "verbose_name": "待计入的计数",
                "verbose_name_plural": "待计入的计数",
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
