from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "sanmin.reporting"
    label = "reporting"
    verbose_name = "云述职"
