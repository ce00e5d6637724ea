from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sanmin.accounts"
    label = "accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        from sanmin.accounts import menu
        from sanmin.accounts.models import ADMIN_ROLES

        menu.register_many(
            ADMIN_ROLES, "管理后台（活动配置）", "admin:index", order=900
        )
