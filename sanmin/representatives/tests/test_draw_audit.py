"""Commit, run and void are audited with commitments, fingerprints and counts, never
names or ID numbers."""

from __future__ import annotations

import json

import pytest

from sanmin.audit.models import AuditEvent
from sanmin.core import crypto
from sanmin.representatives.services.draws import draw_commit, draw_run, draw_void
from sanmin.representatives.tests.draw_helpers import (
    SEEDS,
    TODAY,
    fill,
    small_campaign,
)

pytestmark = pytest.mark.django_db


def test_it_records_commit_run_and_void(statistics_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    made = fill(campaign)
    first = draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    draw_void(draw=first, reason="重新核对候选池", actor=statistics_user)
    second = draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    draw_run(draw=second, seed_sources=SEEDS, actor=statistics_user)
    events = list(AuditEvent.objects.filter(action__startswith="draw.").order_by("id"))
    assert [e.action for e in events] == [
        "draw.commit",
        "draw.void",
        "draw.commit",
        "draw.run",
    ]
    assert all(e.actor_id == statistics_user.pk for e in events)
    commit, void, _, run = events
    assert commit.object_id == str(first.pk)
    assert commit.detail["commitment"] == first.commitment
    assert commit.detail["eligible"] == sum(len(c) for c in made.values())
    assert void.detail["reason"] == "重新核对候选池"
    second.refresh_from_db()
    assert run.detail["panel_fingerprint"] == second.panel_fingerprint
    assert run.detail["seed"] == second.seed
    assert run.detail["members"] == second.report["totals"]["members"]
    text = json.dumps([e.detail for e in events], ensure_ascii=False)
    for candidates in made.values():
        for candidate in candidates:
            assert crypto.cipher().decrypt(candidate.name_cipher) not in text
            assert candidate.id_hash not in text
