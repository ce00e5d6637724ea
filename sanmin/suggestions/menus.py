"""Staff home links of 云征集 (a link shows only once its page exists)."""

from __future__ import annotations

from typing import Any

from sanmin.accounts import menu
from sanmin.accounts.models import STAFF_ROLES, Role

LINKS: tuple[tuple[str, str, str, int], ...] = (
    (Role.OFFICE, "建议受理与交办", "suggestions:triage", 40),
    (Role.OFFICE, "建议办理督办", "suggestions:deadlines", 41),
    (Role.OFFICE, "建议统计与导出", "suggestions:stats", 42),
    (Role.OFFICE, "优秀建议评选", "suggestions:excellence", 43),
    (Role.DEPARTMENT, "交办建议办理", "suggestions:items", 40),
    (Role.STATISTICS, "建议统计与导出", "suggestions:stats", 42),
    (Role.SUPERVISOR, "违纪举报", "suggestions:complaints", 40),
)


def on_current_panel(user: Any) -> bool:
    """Whether the user sits on the running campaign's 优秀建议 review panel."""
    from sanmin.campaigns.selectors import campaign_current
    from sanmin.suggestions.selectors.excellence import panelist_of

    campaign = campaign_current()
    return (
        campaign is not None and panelist_of(user=user, campaign=campaign) is not None
    )


def register_all() -> None:
    for role, label, url_name, order in LINKS:
        menu.register(role, label, url_name, order=order)
    # Panelists may be staff of any role but department staff.
    panel_roles = STAFF_ROLES - {Role.DEPARTMENT}
    menu.register_many(
        panel_roles,
        "优秀建议评审",
        "suggestions:panel",
        order=44,
        shown_to=on_current_panel,
    )
