from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "sanmin.dashboards"
    label = "dashboards"
    verbose_name = "实时看板"
