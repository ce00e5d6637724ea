from django.db import migrations

# Content tables: rebuilt WITHOUT ROWID on SQLite (ordered by their random keys).
CONTENT_TABLES = ["surveys_response", "surveys_textanswer"]
APPEND_ONLY = ["surveys_respondent", *CONTENT_TABLES]


def forwards(apps, schema_editor):
    from sanmin.audit import guard

    for table in CONTENT_TABLES:
        guard.sqlite_without_rowid(schema_editor, table)
    for table in APPEND_ONLY:
        guard.install(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
