"""Sessions in the database, with the signed-in user read in the same statement.

Every signed-in request needs its session and then its user. The session row
(`SignedInSession`) carries the user's key beside Django's encoded data, so one
plain statement (`sanmin.core.rows` shapes) reads the session joined with its user;
the authentication backend then takes that user instead of reading it again
(`sanmin.accounts.backends`), and Django's own checks (active account, the
session's password hash) decide as before.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from sanmin.accounts.models import SignedInSession, User
from sanmin.core.rows import build_joined, shape


@cache
def _statement(alias: str) -> str:
    session, user = shape(SignedInSession, alias), shape(User, alias)
    # Table and column names from the models, quoted; the key is a parameter.
    return (
        f"SELECT {session.select('s')}, {user.select('u')} "  # noqa: S608
        f"FROM {session.table} s LEFT JOIN {user.table} u ON u.id = s.user_id "
        f"WHERE s.session_key = %s"
    )


class SessionStore(db.SessionStore):
    # The user the session names, read with it (None: none, or not read yet).
    user_row: User | None = None

    @classmethod
    def get_model_class(cls) -> type[SignedInSession]:
        return SignedInSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        row: Any = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        row.user_id = User._meta.pk.to_python(user_id) if user_id else None
        return row

    def _get_session_from_db(self) -> Any:
        self.user_row = None
        if not self.session_key:
            return None
        alias = router.db_for_read(SignedInSession)
        with connections[alias].cursor() as cursor:
            cursor.execute(_statement(alias), [self.session_key])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        (found, user), _ = build_joined(
            row, shape(SignedInSession, alias), shape(User, alias)
        )
        if found.expire_date <= timezone.now():
            self._session_key = None
            return None
        self.user_row = user
        return found
