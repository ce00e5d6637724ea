"""Staff home links of 社情民意调查 (a link shows only once its page exists)."""

from __future__ import annotations

from sanmin.accounts import menu
from sanmin.accounts.models import Role

LINKS: tuple[tuple[str, str, str, int], ...] = (
    (Role.STATISTICS, "调查问卷管理", "surveys:builder", 50),
    (Role.STATISTICS, "社情民意调查结果", "surveys:results", 51),
    (Role.OFFICE, "社情民意调查结果", "surveys:results", 51),
)


def register_all() -> None:
    for role, label, url_name, order in LINKS:
        menu.register(role, label, url_name, order=order)
