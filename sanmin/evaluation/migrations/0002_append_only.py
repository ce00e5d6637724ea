from django.db import migrations

BALLOT_TABLES = ["evaluation_ballot", "evaluation_ballotitem"]
APPEND_ONLY = ["evaluation_participation", *BALLOT_TABLES, "evaluation_callmark"]


def forwards(apps, schema_editor):
    from sanmin.audit import guard

    for table in BALLOT_TABLES:
        guard.sqlite_without_rowid(schema_editor, table)
    for table in APPEND_ONLY:
        guard.install(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
