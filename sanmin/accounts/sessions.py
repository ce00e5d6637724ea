"""Sessions in the database, as Django keeps them, read with one plain statement
(`sanmin.core.rows`): every signed-in request reads its session first."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.utils import timezone

from sanmin.core.rows import row_get


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        found = row_get(self.model, self.session_key) if self.session_key else None
        if found is None or found.expire_date <= timezone.now():
            self._session_key = None
            return None
        return found
