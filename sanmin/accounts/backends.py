"""The one authentication backend: Django's, taking the signed-in user the session
was read with (`sanmin.accounts.sessions`), or else reading it with one plain
statement (`sanmin.core.rows`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from sanmin.core.rows import row_get

PATH = "sanmin.accounts.backends.AccountBackend"

# The session of the request whose user is being found (see `session_user`).
_session: ContextVar[Any] = ContextVar("sanmin_session", default=None)


@contextmanager
def session_user(session: Any) -> Iterator[None]:
    """While Django finds the request's user, let the backend take the user row
    the session store read with the session."""
    token = _session.set(session)
    try:
        yield
    finally:
        _session.reset(token)


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = getattr(_session.get(), "user_row", None)
        if user is None or str(user.pk) != str(user_id):
            user = row_get(get_user_model(), user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
