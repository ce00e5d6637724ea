from django.db import migrations


def forwards(apps, schema_editor):
    from sanmin.audit import guard

    guard.install(schema_editor, "audit_auditevent")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
