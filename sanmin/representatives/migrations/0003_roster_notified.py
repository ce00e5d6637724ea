from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("representatives", "0002_selection"),
    ]

    operations = [
        migrations.AddField(
            model_name="representative",
            name="notified_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="选聘通知时间"
            ),
        ),
        migrations.AddField(
            model_name="representative",
            name="status_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="状态说明"),
        ),
    ]
