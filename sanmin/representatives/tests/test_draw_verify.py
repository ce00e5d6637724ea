"""`draw verify` recomputes the panel and checks every fingerprint; it catches an
entry or the inputs edited afterwards, and the command exits non-zero."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sanmin.representatives.models import Draw, DrawEntry
from sanmin.representatives.services.draws import draw_commit, draw_run, draw_verify
from sanmin.representatives.tests.draw_helpers import (
    SEEDS,
    TODAY,
    fill,
    small_campaign,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(statistics_user):  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    fill(campaign)
    draw = draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    return draw_run(draw=draw, seed_sources=SEEDS, actor=statistics_user)


def test_it_passes_a_draw_left_alone(drawn: Draw) -> None:
    result = draw_verify(draw=Draw.objects.get(pk=drawn.pk))
    assert result.ok
    assert [c.code for c in result.checks] == [
        "commitment",
        "pool",
        "version",
        "lottery",
        "seed",
        "panel",
        "entries",
    ]


def test_it_catches_an_entry_edited_afterwards(drawn: Draw) -> None:
    alternate = DrawEntry.objects.filter(draw=drawn, role="alternate").order_by("pk")[0]
    member = DrawEntry.objects.get(draw=drawn, cell=alternate.cell, rank=0)
    # Swap a member and the alternate straight in the database.
    DrawEntry.objects.filter(pk=member.pk).update(rank=10_000)
    DrawEntry.objects.filter(pk=alternate.pk).update(rank=member.rank, role="member")
    DrawEntry.objects.filter(pk=member.pk).update(rank=alternate.rank, role="alternate")
    result = draw_verify(draw=Draw.objects.get(pk=drawn.pk))
    assert not result.ok
    assert [c.code for c in result.failed] == ["entries"]
    assert f"{member.cell} 第 {member.rank + 1} 位" in result.failed[0].detail


def test_it_catches_a_candidate_replaced_afterwards(drawn: Draw) -> None:
    member = DrawEntry.objects.filter(draw=drawn, role="member").first()
    assert member is not None
    outsider = drawn.campaign.candidates.exclude(
        pk__in=DrawEntry.objects.filter(draw=drawn).values("candidate")
    ).first()
    DrawEntry.objects.filter(pk=member.pk).update(candidate=outsider)
    result = draw_verify(draw=Draw.objects.get(pk=drawn.pk))
    assert [c.code for c in result.failed] == ["entries"]


def test_it_catches_edited_inputs_and_seed_sources(drawn: Draw) -> None:
    inputs = drawn.inputs
    inputs["pool"][0]["years"] = 1
    Draw.objects.filter(pk=drawn.pk).update(
        inputs=inputs, seed_sources=[{"label": "别的来源", "value": "1"}]
    )
    result = draw_verify(draw=Draw.objects.get(pk=drawn.pk))
    failed = {c.code for c in result.failed}
    assert {"commitment", "pool", "seed"} <= failed


def test_the_command_exits_non_zero_and_names_the_failed_check(drawn: Draw) -> None:
    out = StringIO()
    call_command("draw", "verify", drawn.campaign.slug, stdout=out)
    assert "核验通过" in out.getvalue()
    first = DrawEntry.objects.filter(draw=drawn, role="member").order_by("pk")[0]
    DrawEntry.objects.filter(pk=first.pk).update(returner=True)
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("draw", "verify", drawn.campaign.slug, stdout=out)
    assert "已存抽取结果" in str(raised.value)
    assert "[不通过] 已存抽取结果" in out.getvalue()
    assert "[通过] 名单指纹" in out.getvalue()
