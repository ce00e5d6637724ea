"""The draw refuses, storing nothing, on: unreviewed candidates, short cells, a quota
table that does not add up, a live draw, bad seed sources, impossible targets."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sanmin.audit.models import AuditEvent
from sanmin.representatives.draw import engine
from sanmin.representatives.models import BalanceTarget, Draw, DrawEntry, Review
from sanmin.representatives.services.draws import (
    draw_commit,
    draw_run,
    draw_void,
)
from sanmin.representatives.tests.draw_helpers import (
    RULES,
    SEEDS,
    TODAY,
    add_candidates,
    cell,
    districts,
    fill,
    rows,
    serve,
    small_campaign,
)

pytestmark = pytest.mark.django_db


def _nothing_stored() -> None:
    assert not Draw.objects.exists()
    assert not DrawEntry.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="draw.").exists()


def test_it_refuses_while_candidates_are_unreviewed(statistics_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    fill(campaign)
    place = districts()[0]
    add_candidates(campaign, "d-res", 3, district=place, review=Review.PENDING)
    add_candidates(campaign, "c-city", 1, review=Review.PENDING)
    with pytest.raises(ValidationError) as raised:
        draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    messages = raised.value.messages
    assert messages[0].startswith("资格审查尚未完成")
    assert f"区级d-res（{place.name}）：3 名候选人尚未完成资格审查" in messages
    assert "市级c-city：1 名候选人尚未完成资格审查" in messages
    assert len(messages) == 3
    _nothing_stored()


def test_it_lists_every_short_cell_and_by_how_many(statistics_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    first, second, *others = districts()
    add_candidates(campaign, "c-city", 5)
    add_candidates(campaign, "d-res", 4, district=first)  # needs 10 + 1
    returners = add_candidates(campaign, "d-res", 10, district=second)
    add_candidates(campaign, "d-res", 1, district=second)
    serve(returners, 2029)  # only 7 of them may be taken: 8 usable
    for other in others:
        add_candidates(campaign, "d-res", 11, district=other)
    add_candidates(campaign, "d-res", 2, district=first, review=Review.REJECTED)
    with pytest.raises(ValidationError) as raised:
        draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    messages = raised.value.messages
    assert (
        f"区级d-res（{first.name}）：需要 10 名代表和 1 名备选，合格候选人 4 名，缺 7 名"
        in messages
    )
    assert (
        f"区级d-res（{second.name}）：需要 10 名代表和 1 名备选，合格候选人 11 名"
        "（其中上年代表 10 名，按轮换规则最多 7 名可入选），缺 3 名"
    ) in messages
    assert len(messages) == 3
    _nothing_stored()


def test_the_engine_refuses_short_cells_at_run_too() -> None:
    prepared = engine.prepare(cells=[cell("m", 2)], rows=rows("m", 2), rules=RULES)
    shrunk = prepared.inputs.__class__(
        **{**prepared.inputs.__dict__, "pool": prepared.inputs.pool[:1]}
    )
    with pytest.raises(engine.DrawRefused) as raised:
        engine.run(shrunk, "00" * 32)
    assert [(s.cell, s.short) for s in raised.value.short] == [("m", 1)]


def test_it_refuses_a_quota_table_that_does_not_add_up(statistics_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    fill(campaign)
    category = campaign.quotas.get(code="d-res")
    category.seats += 1
    category.save()
    with pytest.raises(ValidationError) as raised:
        draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    assert raised.value.messages[0] == "名额表不能通过校验："
    assert "不能平均分配" in raised.value.messages[1]
    _nothing_stored()


def test_it_refuses_a_second_live_draw_until_the_first_is_void(statistics_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    fill(campaign)
    first = draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    with pytest.raises(ValidationError, match="已有已公布承诺值的抽取"):
        draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    with pytest.raises(ValidationError, match="理由"):
        draw_void(draw=first, reason=" ", actor=statistics_user)
    draw_void(draw=first, reason="候选池有误", actor=statistics_user)
    second = draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    assert second.commitment == first.commitment  # same pool, same commitment
    drawn = draw_run(draw=second, seed_sources=SEEDS, actor=statistics_user)
    with pytest.raises(ValidationError, match="尚未抽取"):
        draw_void(draw=drawn, reason="想重抽", actor=statistics_user)
    with pytest.raises(ValidationError, match="已公布承诺值的抽取才能抽取"):
        draw_run(draw=drawn, seed_sources=SEEDS, actor=statistics_user)


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ([], "至少填写一项"),
        ([{"label": "", "value": ""}], "至少填写一项"),
        ([{"label": "福彩", "value": ""}], "缺少取值"),
        ([{"label": "", "value": "385"}], "缺少名称"),
        (
            [{"label": "福彩", "value": "1"}, {"label": "福彩", "value": "2"}],
            "不能重复",
        ),
    ],
)
def test_it_refuses_bad_seed_sources(statistics_user, sources, message) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    fill(campaign)
    draw = draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    with pytest.raises(ValidationError, match=message):
        draw_run(draw=draw, seed_sources=sources, actor=statistics_user)
    draw.refresh_from_db()
    assert draw.state == Draw.State.COMMITTED
    assert not DrawEntry.objects.exists()


def test_it_refuses_targets_no_panel_can_meet(statistics_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign(city=())
    places = districts()
    for place in places:
        add_candidates(campaign, "d-res", 12, district=place, gender="M")
    BalanceTarget.objects.create(
        campaign=campaign,
        district=places[0],
        attribute="gender",
        value="F",
        minimum=3,
        maximum=10,
    )
    with pytest.raises(ValidationError) as raised:
        draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    assert any("结构平衡目标与名额无法同时满足" in m for m in raised.value.messages)
    assert any(f"{places[0].name}性别“女” 3–10 名" in m for m in raised.value.messages)
    _nothing_stored()
