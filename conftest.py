"""Test-wide set-up: a key file per run, and flushes that may empty append-only tables."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

pytest_plugins = ["sanmin.accounts.tests.fixtures"]

_DATA_DIR = Path(tempfile.mkdtemp(prefix="sanmin-test-"))


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings
    from django.core.management.commands import flush

    from sanmin.core import crypto

    # pytest-django has read the settings already, so they are changed here, not
    # through the environment.
    settings.DATA_DIR = _DATA_DIR
    settings.MEDIA_ROOT = _DATA_DIR / "media"
    settings.STATIC_ROOT = _DATA_DIR / "static"
    settings.STATIC_ROOT.mkdir(exist_ok=True)
    settings.SANMIN_KEY_FILE = str(_DATA_DIR / "keys.json")
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    # The test client has no network: the simulator adapter calls its handlers
    # in-process (the browser journeys exercise the HTTP transport).
    settings.AISHANDONG_SIMULATOR_TRANSPORT = "local"
    # SQLite tests use a file, not memory, so threads can race real connections.
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(_DATA_DIR / "test.sqlite3")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    crypto.generate_key_file(Path(settings.SANMIN_KEY_FILE))

    original = flush.Command.handle

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        from sanmin.audit.guard import purge_allowed

        with purge_allowed(options.get("database", "default")):
            return original(self, *args, **options)

    flush.Command.handle = handle  # type: ignore[method-assign]
