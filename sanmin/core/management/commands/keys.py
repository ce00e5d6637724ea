from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from sanmin.core.crypto import generate_key_file


class Command(BaseCommand):
    help = "个人信息密钥：init 生成本地密钥文件（仅在未设置环境变量时使用）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["init"])

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(settings.SANMIN_KEY_FILE)
        if generate_key_file(path):
            self.stdout.write(
                f"已生成本地密钥文件：{path}（请妥善备份，丢失后无法解密个人信息）"
            )
        else:
            self.stdout.write(f"密钥文件已存在：{path}")
