from django.apps import AppConfig


class RepresentativesConfig(AppConfig):
    name = "sanmin.representatives"
    label = "representatives"
    verbose_name = "市民代表"

    def ready(self) -> None:
        # Staff home links (sanmin.accounts.menu) of intake, review, draw and roster.
        from sanmin.representatives.views import draws, intake, roster

        intake.menu_register()
        draws.menu_register()
        roster.menu_register()
