from __future__ import annotations

import pytest

from sanmin.core import crypto


def test_it_round_trips_and_never_repeats_a_ciphertext() -> None:
    first = crypto.cipher().encrypt("370202198005170124")
    second = crypto.cipher().encrypt("370202198005170124")
    assert first != second
    assert "370202198005170124" not in first
    assert crypto.cipher().decrypt(first) == "370202198005170124"


def test_it_refuses_a_tampered_ciphertext() -> None:
    token = crypto.cipher().encrypt("13812345678")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(Exception):  # noqa: B017 - cryptography's InvalidTag or padding
        crypto.cipher().decrypt(tampered)


def test_it_hashes_by_purpose_and_normalises_case() -> None:
    assert crypto.keyed_hash("11010519491231002x", purpose="id") == crypto.keyed_hash(
        "11010519491231002X", purpose="id"
    )
    assert crypto.keyed_hash("1", purpose="id") != crypto.keyed_hash(
        "1", purpose="phone"
    )


def test_it_reads_keys_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import base64

    monkeypatch.setenv("SANMIN_DATA_KEY", base64.b64encode(b"k" * 32).decode())
    monkeypatch.setenv("SANMIN_LOOKUP_KEY", base64.b64encode(b"l" * 32).decode())
    crypto.reset_caches()
    try:
        from_env = crypto.keyed_hash("x", purpose="id")
    finally:
        monkeypatch.undo()
        crypto.reset_caches()
    assert from_env != crypto.keyed_hash("x", purpose="id")
