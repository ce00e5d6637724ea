"""The one authentication backend: Django's, reading the signed-in user with one
plain statement (`sanmin.core.rows`) on every request instead of building the
query each time."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from sanmin.core.rows import row_get

PATH = "sanmin.accounts.backends.AccountBackend"


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = row_get(get_user_model(), user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
