from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from sanmin.accounts import menu
from sanmin.accounts.models import User
from sanmin.accounts.tests.fixtures import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry() -> Iterator[None]:
    """An empty registry for the test; the apps' own links come back after it."""
    saved = {role: list(items) for role, items in menu._REGISTRY.items()}
    menu._REGISTRY.clear()
    yield
    menu._REGISTRY.clear()
    menu._REGISTRY.update(saved)


def test_it_lists_the_links_registered_for_the_role(
    registry: None, statistics_user: User
) -> None:
    menu.register("statistics", "修改我的密码", "accounts:password-change")
    menu.register("office", "只给办公厅", "accounts:login")

    page = verified_client(statistics_user).get(reverse("accounts:home"))

    text = page.content.decode()
    assert "修改我的密码" in text
    assert "只给办公厅" not in text


def test_it_skips_pages_that_do_not_exist_yet(
    registry: None, statistics_user: User
) -> None:
    menu.register("statistics", "尚未建成", "evaluation:not-built")
    menu.register("statistics", "需要参数", "admin:accounts_user_change")

    links = menu.menu_for(statistics_user)

    assert [link.label for link in links] == []


def test_it_shows_a_link_only_to_the_people_it_is_for(
    registry: None, statistics_user: User, supervisor_user: User
) -> None:
    menu.register_many(
        ("statistics", "supervisor"),
        "只给评审专家",
        "accounts:password-change",
        shown_to=lambda user: user.role == "supervisor",
    )

    assert [link.label for link in menu.menu_for(statistics_user)] == []
    assert [link.label for link in menu.menu_for(supervisor_user)] == ["只给评审专家"]


def test_it_registers_a_page_once_and_keeps_the_order(registry: None) -> None:
    menu.register("supervisor", "二", "accounts:password-change", order=20)
    menu.register("supervisor", "一", "accounts:home", order=10)
    menu.register("supervisor", "二（重复）", "accounts:password-change")

    assert [entry.label for entry in menu.entries("supervisor")] == ["一", "二"]


def test_it_links_the_admin_for_admin_roles_only(
    office_user: User, supervisor_user: User
) -> None:
    admin_url = reverse("admin:index")
    assert admin_url in [link.url for link in menu.menu_for(office_user)]
    assert admin_url not in [link.url for link in menu.menu_for(supervisor_user)]
