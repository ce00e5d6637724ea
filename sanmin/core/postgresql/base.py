"""Django's PostgreSQL backend with a health check that needs no round trip.

With `CONN_HEALTH_CHECKS`, Django checks a kept connection at the start of every
request by sending `SELECT 1` and waiting for the answer: on the ballot pages that
was one exchange with the server in every six. An idle connection has nothing to
read; when the server ends it (a restart, a terminated backend, an idle timeout) it
sends its goodbye and closes the socket, which makes the socket readable. So the
check asks the operating system whether the socket is readable, without waiting,
and only then sends Django's `SELECT 1`, which tells a closed connection from a
notice the server sent while it was idle.
"""

from __future__ import annotations

import select

import psycopg
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None or self.connection.closed:
            return False
        try:
            poller = select.poll()
            poller.register(self.connection.fileno(), select.POLLIN)
            readable = bool(poller.poll(0))
        except (OSError, ValueError, psycopg.Error):
            return False
        return bool(super().is_usable()) if readable else True
