"""The staff home (工作台): which links each role sees.

Apps add their staff pages at start-up, from their AppConfig.ready()::

    from sanmin.accounts import menu
    menu.register("office", "述职材料审核", "reporting:review-queue")
    menu.register_many(("office", "statistics"), "评议结果", "evaluation:results")

Links show in `order` (default 100), then in registration order. A URL name that does
not resolve (a page not built yet, or one that needs arguments) is skipped when the
menu is shown, not an error. A link for some people of a role only (e.g. the members
of a review panel) passes `shown_to`, asked for each user when the menu is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    order: int = 100
    shown_to: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str


_REGISTRY: dict[str, list[MenuEntry]] = {}


def register(
    role: str,
    label: str,
    url_name: str,
    *,
    order: int = 100,
    shown_to: Callable[[Any], bool] | None = None,
) -> None:
    """Show the page `url_name` as `label` on the home of `role` (once)."""
    entries = _REGISTRY.setdefault(str(role), [])
    if all(entry.url_name != url_name for entry in entries):
        entries.append(MenuEntry(label, url_name, order, shown_to))


def register_many(
    roles: Iterable[str],
    label: str,
    url_name: str,
    *,
    order: int = 100,
    shown_to: Callable[[Any], bool] | None = None,
) -> None:
    for role in roles:
        register(role, label, url_name, order=order, shown_to=shown_to)


def entries(role: str) -> list[MenuEntry]:
    """The registered entries of a role, in the order they are shown."""
    return sorted(_REGISTRY.get(str(role), []), key=lambda entry: entry.order)


def menu_for(user: Any) -> list[MenuLink]:
    """The links of the user's role that resolve now."""
    links = []
    for entry in entries(getattr(user, "role", "")):
        if entry.shown_to is not None and not entry.shown_to(user):
            continue
        try:
            links.append(MenuLink(entry.label, reverse(entry.url_name)))
        except NoReverseMatch:
            continue
    return links
