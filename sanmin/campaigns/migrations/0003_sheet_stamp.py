from django.db import migrations, models


def forwards(apps, schema_editor):
    from sanmin.campaigns import sheet_stamp

    sheet_stamp.install(schema_editor)


def backwards(apps, schema_editor):
    from sanmin.campaigns import sheet_stamp

    sheet_stamp.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_level_unique_constraints"),
    ]

    operations = [
        migrations.CreateModel(
            name="SheetStamp",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("token", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "评议表版本",
                "verbose_name_plural": "评议表版本",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)), name="sheet_stamp_single_row"
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
