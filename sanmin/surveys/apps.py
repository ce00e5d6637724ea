from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "sanmin.surveys"
    label = "surveys"
    verbose_name = "社情民意调查"

    def ready(self) -> None:
        # Staff home links (sanmin.accounts.menu) of the areas of 社情民意调查.
        from sanmin.surveys import menus

        menus.register_all()
