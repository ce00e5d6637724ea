"""What the staff view modules of 云述职 share: the role gates, and how a refused
change is shown to the user."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role

department_staff = role_required(Role.DEPARTMENT)
office_staff = role_required(Role.OFFICE)
reporting_staff = role_required(Role.DEPARTMENT, Role.OFFICE)


def messages_of(error: ValidationError) -> str:
    return "；".join(error.messages)
