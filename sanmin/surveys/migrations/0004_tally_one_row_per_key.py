"""Tally without shards: answers no longer update the counters (they add a
PendingTally row), so nothing spreads writes over shards any more. The rows of one
key are merged into one before the column goes."""

from django.db import migrations, models
from django.db.models import Min, Sum

KEY = [
    "questionnaire",
    "question_id_key",
    "row_id_key",
    "option_id_key",
    "district_id_key",
    "category_id_key",
]


def merge(apps, schema_editor):
    Tally = apps.get_model("surveys", "Tally")
    keep: list[int] = []
    for group in Tally.objects.values(*KEY).annotate(
        total=Sum("count"), first=Min("id")
    ):
        Tally.objects.filter(pk=group["first"]).update(count=group["total"])
        keep.append(group["first"])
    Tally.objects.exclude(pk__in=keep).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_pending_tally")]

    operations = [
        migrations.RemoveConstraint(model_name="tally", name="tally_key_unique"),
        migrations.RunPython(merge, migrations.RunPython.noop),
        migrations.RemoveField(model_name="tally", name="shard"),
        migrations.AddConstraint(
            model_name="tally",
            constraint=models.UniqueConstraint(fields=KEY, name="tally_key_unique"),
        ),
    ]
