"""`sanmin surveys recount|stats`: tallies checked against the stored responses."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import F

from sanmin.surveys.models import Tally
from sanmin.surveys.services.store import tallies_fold
from sanmin.surveys.tests.results_helpers import answered_fixture, question


def _run(*args: Any) -> str:
    out = StringIO()
    call_command("surveys", *args, stdout=out)
    return out.getvalue()


def test_it_reports_agreement(campaign: Any) -> None:
    fixture = answered_fixture(campaign)
    assert "一致" in _run("recount", str(fixture.questionnaire.pk))


def test_it_reports_agreement_after_a_fold(campaign: Any) -> None:
    fixture = answered_fixture(campaign)
    assert tallies_fold() > 0
    assert "一致" in _run("recount", str(fixture.questionnaire.pk))


def test_it_exits_1_when_a_tally_was_tampered_with(campaign: Any) -> None:
    fixture = answered_fixture(campaign)
    tallies_fold()
    tally = Tally.objects.filter(
        questionnaire=fixture.questionnaire, option_id_key__gt=0
    ).first()
    assert tally is not None
    Tally.objects.filter(pk=tally.pk).update(count=F("count") + 1)
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("surveys", "recount", str(fixture.questionnaire.pk), stdout=out)
    assert exit_.value.code == 1
    assert "不一致" in out.getvalue()
    assert "计数" in out.getvalue()


def test_it_prints_the_figures_as_json(campaign: Any) -> None:
    fixture = answered_fixture(campaign)
    figures = json.loads(_run("stats", str(fixture.questionnaire.pk)))
    assert figures["responses"] == 4
    assert question(figures, "years")["stats"]["mean"] == "5.17"
    by_district = json.loads(
        _run("stats", str(fixture.questionnaire.pk), "--by", "district")
    )
    assert by_district["groups"][0]["responses"] == 2


def test_it_refuses_an_unknown_questionnaire(db: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有编号为"):
        _run("recount", "999999")
