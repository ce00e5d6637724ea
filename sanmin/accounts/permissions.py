"""What the admin roles may do in the Django admin, by app.

Permissions follow the role instead of being granted user by user: the office
configures the campaign, the operator runs the system. An app whose models are in the
admin grants them here from its `admin.py`, e.g.::

    admin_grant(role="office", app_label="representatives", actions=VIEW_ONLY)

Only roles that may open the admin at all (`ADMIN_ROLES` in models) are checked; any
other role gets nothing from this table.
"""

from __future__ import annotations

from collections.abc import Iterable

ALL_ACTIONS = frozenset({"view", "add", "change", "delete"})
VIEW_ONLY = frozenset({"view"})

# role → app label → actions. Strings, not `Role`, because models import this module.
_GRANTS: dict[str, dict[str, frozenset[str]]] = {
    "office": {
        "campaigns": ALL_ACTIONS,
        "reporting": ALL_ACTIONS,
    },
    "operator": {
        "accounts": frozenset({"view", "change"}),
        "audit": VIEW_ONLY,
        "campaigns": VIEW_ONLY,
        "django_tasks_database": VIEW_ONLY,
        "identity": VIEW_ONLY,
    },
}


def admin_grant(*, role: str, app_label: str, actions: Iterable[str]) -> None:
    """Let `role` perform `actions` on every model of `app_label` in the admin."""
    unknown = set(actions) - ALL_ACTIONS
    if unknown:
        raise ValueError(f"unknown admin actions: {sorted(unknown)}")
    if role not in {"office", "operator"}:
        raise ValueError(f"role {role!r} does not use the admin")
    current = _GRANTS.setdefault(role, {}).get(app_label, frozenset())
    _GRANTS[role][app_label] = current | frozenset(actions)


def role_has_admin_perm(role: str, perm: str) -> bool:
    """Whether `role` holds a permission written as "app_label.action_model"."""
    app_label, _, codename = perm.partition(".")
    action = codename.partition("_")[0]
    return action in _GRANTS.get(role, {}).get(app_label, frozenset())


def role_has_admin_module(role: str, app_label: str) -> bool:
    return bool(_GRANTS.get(role, {}).get(app_label))
