from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanmin.accounts.models import STAFF_ROLES, ReviewerBody, User
from sanmin.accounts.selectors import user_by_username, user_totp_device
from sanmin.accounts.services import (
    staff_create,
    staff_totp_device_create,
    staff_unlock,
)
from sanmin.accounts.totp import totp_code
from sanmin.campaigns.models import Department, District

ACTOR = "命令行"


class Command(BaseCommand):
    help = (
        "工作人员账号：create 创建；device 签发身份验证器；totp 显示当前验证码"
        "（仅演示环境）；unlock 解除锁定"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建工作人员账号")
        create.add_argument("username")
        create.add_argument("--password", required=True)
        create.add_argument("--role", required=True, choices=sorted(STAFF_ROLES))
        create.add_argument("--name", required=True, help="姓名")
        create.add_argument("--district", help="区（市）代码或名称（区（市）工作人员）")
        create.add_argument("--department", help="部门代码或名称（部门工作人员）")
        create.add_argument(
            "--reviewer-body", default="", choices=["", *ReviewerBody.values]
        )
        create.add_argument(
            "--with-totp",
            action="store_true",
            help="同时签发已确认的身份验证器并显示其配置链接",
        )
        device = sub.add_parser("device", help="签发（替换）身份验证器并显示配置链接")
        device.add_argument("username")
        totp = sub.add_parser("totp", help="显示当前动态验证码（仅演示环境）")
        totp.add_argument("username")
        unlock = sub.add_parser("unlock", help="解除登录锁定")
        unlock.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "create":
                self._create(options)
            elif action == "device":
                self._device(self._user(options["username"]))
            elif action == "totp":
                self._totp(self._user(options["username"]))
            else:
                staff_unlock(user=self._user(options["username"]), actor=ACTOR)
                self.stdout.write(self.style.SUCCESS("已解除锁定"))
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error

    def _user(self, username: str) -> User:
        user = user_by_username(username=username)
        if user is None:
            raise CommandError(f"找不到用户“{username}”")
        return user

    def _create(self, options: dict[str, Any]) -> None:
        district = department = None
        if options["district"]:
            district = District.objects.filter(code=options["district"]).first() or (
                District.objects.filter(name=options["district"]).first()
            )
            if district is None:
                raise CommandError(f"找不到区（市）“{options['district']}”")
        if options["department"]:
            department = Department.objects.filter(
                code=options["department"]
            ).first() or (
                Department.objects.filter(
                    name=options["department"], district__isnull=True
                ).first()
            )
            if department is None:
                raise CommandError(f"找不到部门“{options['department']}”")
        user = staff_create(
            username=options["username"],
            password=options["password"],
            role=options["role"],
            display_name=options["name"],
            district=district,
            department=department,
            reviewer_body=options["reviewer_body"],
            actor=ACTOR,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"已创建工作人员账号：{user.username}（{user.get_role_display()}）"
            )
        )
        if options["with_totp"]:
            self._device(user)

    def _device(self, user: User) -> None:
        device = staff_totp_device_create(user=user, actor=ACTOR)
        self.stdout.write(
            f"身份验证器配置链接（请用身份验证器添加）：{device.config_url}"
        )

    def _totp(self, user: User) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "生产环境不提供此命令：动态验证码只能由本人的身份验证器生成"
            )
        device = user_totp_device(user=user)
        if device is None:
            raise CommandError(f"用户“{user.username}”尚未绑定身份验证器")
        self.stdout.write(totp_code(device))
