"""Hashes that make a draw checkable: the seed, the commitment and the fingerprints.

All are SHA-256 over canonical JSON (sorted keys, no spaces, UTF-8), so they can be
recomputed by anyone holding the same data with any JSON library.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from sanmin.representatives.draw.model import Entry, Inputs, PoolRow


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()


def sha256_hex(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def normalise_source(label: str, value: str) -> dict[str, str]:
    """A seed source as hashed: NFC-normalised, surrounding whitespace removed."""
    return {
        "label": unicodedata.normalize("NFC", label).strip(),
        "value": unicodedata.normalize("NFC", value).strip(),
    }


def seed_from_sources(sources: Sequence[dict[str, str]]) -> str:
    """The seed: SHA-256 over the seed sources in the order they were entered."""
    return sha256_hex([normalise_source(s["label"], s["value"]) for s in sources])


def pool_fingerprint(pool: Iterable[PoolRow]) -> str:
    """The frozen eligible pool alone: one changed candidate changes it."""
    return sha256_hex([row.as_json() for row in pool])


def commitment(inputs: Inputs) -> str:
    """Everything the draw depends on except the seed (published before it)."""
    return sha256_hex(inputs.as_json())


def panel_fingerprint(entries: Iterable[Entry]) -> str:
    """Every cell's ranked entries (cell, rank, keyed ID hash, role, returner)."""
    ordered = sorted(entries, key=lambda e: (e.cell, e.rank))
    return sha256_hex([e.as_json() for e in ordered])
