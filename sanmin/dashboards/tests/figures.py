"""Read the figures a participation page shows, as a person would see them."""

from __future__ import annotations

import re

_FIGURE = re.compile(r'data-figure="(\w+)">(\d+)<')
_ROW = re.compile(r'data-label="([^"]+)" data-invited="(\d+)" data-voted="(\d+)"')


def totals(html: str) -> tuple[int, int]:
    """(invited, voted) of the page's totals."""
    figures = {name: int(value) for name, value in _FIGURE.findall(html)}
    return figures["invited"], figures["voted"]


def rows(html: str) -> dict[str, tuple[int, int]]:
    """Each row's label → (invited, voted), tables in page order."""
    return {label: (int(i), int(v)) for label, i, v in _ROW.findall(html)}
