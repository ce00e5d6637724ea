from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "sanmin.identity"
    label = "identity"
    verbose_name = "爱山东统一身份认证"
