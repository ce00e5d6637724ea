"""`bench_suggestions` runs end to end on a small corpus and reports every figure
(the keys, not the speed: this machine's timings are not a test)."""

from __future__ import annotations

from typing import Any

import pytest

from sanmin.bench.suggestions import bench_suggestions, p95, targets_failed

pytestmark = pytest.mark.django_db

KEYS = {
    "database",
    "count",
    "loadavg_1m_before",
    "generate_ms",
    "suggestions",
    "items",
    "triage_p95_ms",
    "triage_requests",
    "public_p95_ms",
    "public_requests",
    "items_p95_ms",
    "items_requests",
    "page_errors",
    "similar_p95_ms",
    "similar_samples",
    "similar_found",
    "export_probe",
    "export_csv_mb",
    "export_csv_ms",
    "export_csv_file_mb",
    "export_xlsx_mb",
    "export_xlsx_ms",
    "export_xlsx_file_mb",
    "targets",
    "failed_targets",
    "ok",
}


def test_it_measures_every_figure_on_300_suggestions(campaign: Any) -> None:
    lines: list[str] = []
    figures = bench_suggestions(
        count=300, rounds=1, export_probe="tracemalloc", write=lines.append
    )
    assert set(figures) == KEYS
    assert figures["suggestions"] == 300
    assert figures["items"] > 0
    assert figures["page_errors"] == []
    assert figures["triage_requests"] == 8
    assert figures["similar_samples"] == 20
    assert figures["similar_found"] > 0
    assert figures["export_csv_file_mb"] >= 0 and figures["export_csv_ms"] > 0
    assert figures["export_csv_mb"] > 0
    assert isinstance(figures["ok"], bool)
    assert figures["ok"] == (figures["failed_targets"] == [])
    assert any("similar_find" in line for line in lines)


def test_it_names_the_missed_targets() -> None:
    good = {
        "page_errors": [],
        "triage_p95_ms": 50.0,
        "public_p95_ms": 50.0,
        "items_p95_ms": 50.0,
        "similar_p95_ms": 300.0,
        "export_csv_mb": 90.0,
        "export_xlsx_mb": 120.0,
    }
    assert targets_failed(good) == []
    bad = {
        **good,
        "public_p95_ms": 200.0,
        "export_xlsx_mb": 250.0,
        "page_errors": ["/x"],
    }
    assert targets_failed(bad) == ["page_errors", "public_p95", "export_xlsx_memory"]


def test_it_takes_the_95th_percentile_by_nearest_rank() -> None:
    assert p95([]) == 0.0
    assert p95([float(n) for n in range(1, 21)]) == 19.0
    assert p95([5.0]) == 5.0
