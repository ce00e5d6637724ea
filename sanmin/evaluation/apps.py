from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "sanmin.evaluation"
    label = "evaluation"
    verbose_name = "云评议"
