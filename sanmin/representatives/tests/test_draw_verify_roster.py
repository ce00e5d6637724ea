"""`draw verify` also checks the roster built from the draw: every entry that came
from a candidate is one of the draw's, with the committed ID hash; replacements
use the cell's alternates in rank order; no member is missing. A roster edited in
the database afterwards fails the check, and the command exits non-zero."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sanmin.accounts.tests.fixtures import make_staff
from sanmin.representatives.models import Draw, DrawEntry, Representative
from sanmin.representatives.services.draws import draw_commit, draw_run, draw_verify
from sanmin.representatives.services.roster import (
    representative_decline,
    representative_replace,
    roster_build,
)
from sanmin.representatives.tests.draw_helpers import (
    SEEDS,
    TODAY,
    districts,
    fill,
    small_campaign,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(statistics_user: Any) -> Draw:
    # 100 seats in all, 6 alternates: the two cells of 40 seats get two each.
    campaign = small_campaign(district=(("d-res", 10), ("d-two", 40)))
    fill(campaign)
    draw = draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    draw = draw_run(draw=draw, seed_sources=SEEDS, actor=statistics_user)
    roster_build(draw=draw, actor=statistics_user)
    return draw


def _cell_with_two_alternates(draw: Draw) -> str:
    for cell in draw.inputs["cells"]:
        if cell["alternates"] >= 2:
            return str(cell["key"])
    raise AssertionError("no cell with two alternates")


def _replace_first_member(draw: Draw, cell: str) -> Representative:
    place = districts()[[d.code for d in districts()].index(cell.partition("@")[2])]
    staff = make_staff(role="district", username=f"d-{place.code}", district=place)
    rep = Representative.objects.filter(cell=cell).order_by("pk").first()
    assert rep is not None
    representative_decline(representative=rep, actor=staff, reason="没有时间")
    return representative_replace(representative=rep, actor=staff)


def _roster_check(draw: Draw) -> Any:
    result = draw_verify(draw=Draw.objects.get(pk=draw.pk))
    (check,) = [c for c in result.checks if c.code == "roster"]
    return check


def test_it_passes_a_roster_built_and_replaced_through_the_services(
    drawn: Draw,
) -> None:
    _replace_first_member(drawn, _cell_with_two_alternates(drawn))
    result = draw_verify(draw=Draw.objects.get(pk=drawn.pk))
    assert result.ok
    assert [c.code for c in result.checks][-2:] == ["entries", "roster"]


def test_it_catches_a_roster_entry_given_to_someone_not_drawn(drawn: Draw) -> None:
    outsider = drawn.campaign.candidates.exclude(
        pk__in=DrawEntry.objects.filter(draw=drawn).values("candidate")
    ).first()
    assert outsider is not None
    rep = Representative.objects.filter(campaign=drawn.campaign).first()
    assert rep is not None
    Representative.objects.filter(pk=rep.pk).update(
        candidate=outsider, id_hash=outsider.id_hash
    )
    check = _roster_check(drawn)
    assert not check.ok
    assert f"代表 #{rep.pk} 不在本次抽取结果中" in check.detail
    assert "抽取结果为" in check.detail  # a member is missing too


def test_it_catches_an_id_hash_edited_on_the_roster(drawn: Draw) -> None:
    rep = Representative.objects.filter(campaign=drawn.campaign).first()
    assert rep is not None
    Representative.objects.filter(pk=rep.pk).update(id_hash="0" * 64)
    check = _roster_check(drawn)
    assert not check.ok
    assert "身份证号摘要与冻结的候选池不符" in check.detail


def test_it_catches_an_alternate_taken_out_of_order(drawn: Draw) -> None:
    cell = _cell_with_two_alternates(drawn)
    successor = _replace_first_member(drawn, cell)
    second = (
        DrawEntry.objects.filter(draw=drawn, cell=cell, role="alternate")
        .order_by("rank")
        .select_related("candidate")[1]
    )
    Representative.objects.filter(pk=successor.pk).update(
        candidate=second.candidate, id_hash=second.candidate.id_hash
    )
    check = _roster_check(drawn)
    assert not check.ok
    assert f"{cell} 的备选代表没有按顺位递补" in check.detail


def test_it_catches_an_alternate_seated_without_a_replacement(drawn: Draw) -> None:
    cell = _cell_with_two_alternates(drawn)
    successor = _replace_first_member(drawn, cell)
    Representative.objects.filter(pk=successor.pk).update(replaces=None)
    check = _roster_check(drawn)
    assert not check.ok
    assert f"代表 #{successor.pk} 是备选代表" in check.detail


def test_it_catches_a_member_removed_from_the_roster(drawn: Draw) -> None:
    rep = Representative.objects.filter(campaign=drawn.campaign).last()
    assert rep is not None
    rep.delete()
    check = _roster_check(drawn)
    assert not check.ok
    assert "名单中有入选代表" in check.detail


def test_the_command_fails_on_an_edited_roster(drawn: Draw) -> None:
    rep = Representative.objects.filter(campaign=drawn.campaign).first()
    assert rep is not None
    Representative.objects.filter(pk=rep.pk).update(id_hash="0" * 64)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("draw", "verify", drawn.campaign.slug, stdout=out)
    assert "[不通过] 代表名单" in out.getvalue()
    assert "[通过] 已存抽取结果" in out.getvalue()


def test_it_leaves_the_roster_out_until_it_is_built(statistics_user: Any) -> None:
    campaign = small_campaign()
    fill(campaign)
    draw = draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    draw = draw_run(draw=draw, seed_sources=SEEDS, actor=statistics_user)
    assert "roster" not in [c.code for c in draw_verify(draw=draw).checks]
