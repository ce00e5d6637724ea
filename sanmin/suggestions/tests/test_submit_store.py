"""Submitting a suggestion stores the case as typed, with its tracking number, the
public step 提交, an audit event without personal data, its terms and the SMS."""

from __future__ import annotations

import datetime as dt

from sanmin.audit.models import AuditEvent
from sanmin.notifications.models import Message
from sanmin.suggestions.models import Status, SuggestionTerm
from sanmin.suggestions.tests.suggestion_helpers import make_suggestion


def test_it_stores_the_case_as_submitted(campaign, citizen_user):
    case = make_suggestion(
        campaign, citizen_user, title="  关于停车的建议  ", place=" 市南区香港中路 "
    )

    assert case.status == Status.SUBMITTED
    assert case.number == f"JY{campaign.year}000001"
    assert case.title == "关于停车的建议"
    assert case.place == "市南区香港中路"
    assert case.submitter == citizen_user
    assert not case.show_name
    assert case.org_name == case.org_kind == ""


def test_it_stores_script_as_plain_text(campaign, citizen_user):
    script = "<script>alert('x')</script>这是一条足够长的建议内容"

    case = make_suggestion(campaign, citizen_user, title="<b>标题</b>", text=script)

    case.refresh_from_db()
    assert case.text == script
    assert case.title == "<b>标题</b>"


def test_it_records_the_public_step(campaign, citizen_user):
    case = make_suggestion(campaign, citizen_user)

    [step] = case.steps.all()
    assert (step.action, step.label, step.public) == ("submit", "提交", True)
    assert step.actor == citizen_user
    assert step.actor_label == ""


def test_it_audits_without_personal_data(campaign, citizen_user):
    case = make_suggestion(campaign, citizen_user)

    event = AuditEvent.objects.get(action="suggestion.submit")
    assert event.object_id == str(case.pk)
    assert event.detail == {
        "number": case.number,
        "source": "citizen",
        "topic": case.topic.code,
        "attachments": 0,
    }
    assert citizen_user.display_name not in str(event.detail)


def test_it_indexes_the_terms(campaign, citizen_user):
    case = make_suggestion(campaign, citizen_user)

    assert SuggestionTerm.objects.filter(suggestion=case).exists()


def test_it_texts_the_submitter_that_it_arrived(campaign, citizen_user):
    case = make_suggestion(campaign, citizen_user)

    message = Message.objects.get()
    assert message.template == "suggestion_status"
    assert message.params == {"tracking": case.number, "status": "已收到"}


def test_it_sends_nothing_without_a_phone(campaign, citizen_user):
    citizen_user.phone_cipher = ""
    citizen_user.save(update_fields=["phone_cipher"])

    make_suggestion(campaign, citizen_user)

    assert not Message.objects.exists()


def test_it_keeps_the_submission_time(campaign, citizen_user, time_machine):
    moment = dt.datetime(2024, 12, 20, 1, 30, tzinfo=dt.UTC)
    time_machine.move_to(moment, tick=False)

    case = make_suggestion(campaign, citizen_user)

    assert case.submitted_at == moment
    assert case.steps.get().at == moment
