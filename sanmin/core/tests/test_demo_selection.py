"""The demo seed gives the current campaign a candidate pool for 代表遴选, made through
the services: three channels, earlier years' rosters, both reviews done but for a
small queue in two cells; the draw refuses until the reviewers finish it, then takes
the pool, with rotation exclusions and two cells where the returner cap may bind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sanmin.accounts.models import Role, User
from sanmin.campaigns.models import Campaign, District
from sanmin.campaigns.selectors import campaign_current
from sanmin.core.demo import demo_seed
from sanmin.core.demo_selection import SIMULATOR_VOLUNTEERS, selection_demo_lines
from sanmin.identity.models import SimulatedPerson
from sanmin.representatives.models import (
    Candidate,
    Channel,
    ImportBatch,
    Review,
    ServiceYear,
)
from sanmin.representatives.selectors.draws import draw_cell_status
from sanmin.representatives.selectors.intake import candidate_status
from sanmin.representatives.services.draws import draw_commit, draw_run, draw_verify
from sanmin.representatives.services.reviews import candidates_review

pytestmark = pytest.mark.django_db

SEEDS = [{"label": "2024-11-30 福彩3D开奖号码", "value": "385"}]


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """The reporting demo stores its clips: not in the real media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield tmp_path / "media"


def _finish_queues(campaign: Campaign) -> int:
    """Both reviewers pass whatever their body has not decided yet."""
    decided = 0
    for username, field in (
        ("reviewer-police", "police_review"),
        ("reviewer-petition", "petition_review"),
    ):
        waiting = list(
            Candidate.objects.filter(
                campaign=campaign, **{field: Review.PENDING}
            ).values_list("pk", flat=True)
        )
        decided += candidates_review(
            campaign=campaign,
            candidate_ids=waiting,
            reviewer=User.objects.get(username=username),
            decision=Review.PASSED,
        )
    return decided


def test_it_seeds_a_pool_the_draw_takes_once_the_review_queue_is_done(
    media_root: Path,
) -> None:
    assert demo_seed() is not None
    campaign = campaign_current()
    assert campaign is not None
    assert campaign.slug == "qingdao-2024"
    districts = set(District.objects.values_list("pk", flat=True))
    staff = User.objects.filter(role=Role.DISTRICT)
    assert set(staff.values_list("district_id", flat=True)) == districts

    # Three channels: one file per uploader, sign-ups; every row marked synthetic.
    candidates = Candidate.objects.filter(campaign=campaign)
    assert set(candidates.values_list("channel", flat=True)) == set(Channel.values)
    assert ImportBatch.objects.filter(campaign=campaign).count() == 2 + len(districts)
    assert not candidates.filter(synthetic=False).exists()
    assert set(ServiceYear.objects.values_list("year", flat=True)) == {2021, 2022, 2023}

    # Every cell has more eligible candidates than seats and alternates; two cells
    # wait for the reviewers; four were rejected.
    cells = draw_cell_status(campaign=campaign)
    assert len(cells) == 150
    assert all(cell.eligible > cell.needed for cell in cells)
    assert {cell.key for cell in cells if cell.pending} == {
        "city-volunteers",
        "d-residents@370202",
    }
    assert sum(cell.rejected for cell in cells) == 4

    # The simulator's volunteers stand where the printout says.
    expected = {
        "吴晓燕（演示）": Review.PENDING,
        "郑文博（演示）": Review.PENDING,
        "冯淑珍（演示）": Review.PASSED,
    }
    assert {name for name, _ in SIMULATOR_VOLUNTEERS} == set(expected)
    for person in SimulatedPerson.objects.filter(name__in=expected):
        candidate = candidates.get(id_hash=person.id_hash)
        assert candidate.channel == Channel.VOLUNTEER
        assert candidate_status(candidate) == expected[person.name]
    printout = "\n".join(selection_demo_lines())
    assert "吴晓燕（演示）" in printout
    assert "社区(村)居民代表（市南区）" in printout

    # The draw refuses while the queue is open, naming both cells.
    statistics = User.objects.get(username="statistics")
    with pytest.raises(ValidationError) as refused:
        draw_commit(campaign=campaign, actor=statistics)
    reasons = "\n".join(refused.value.messages)
    assert "自愿报名市民代表：2 名候选人尚未完成资格审查" in reasons
    assert "社区(村)居民代表（市南区）：5 名候选人尚未完成资格审查" in reasons

    # Once the reviewers are done, the pool is drawn and verifies.
    assert _finish_queues(campaign) == 4 + 7
    draw = draw_run(
        draw=draw_commit(campaign=campaign, actor=statistics),
        seed_sources=SEEDS,
        actor=statistics,
    )
    report = draw.report
    assert report["totals"]["members"] == 3000
    assert report["totals"]["alternates"] == 156
    rotation = report["rotation"]
    assert rotation["excluded"] == 50
    assert rotation["members_returning"] > 0
    assert set(rotation["cap_may_bind"]) == {"d-streets@370212", "d-streets@370215"}
    assert set(rotation["cap_bound"]) <= set(rotation["cap_may_bind"])
    assert draw_verify(draw=draw).ok
