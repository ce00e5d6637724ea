from __future__ import annotations

from typing import Any

from sanmin.bench.runner import targets_failed

GOOD: dict[str, Any] = {
    "representatives": 10,
    "acknowledged": 10,
    "errors": 0,
    "dashboard_errors": 0,
    "check_ok": True,
    "lost": 0,
    "doubled": 0,
    "p99_ms": 900.0,
    "dashboard_p95_ms": 120.0,
    "ballot_to_bare_ratio": 0.5,
    "sqlite_throughput_per_s": 100.0,
    "sqlite_to_pg_ratio": 0.8,
    "sqlite_errors": 0,
    "sqlite_check_ok": True,
}


def test_it_passes_figures_that_meet_every_target() -> None:
    assert targets_failed(GOOD) == []


def test_it_names_each_missed_target() -> None:
    figures = {
        **GOOD,
        "errors": 1,
        "p99_ms": 1500.0,
        "dashboard_p95_ms": 700.0,
        "ballot_to_bare_ratio": 0.3,
        "sqlite_to_pg_ratio": 0.4,
        "lost": 1,
    }

    assert targets_failed(figures) == [
        "errors",
        "lost_or_doubled",
        "p99",
        "dashboard_p95",
        "ballot_to_bare_ratio",
        "sqlite_to_pg_ratio",
    ]


def test_it_judges_a_fault_run_on_errors_and_lost_ballots_only() -> None:
    figures = {**GOOD, "fault": True, "p99_ms": 9000.0}

    assert targets_failed(figures) == []
