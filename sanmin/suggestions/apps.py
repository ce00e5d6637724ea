from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "sanmin.suggestions"
    label = "suggestions"
    verbose_name = "云征集"

    def ready(self) -> None:
        # Staff home links (sanmin.accounts.menu) of the areas of 云征集.
        from sanmin.suggestions import menus

        menus.register_all()
