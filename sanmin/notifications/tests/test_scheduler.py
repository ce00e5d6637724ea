"""`sanmin scheduler`: one round makes due reminders, sweeps and folds the survey
counts; SIGTERM stops it."""

from __future__ import annotations

import os
import signal
import threading
import time
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from sanmin.notifications.models import Message
from sanmin.notifications.tests.conftest import enrol, first_session, local, open_window

pytestmark = pytest.mark.django_db


def test_one_round_reminds_and_sends(
    campaign: Any, django_capture_on_commit_callbacks: Any
) -> None:
    open_window(first_session(campaign), local(10, 0), local(20, 0))
    enrol(campaign, 1)
    with (
        time_machine.travel(local(10, 30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("scheduler", "--once", stdout=StringIO())
    message = Message.objects.get()
    assert message.status == Message.Status.DELIVERED


def test_one_round_folds_the_survey_answers_counts(campaign: Any) -> None:
    from sanmin.accounts.tests.fixtures import make_citizen
    from sanmin.surveys.models import PendingTally, Tally
    from sanmin.surveys.services.answer import response_submit
    from sanmin.surveys.tests.survey_helpers import make_questionnaire
    from sanmin.surveys.tests.test_answer_validate import GOOD

    survey = make_questionnaire(campaign)
    response_submit(questionnaire=survey, user=make_citizen(serial=1), data=GOOD)
    assert PendingTally.objects.count() == 1

    call_command("scheduler", "--once", stdout=StringIO())

    assert not PendingTally.objects.exists()
    assert Tally.objects.get(question_id_key=0).count == 1


def test_a_failing_round_does_not_stop_the_scheduler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sanmin.notifications.management.commands import scheduler

    def broken(**kwargs: Any) -> int:
        raise RuntimeError("database away")

    monkeypatch.setattr(scheduler, "reminders_due", broken)
    call_command("scheduler", "--once", stdout=StringIO())  # logged, not raised


def test_sigterm_stops_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    from sanmin.notifications.management.commands import scheduler

    rounds: list[float] = []
    monkeypatch.setattr(
        scheduler.Command, "tick", lambda self: rounds.append(time.monotonic())
    )
    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    timer = threading.Timer(0.3, os.kill, args=(os.getpid(), signal.SIGTERM))
    started = time.monotonic()
    timer.start()
    try:
        out = StringIO()
        call_command("scheduler", "--interval", "30", stdout=out)
    finally:
        timer.cancel()
        for number, handler in previous.items():
            signal.signal(number, handler)
    assert time.monotonic() - started < 5
    assert len(rounds) == 1
    assert "已停止" in out.getvalue()
