"""The draw's randomness comes from the seed alone: HMAC-SHA256 blocks per labelled
stream, integers by rejection sampling (every value equally likely), and no module
of the draw imports Python's `random`."""

from __future__ import annotations

import ast
import hashlib
import hmac
from collections import Counter
from pathlib import Path

from sanmin.representatives import draw
from sanmin.representatives.draw.randomness import Stream, cell_stream, lottery_stream

SEED = bytes.fromhex("5a" * 32)


def _block(label: str, counter: int) -> bytes:
    message = label.encode() + b"\x00" + counter.to_bytes(8, "big")
    return hmac.new(SEED, message, hashlib.sha256).digest()


def test_it_reads_hmac_sha256_blocks_of_the_labelled_stream() -> None:
    stream = cell_stream(SEED, "d-res@370202")
    first = _block("cell:d-res@370202", 0) + _block("cell:d-res@370202", 1)
    assert [stream.below(256) for _ in range(40)] == list(first[:40])
    assert lottery_stream(SEED, "x").below(256) == _block("lottery:x", 0)[0]


def test_it_rejects_values_at_or_above_the_limit() -> None:
    # n = 5: three bits of each byte; 5, 6 and 7 are thrown away, never folded.
    expected = [b & 7 for b in _block("cell:c", 0) if b & 7 < 5][:10]
    stream = cell_stream(SEED, "c")
    assert [stream.below(5) for _ in range(10)] == expected


def test_it_gives_every_value_equally_often() -> None:
    draws = 60_000
    stream = Stream(SEED, "uniformity")
    counts = Counter(stream.below(6) for _ in range(draws))
    expected = draws / 6
    statistic = sum((counts[v] - expected) ** 2 / expected for v in range(6))
    assert statistic < 20.515  # χ² 99.9% quantile, 5 degrees of freedom


def test_it_never_uses_pythons_random() -> None:
    for path in Path(draw.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert "random" not in names, path.name
            assert "secrets" not in names, path.name
