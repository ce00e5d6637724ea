from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sanmin.core.demo import demo_seed
from sanmin.core.demo_selection import selection_demo_lines
from sanmin.suggestions.demo import suggestions_demo_lines


class Command(BaseCommand):
    help = "演示数据：seed 载入2024年青岛活动与演示账号（只在首次运行时打印登录信息）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["seed"])

    def handle(self, *args: Any, **options: Any) -> None:
        seeded = demo_seed()
        if seeded is None:
            self.stdout.write("演示数据已存在，保留现有数据。")
            return
        logins, people = seeded
        out = self.stdout.write
        out("=" * 72)
        out("演示账号（只显示这一次，请记下）。工作人员登录：/accounts/login/")
        out("第二步验证码：把密钥加入身份验证器，或运行 `sanmin staff totp 用户名`。")
        out("-" * 72)
        for login in logins:
            out(f"{login.username:<18} {login.role:<14} {login.scope}")
            out(f"    密码 {login.password}    TOTP密钥 {login.totp_secret}")
        out("-" * 72)
        out("爱山东模拟器中的演示人员（合成数据，非真实个人）：")
        representatives = sum(1 for p in people if p.representative)
        out(
            f"    市民代表 {representatives} 人，普通市民 {len(people) - representatives} 人；"
            "在模拟登录页选择即可。"
        )
        for line in (*selection_demo_lines(), *suggestions_demo_lines()):
            out(line)
        out("=" * 72)
