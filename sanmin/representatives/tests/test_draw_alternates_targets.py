"""Alternates and balance targets: the members drawn meet every target, but the
alternates are simply the next of the cell's ordering, whatever their gender or age
band, so a replacement may break a target. The draw report and the replacement
page say so rather than let staff believe the targets hold after replacements."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sanmin.accounts.tests.fixtures import make_staff, verified_client
from sanmin.representatives.draw import engine
from sanmin.representatives.draw.model import Target
from sanmin.representatives.draw.ordering import cell_ordering
from sanmin.representatives.models import BalanceTarget, Draw, Representative
from sanmin.representatives.services.draws import draw_commit, draw_run
from sanmin.representatives.services.roster import (
    representative_decline,
    roster_build,
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
    seed_hex,
    small_campaign,
)

TARGET_NOTE = "替补后目标可能不再满足"


def test_it_takes_alternates_in_cell_order_whatever_the_targets() -> None:
    cells = [cell("a@1", 10, district="1")]
    pool = rows("a@1", 8, gender="M") + rows("a@1", 8, start=20, gender="F")
    targets = [Target("1", "gender", "F", 5, 5)]
    inputs = engine.prepare(cells=cells, rows=pool, rules=RULES, targets=targets).inputs
    assert inputs.cells[0].alternates == 1
    women = {r.id for r in inputs.pool if r.gender == "F"}
    alternate_genders = set()
    for i in range(40):
        seed = seed_hex(i)
        outcome = engine.run(inputs, seed)
        members = [e.candidate for e in outcome.entries if e.role == "member"]
        (alternate,) = [e.candidate for e in outcome.entries if e.role == "alternate"]
        assert len(women & set(members)) == 5
        ordering = cell_ordering(bytes.fromhex(seed), "a@1", inputs.pool)
        first_left = next(r.id for r in ordering if r.id not in members)
        assert alternate == first_left
        alternate_genders.add("F" if alternate in women else "M")
    # Men and women alike come up as the alternate: replacing a woman by a man
    # would leave four women, below the target.
    assert alternate_genders == {"F", "M"}


def _drawn_under_targets(actor: Any) -> Draw:
    campaign = small_campaign(city=())
    places = districts()
    for place in places:
        add_candidates(campaign, "d-res", 9, district=place, gender="M")
        add_candidates(campaign, "d-res", 7, district=place, gender="F")
    BalanceTarget.objects.create(
        campaign=campaign,
        district=places[0],
        attribute="gender",
        value="F",
        minimum=5,
        maximum=6,
    )
    draw = draw_commit(campaign=campaign, actor=actor, today=TODAY)
    return draw_run(draw=draw, seed_sources=SEEDS, actor=actor)


@pytest.mark.django_db
def test_it_says_on_the_report_that_alternates_ignore_targets(statistics_user) -> None:  # type: ignore[no-untyped-def]
    draw = _drawn_under_targets(statistics_user)
    assert draw.report["method"] == "fair"
    client = verified_client(statistics_user)
    page = client.get(reverse("representatives:draw", args=[draw.pk])).content.decode()
    assert "data-alternates-note" in page
    assert "入选概率只计首批入选代表" in page
    assert TARGET_NOTE in page


@pytest.mark.django_db
def test_it_says_chances_count_members_only_without_targets(statistics_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    fill(campaign)
    draw = draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    draw = draw_run(draw=draw, seed_sources=SEEDS, actor=statistics_user)
    client = verified_client(statistics_user)
    page = client.get(reverse("representatives:draw", args=[draw.pk])).content.decode()
    assert "入选概率只计首批入选代表" in page
    assert TARGET_NOTE not in page


@pytest.mark.django_db
def test_it_warns_before_a_replacement_in_a_cell_drawn_under_targets(
    statistics_user,
) -> None:  # type: ignore[no-untyped-def]
    draw = _drawn_under_targets(statistics_user)
    roster_build(draw=draw, actor=statistics_user)
    warned = {}
    for number, place in enumerate(districts()[:2]):
        staff = make_staff(
            role="district", username=f"district-{number}", district=place
        )
        rep = Representative.objects.filter(cell=f"d-res@{place.code}").first()
        assert rep is not None
        representative_decline(representative=rep, actor=staff, reason="没有时间")
        page = verified_client(staff).get(
            reverse("representatives:roster-detail", args=[rep.pk])
        )
        content = page.content.decode()
        assert "由下一位备选代表替补" in content
        warned[place.code] = "data-targets-warning" in content
    first, second = districts()[:2]
    assert warned == {first.code: True, second.code: False}
