from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sanmin.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from sanmin.audit import guard

        guard.connect()
