"""Randomness derived from the public seed, never from Python's `random`.

Each consumer (a cell's ordering, a component's lottery) has its own keyed stream:
block i is HMAC-SHA256(seed, label ‖ 0x00 ‖ i as 8 bytes, big-endian). Integers
below n are drawn by rejection sampling on the fewest whole bytes that hold n − 1,
masked to its bit length, so every value is exactly equally likely.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import MutableSequence
from typing import TypeVar

T = TypeVar("T")


class Stream:
    def __init__(self, seed: bytes, label: str) -> None:
        self._key = seed
        self._label = label.encode() + b"\x00"
        self._counter = 0
        self._buffer = b""
        self._position = 0

    def _take(self, count: int) -> bytes:
        while len(self._buffer) - self._position < count:
            block = hmac.new(
                self._key,
                self._label + self._counter.to_bytes(8, "big"),
                hashlib.sha256,
            ).digest()
            self._counter += 1
            self._buffer = self._buffer[self._position :] + block
            self._position = 0
        chunk = self._buffer[self._position : self._position + count]
        self._position += count
        return chunk

    def below(self, n: int) -> int:
        """A uniform integer in [0, n)."""
        if n <= 0:
            raise ValueError("n must be positive")
        if n == 1:
            return 0
        bits = (n - 1).bit_length()
        size = (bits + 7) // 8
        mask = (1 << bits) - 1
        while True:
            value = int.from_bytes(self._take(size), "big") & mask
            if value < n:
                return value

    def shuffle(self, items: MutableSequence[T]) -> None:
        """Fisher–Yates, in place: every order equally likely."""
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]


def cell_stream(seed: bytes, cell: str) -> Stream:
    return Stream(seed, f"cell:{cell}")


def lottery_stream(seed: bytes, component: str) -> Stream:
    return Stream(seed, f"lottery:{component}")
