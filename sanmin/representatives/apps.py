from django.apps import AppConfig


class RepresentativesConfig(AppConfig):
    name = "sanmin.representatives"
    label = "representatives"
    verbose_name = "市民代表"
