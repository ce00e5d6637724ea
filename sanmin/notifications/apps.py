from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sanmin.notifications"
    label = "notifications"
    verbose_name = "短信通知"

    def ready(self) -> None:
        from sanmin.accounts import menu
        from sanmin.accounts.models import Role
        from sanmin.notifications import checks  # noqa: F401 (registers the checks)

        # Staff home links (sanmin.accounts.menu).
        menu.register_many(
            (Role.OFFICE, Role.OPERATOR), "短信发件箱", "notifications:outbox", order=60
        )
        menu.register_many(
            (Role.DISTRICT, Role.OFFICE),
            "未评议代表电话提醒",
            "evaluation:call-sessions",
            order=40,
        )
