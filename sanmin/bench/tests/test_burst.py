"""The quick mode's core pieces together: data, a small burst through the real pages
on a live server, the check. No timing is asserted."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from django.urls import reverse

from sanmin.bench.check import ballots_check, stored_for
from sanmin.bench.dataset import bench_prepare
from sanmin.bench.driver import Config, Driver


@pytest.mark.django_db(transaction=True)
def test_it_stores_every_acknowledged_ballot_of_a_small_burst(live_server: Any) -> None:
    manifest = bench_prepare(representatives=12, viewers=2)
    config = Config(
        base_url=live_server.url,
        mode="ballot",
        ballot_path=reverse("evaluation:ballot", args=[manifest.session_id]),
        users=manifest.representatives,
        cookies=manifest.cookies,
        duration_s=0.5,
        dashboard_paths=[
            reverse("dashboards:session-live", args=[manifest.session_id])
        ],
        viewer_cookies=manifest.viewer_cookies,
        poll_s=0.2,
        warmup=2,
        timeout_s=30,
        deadline_s=60,
    )

    result = asyncio.run(Driver(config).run())

    assert result["errors"] == 0, result["error_examples"]
    assert result["acknowledged"] == 12
    assert result["dashboard_polls"] > 0
    checked = ballots_check(
        acknowledged=result["acknowledged_receipts"],
        stored=stored_for(session_id=manifest.session_id),
        departments=manifest.departments,
    )
    assert checked.ok, checked


def test_the_dashboards_are_polled_on_their_own_pool_when_it_is_given() -> None:
    config = Config(
        base_url="http://127.0.0.1:8001",
        mode="ballot",
        ballot_path="/evaluate/1/",
        users=[],
        cookies=[],
        dashboard_base_url="http://127.0.0.1:8002",
    )
    live = "/dashboards/sessions/1/live/"
    assert Driver(config).dashboard_url(live) == "http://127.0.0.1:8002" + live
    assert Driver(config).url("/evaluate/1/") == "http://127.0.0.1:8001/evaluate/1/"
    shared = Config(**{**config.__dict__, "dashboard_base_url": ""})
    assert Driver(shared).dashboard_url(live) == "http://127.0.0.1:8001" + live


def test_the_drivers_ask_for_the_content_as_the_scripts_do() -> None:
    """The drivers run without Django and keep the header name themselves."""
    from pathlib import Path

    from sanmin.bench.driver import CONTENT_HEADER
    from sanmin.core.fragments import CONTENT_HEADER as SERVED

    assert CONTENT_HEADER == SERVED
    script = Path(__file__).parents[2] / "static" / "js" / "content.js"
    assert f'var HEADER = "{SERVED}";' in script.read_text()
