"""Personal-data protection: a replaceable cipher and a keyed look-up hash.

The cipher sits behind `Cipher` so that a certified SM4 module can replace the default
AES-256-GCM one by setting SANMIN_CIPHER. Keys come from SANMIN_DATA_KEY and
SANMIN_LOOKUP_KEY (base64, 32 bytes) or, on a laptop, from a key file that
`sanmin keys init` writes once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from functools import cache
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


class Cipher(Protocol):
    """Encrypts short personal values; output is ASCII text for a CharField."""

    def encrypt(self, plaintext: str) -> str: ...

    def decrypt(self, token: str) -> str: ...


class AesGcmCipher:
    """AES-256-GCM with a random 96-bit nonce; the token carries a version prefix."""

    prefix = "a1:"

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def encrypt(self, plaintext: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), None)
        return self.prefix + base64.urlsafe_b64encode(nonce + sealed).decode()

    def decrypt(self, token: str) -> str:
        if not token.startswith(self.prefix):
            raise ValueError("unknown cipher token")
        raw = base64.urlsafe_b64decode(token[len(self.prefix) :])
        return self._aead.decrypt(raw[:12], raw[12:], None).decode()


def generate_key_file(path: Path) -> bool:
    """Write a new key file unless one exists. Returns True when written."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = {
        "data_key": base64.b64encode(os.urandom(32)).decode(),
        "lookup_key": base64.b64encode(os.urandom(32)).decode(),
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(keys, handle)
    return True


@cache
def _keys() -> dict[str, bytes]:
    data = os.environ.get("SANMIN_DATA_KEY")
    lookup = os.environ.get("SANMIN_LOOKUP_KEY")
    if not (data and lookup):
        path = Path(settings.SANMIN_KEY_FILE)
        if not path.exists():
            raise ImproperlyConfigured(
                "缺少个人信息加密密钥：请设置 SANMIN_DATA_KEY 与 SANMIN_LOOKUP_KEY，"
                "或运行 `sanmin keys init` 生成本地密钥文件。"
            )
        stored = json.loads(path.read_text())
        data, lookup = stored["data_key"], stored["lookup_key"]
    keys = {"data": base64.b64decode(data), "lookup": base64.b64decode(lookup)}
    if any(len(key) != 32 for key in keys.values()):
        raise ImproperlyConfigured("个人信息密钥长度必须为 32 字节（base64 编码）。")
    return keys


@cache
def cipher() -> Cipher:
    cipher_class = import_string(settings.SANMIN_CIPHER)
    return cipher_class(_keys()["data"])  # type: ignore[no-any-return]


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of a normalised value, separated by purpose (id, phone, ...)."""
    message = f"{purpose}\x00{value.strip().upper()}".encode()
    return hmac.new(_keys()["lookup"], message, hashlib.sha256).hexdigest()


def keyed_digest(message: bytes, *, purpose: str) -> str:
    """HMAC-SHA256 over raw bytes (receipts, fingerprints) with a purpose label."""
    key = hmac.new(_keys()["lookup"], purpose.encode(), hashlib.sha256).digest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def reset_caches() -> None:
    """Forget loaded keys (tests that rotate keys)."""
    _keys.cache_clear()
    cipher.cache_clear()
