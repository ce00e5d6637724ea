"""The PostgreSQL health check (`sanmin.core.postgresql`): a kept, idle connection
passes without a round trip; one the server has ended is closed and replaced."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql import base

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def test_the_backend_is_ours() -> None:
    assert connection.settings_dict["ENGINE"] == "sanmin.core.postgresql"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_an_idle_connection_is_usable_without_asking_the_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connection.ensure_connection()

    def no_round_trip(self: object) -> bool:
        raise AssertionError("the server was asked")

    monkeypatch.setattr(base.DatabaseWrapper, "is_usable", no_round_trip)
    assert connection.is_usable()


def test_a_connection_the_server_ended_is_replaced() -> None:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with psycopg.connect(**connection.get_connection_params()) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not connection.is_usable()
    connection.health_check_done = False  # type: ignore[attr-defined]
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
