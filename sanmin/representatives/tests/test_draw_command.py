"""`sanmin draw commit|run|verify` from the command line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sanmin.representatives.models import Draw
from sanmin.representatives.tests.draw_helpers import fill, small_campaign

pytestmark = pytest.mark.django_db


def test_it_commits_runs_and_verifies(statistics_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    fill(campaign)
    out = StringIO()
    call_command(
        "draw", "commit", campaign.slug, "--user", statistics_user.username, stdout=out
    )
    draw = Draw.objects.get()
    assert f"承诺值 {draw.commitment}" in out.getvalue()
    out = StringIO()
    call_command(
        "draw",
        "run",
        campaign.slug,
        "--seed",
        "2030-06-01 福彩3D开奖号码=385",
        "--seed",
        "公证骰子=4 6 1",
        stdout=out,
    )
    draw.refresh_from_db()
    assert draw.state == Draw.State.DRAWN
    assert draw.drawn_by is None
    assert draw.seed_sources == [
        {"label": "2030-06-01 福彩3D开奖号码", "value": "385"},
        {"label": "公证骰子", "value": "4 6 1"},
    ]
    assert f"名单指纹 {draw.panel_fingerprint}" in out.getvalue()
    out = StringIO()
    call_command("draw", "verify", campaign.slug, "--draw", str(draw.pk), stdout=out)
    assert out.getvalue().count("[通过]") == 7


def test_it_refuses_with_the_reasons(statistics_user, office_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    with pytest.raises(CommandError, match="找不到统计局工作人员"):
        call_command("draw", "commit", campaign.slug, "--user", office_user.username)
    with pytest.raises(CommandError, match="缺"):
        call_command(
            "draw", "commit", campaign.slug, "--user", statistics_user.username
        )
    with pytest.raises(CommandError, match="名称=取值"):
        call_command("draw", "run", campaign.slug, "--seed", "385")
    with pytest.raises(CommandError, match="找不到活动"):
        call_command("draw", "verify", "no-such-campaign")
    assert not Draw.objects.exists()
