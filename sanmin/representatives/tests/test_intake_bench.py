"""`bench_import` imports its synthetic pool through the real service and leaves
nothing behind."""

from __future__ import annotations

from typing import Any

import pytest

from sanmin.bench.imports import bench_import
from sanmin.representatives.models import Candidate, ImportBatch

pytestmark = pytest.mark.django_db


def test_it_times_an_import_and_cleans_up(campaign: Any) -> None:
    figures = bench_import(rows=120)
    assert figures["xlsx_stored"] == figures["csv_stored"] == 120
    assert figures["xlsx_errors"] == figures["csv_errors"] == []
    assert figures["ok"] is True
    assert figures["xlsx_import_seconds"] > 0
    assert not Candidate.objects.exists()
    assert not ImportBatch.objects.exists()


def test_it_keeps_the_rows_when_asked(campaign: Any) -> None:
    figures = bench_import(rows=30, formats=("csv",), keep=True)
    assert figures["csv_stored"] == 30
    assert Candidate.objects.filter(channel="random").count() == 30
