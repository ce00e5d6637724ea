from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "sanmin.reporting"
    label = "reporting"
    verbose_name = "云述职"

    def ready(self) -> None:
        from sanmin.accounts import menu
        from sanmin.accounts.models import Role

        # Staff home links (sanmin.accounts.menu).
        menu.register(
            Role.DEPARTMENT, "述职材料填报", "reporting:manage-home", order=10
        )
        menu.register(
            Role.OFFICE, "述职材料审核", "reporting:manage-review-queue", order=10
        )
        menu.register(Role.OFFICE, "各部门述职材料", "reporting:manage-home", order=11)
        menu.register(
            Role.OFFICE, "公告管理", "reporting:manage-announcements", order=20
        )
        menu.register(
            Role.OFFICE, "访谈热点问题导入", "reporting:manage-hot-topics", order=30
        )
        menu.register(
            Role.OFFICE, "市民代表提问审核", "reporting:manage-questions", order=31
        )
