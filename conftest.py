"""Test-wide set-up: a key file per run, and flushes that may empty append-only tables."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_DATA_DIR = Path(tempfile.mkdtemp(prefix="sanmin-test-"))
os.environ.setdefault("SANMIN_DATA_DIR", str(_DATA_DIR))
os.environ.setdefault("SANMIN_KEY_FILE", str(_DATA_DIR / "keys.json"))
os.environ.setdefault(
    "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
)


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings
    from django.core.management.commands import flush

    from sanmin.core import crypto

    settings.MEDIA_ROOT = _DATA_DIR / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    crypto.generate_key_file(Path(os.environ["SANMIN_KEY_FILE"]))

    original = flush.Command.handle

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        from sanmin.audit.guard import purge_allowed

        with purge_allowed(options.get("database", "default")):
            return original(self, *args, **options)

    flush.Command.handle = handle  # type: ignore[method-assign]
