from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sanmin.core"
    label = "core"
    verbose_name = "基础"
