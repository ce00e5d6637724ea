from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "sanmin.identity"
    label = "identity"
    verbose_name = "爱山东统一身份认证"

    def ready(self) -> None:
        from sanmin.identity import checks  # noqa: F401 (registers the checks)
