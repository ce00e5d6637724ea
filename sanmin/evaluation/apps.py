from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "sanmin.evaluation"
    label = "evaluation"
    verbose_name = "云评议"

    def ready(self) -> None:
        from sanmin.accounts import menu
        from sanmin.accounts.models import Role

        # Staff home links (sanmin.accounts.menu).
        menu.register(Role.OFFICE, "评议时段", "evaluation:windows", order=40)

        from sanmin.evaluation.views.results import menu_register

        menu_register()

        from sanmin.evaluation.views.raters import menu_register as raters_menu

        raters_menu()
