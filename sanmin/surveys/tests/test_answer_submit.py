"""Storing answers: once per identity (also concurrently), participation apart from
content, tallies, who may answer what, closed and draft versions, the anonymous
device limit and anti-abuse, and the pages."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanmin.surveys.models import (
    PendingTally,
    Respondent,
    Response,
    Tally,
    TextAnswer,
)
from sanmin.surveys.selectors.live import live_counts
from sanmin.surveys.services import antiabuse, builder
from sanmin.surveys.services.answer import response_submit
from sanmin.surveys.services.store import tallies_fold
from sanmin.surveys.tests.survey_helpers import make_questionnaire
from sanmin.surveys.tests.test_answer_validate import GOOD

LATER = dt.timedelta(seconds=10)
FRAGMENT = {"X-Content-Only": "1"}  # what fill.js sends with the answers


@pytest.fixture
def public(campaign):
    return make_questionnaire(campaign)


def _anonymous(questionnaire, token, *, solve=True, at=None):
    issued = timezone.now()
    challenge = antiabuse.challenge_issue(
        questionnaire_id=questionnaire.pk, device_token=token, now=issued
    )
    nonce = antiabuse.work_solve(challenge) if solve else ""
    return response_submit(
        questionnaire=questionnaire,
        device_token=token,
        data=GOOD,
        proof=antiabuse.Proof(challenge=challenge, nonce=nonce),
        now=at or issued + LATER,
    )


def test_it_stores_content_apart_from_the_person(public, citizen_user):
    response = response_submit(
        questionnaire=public,
        user=citizen_user,
        data={**GOOD, "topic": "other", "topic__other": "停车", "comment": "好"},
    )

    respondent = Respondent.objects.get()
    assert respondent.user == citizen_user and respondent.channel == "citizen"
    assert response.answers["topic__other"] == "停车"
    assert sorted(TextAnswer.objects.values_list("text", flat=True)) == ["停车", "好"]
    fields = {f.name for f in Response._meta.get_fields()}
    assert not fields & {"user", "respondent", "created_at", "answered_at"}


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Respondent, "network_hash"),
        (Response, "channel"),
        (TextAnswer, "text"),
    ],
)
def test_the_database_refuses_update_and_delete(public, citizen_user, model, field):
    response_submit(
        questionnaire=public, user=citizen_user, data={**GOOD, "comment": "好"}
    )
    rows = model.objects.all()
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.update(**{field: "changed"})
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.delete()
    assert model.objects.count() == 1


@pytest.mark.parametrize("model", [Response, TextAnswer])
def test_answer_tables_hold_nothing_that_links_to_a_person(model):
    """No person, no time, no sequential key: like a ballot's."""
    from django.db import models

    from sanmin.accounts.models import User

    for field in model._meta.get_fields():
        assert getattr(field, "related_model", None) not in (User, Respondent)
        assert not isinstance(field, models.DateTimeField | models.DateField)
    assert isinstance(model._meta.pk, models.UUIDField)


def _live(questionnaire) -> dict[tuple[int, int, int], int]:
    return {
        (q, r, o): n
        for (q, r, o, _group), n in live_counts(
            questionnaire_id=questionnaire.pk, by=None
        ).items()
    }


def test_it_counts_every_key_live_and_folds_them_into_tallies(public, citizen_user):
    response_submit(questionnaire=public, user=citizen_user, data=GOOD)
    areas = public.questions.get(code="areas")
    housing = areas.rows.get(code="housing")
    satisfied = areas.options.get(code="satisfied")
    wishes = public.questions.get(code="wishes")
    expected = {
        (0, 0, 0): 1,
        (areas.pk, 0, 0): 1,
        (areas.pk, housing.pk, 0): 1,
        (areas.pk, housing.pk, satisfied.pk): 1,
        (wishes.pk, 0, wishes.options.get(code="a").pk): 1,
    }

    live = _live(public)  # no counter row touched by the answer itself
    assert not Tally.objects.exists() and PendingTally.objects.count() == 1
    assert live.items() >= expected.items()

    assert tallies_fold() == 1
    assert not PendingTally.objects.exists()
    tallies = {
        (t.question_id_key, t.row_id_key, t.option_id_key): t.count
        for t in Tally.objects.all()
    }
    assert tallies == live == _live(public)
    assert tallies_fold() == 0  # nothing is counted twice


def test_folding_part_of_the_answers_changes_no_figure(public):
    from sanmin.accounts.tests.fixtures import make_citizen

    for n in range(5):
        response_submit(
            questionnaire=public, user=make_citizen(serial=40 + n), data=GOOD
        )
    before = _live(public)

    assert tallies_fold(limit=2) == 2
    assert _live(public) == before and PendingTally.objects.count() == 3
    response_submit(questionnaire=public, user=make_citizen(serial=50), data=GOOD)
    assert tallies_fold() == 4
    assert _live(public)[(0, 0, 0)] == 6 == Tally.objects.get(question_id_key=0).count


def test_it_takes_one_answer_per_person(public, citizen_user):
    response_submit(questionnaire=public, user=citizen_user, data=GOOD)

    with pytest.raises(ValidationError, match="只能填写一次"):
        response_submit(questionnaire=public, user=citizen_user, data=GOOD)
    assert Response.objects.count() == 1


def test_it_refuses_drafts_closed_and_superseded_versions(campaign, citizen_user):
    draft = make_questionnaire(campaign, open=False, code="draft")
    with pytest.raises(ValidationError, match="尚未开放"):
        response_submit(questionnaire=draft, user=citizen_user, data=GOOD)
    old = make_questionnaire(campaign, code="fam")
    builder.questionnaire_close(questionnaire=old, actor="测试")
    old.refresh_from_db()
    with pytest.raises(ValidationError, match="已结束"):
        response_submit(questionnaire=old, user=citizen_user, data=GOOD)
    new = builder.questionnaire_new_version(questionnaire=old, actor="测试")
    builder.questionnaire_open(questionnaire=new, actor="测试")
    with pytest.raises(ValidationError, match="新版本"):
        response_submit(questionnaire=old, user=citizen_user, data=GOOD)
    assert not Response.objects.exists()


def test_it_lets_only_representatives_answer_theirs(
    campaign, citizen_user, representative_user
):
    theirs = make_questionnaire(campaign, audience="representative")

    with pytest.raises(ValidationError, match="市民代表名单"):
        response_submit(questionnaire=theirs, user=citizen_user, data=GOOD)
    response = response_submit(
        questionnaire=theirs, user=representative_user, data=GOOD
    )

    assert response.channel == "representative"
    assert response.district_id is not None
    assert PendingTally.objects.filter(district_id_key=response.district_id).exists()


def test_it_allows_one_anonymous_answer_per_device(public):
    _anonymous(public, "d" * 24)

    with pytest.raises(ValidationError, match="本设备已提交"):
        _anonymous(public, "d" * 24)
    _anonymous(public, "e" * 24)
    assert Respondent.objects.filter(channel="anonymous").count() == 2


def test_it_refuses_a_forged_or_hurried_proof(public):
    token = "f" * 24
    with pytest.raises(ValidationError, match="过期"):
        response_submit(
            questionnaire=public,
            device_token=token,
            data=GOOD,
            proof=antiabuse.Proof(challenge="forged:x", nonce="1"),
        )
    with pytest.raises(ValidationError, match="过快"):
        _anonymous(public, token, at=timezone.now())
    assert not Response.objects.exists()


def test_it_limits_networks_harder_without_the_proof(public, settings):
    settings.SURVEY_ANONYMOUS_UNPROVEN_PER_NETWORK_HOUR = 1
    settings.SURVEY_ANONYMOUS_PER_NETWORK_HOUR = 2
    network = antiabuse.network_hash(None) or "n" * 64
    Respondent.objects.create(
        campaign=public.campaign,
        code=public.code,
        identity_hash="x",
        channel="anonymous",
        network_hash=network,
        answered_at=timezone.now(),
    )

    with pytest.raises(ValidationError, match="过多"):
        antiabuse.network_admit(
            campaign_id=public.campaign_id,
            code=public.code,
            network=network,
            proven=False,
            now=timezone.now(),
        )
    antiabuse.network_admit(
        campaign_id=public.campaign_id,
        code=public.code,
        network=network,
        proven=True,
        now=timezone.now(),
    )


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_concurrent_submission_in(public, citizen_user):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def submit() -> None:
        try:
            barrier.wait()
            response_submit(questionnaire=public, user=citizen_user, data=GOOD)
            outcomes.append("stored")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused"] * 3 + ["stored"]
    assert Response.objects.count() == 1
    assert _live(public)[(0, 0, 0)] == 1


def test_it_fills_the_public_survey_through_the_pages(public, client_as):
    client = client_as("citizen")
    url = reverse("surveys:fill", args=[public.pk])
    page = client.get(url)
    assert "若第 2 题选择“不满意”，请回答本题" in page.content.decode()

    refused = client.post(url, {"q-overall": "satisfied"})
    assert refused.status_code == 400
    assert "本题为必答题" in refused.content.decode()
    assert not Response.objects.exists()

    done = client.post(
        url,
        {
            "q-areas__housing": "satisfied",
            "q-areas__security": "dissatisfied",
            "q-overall": "satisfied",
            "q-topic": "parks",
            "q-wishes": ["a", "b"],
        },
    )
    assert done.status_code == 200  # the thank-you page answers the POST itself
    assert "问卷已提交" in done.content.decode()
    assert Response.objects.get().answers["wishes"] == ["a", "b"]
    thanks = reverse("surveys:thanks", args=[public.pk])
    assert client.get(url)["Location"] == thanks  # answered: to the thanks page
    again = client.post(url, {"q-overall": "satisfied"})  # a resubmitted form
    assert again["Location"] == thanks
    assert Response.objects.count() == 1


def test_it_answers_fill_js_with_the_thank_you_content_only(public, client_as):
    client = client_as("citizen")
    url = reverse("surveys:fill", args=[public.pk])
    answers = {
        "q-areas__housing": "satisfied",
        "q-areas__security": "satisfied",
        "q-overall": "satisfied",
        "q-topic": "parks",
        "q-wishes": ["a"],
    }
    refused = client.post(url, {"q-overall": "satisfied"}, headers=FRAGMENT)
    assert refused.status_code == 400  # errors: the whole page, for a plain submit
    assert "X-Content-Only" not in refused.headers

    done = client.post(url, answers, headers=FRAGMENT)

    body = done.content.decode()
    assert done.status_code == 200 and done["X-Content-Only"] == "done"
    assert "X-Content-Only" in done["Vary"]
    assert "问卷已提交" in body and "data-survey-done=" in body
    assert "<html" not in body and "site-header" not in body
    assert Response.objects.count() == 1
    thanks = reverse("surveys:thanks", args=[public.pk])
    assert "<html" in client.get(thanks).content.decode()  # the page on its own
    again = client.post(url, answers, headers=FRAGMENT)  # sent twice
    assert again.status_code == 302 and again["Location"] == thanks
    assert Response.objects.count() == 1


def test_it_sets_a_device_cookie_for_anonymous_visitors(public):
    client = Client()
    page = client.get(reverse("surveys:fill", args=[public.pk]))

    cookie = page.cookies[antiabuse.DEVICE_COOKIE]
    assert cookie["httponly"]
    assert int(cookie["max-age"]) > 365 * 24 * 3600
    assert 'name="pow_challenge"' in page.content.decode()


def test_it_cuts_the_public_survey_by_the_district_answered(campaign, citizen_user):
    from sanmin.campaigns.models import District
    from sanmin.surveys.tests.survey_helpers import load_2024

    survey = load_2024(campaign)["public"]
    data = {
        "areas": {
            code: "satisfied"
            for code in survey.questions.get(code="areas").rows.values_list(
                "code", flat=True
            )
        },
        "overall": "satisfied",
        "improve_area": "housing",
        "improvements": ["transport"],
        "district": "370203",
        "age": "30s",
    }

    response = response_submit(questionnaire=survey, user=citizen_user, data=data)

    district = District.objects.get(code="370203")
    assert response.district == district
    tallies_fold()
    assert set(Tally.objects.values_list("district_id_key", flat=True)) == {district.pk}
    assert set(Tally.objects.values_list("category_id_key", flat=True)) == {0}


def test_it_takes_an_anonymous_answer_without_javascript(public):
    client = Client()
    url = reverse("surveys:fill", args=[public.pk])
    page = client.get(url).content.decode()
    found = re.search(r'name="pow_challenge" value="([^"]+)"', page)
    assert found is not None
    challenge = found.group(1)
    form = {
        "pow_challenge": challenge,
        "pow_nonce": "",  # no JavaScript: no proof, the strict network limit
        "q-areas__housing": "satisfied",
        "q-areas__security": "satisfied",
        "q-overall": "satisfied",
        "q-topic": "schools",
        "q-wishes": ["d"],
    }

    with time_machine.travel(timezone.now() + LATER):
        done = client.post(url, form)

    assert done.status_code == 200 and "问卷已提交" in done.content.decode()
    respondent = Respondent.objects.get()
    assert respondent.channel == "anonymous" and respondent.user is None
    assert respondent.network_hash
    assert client.get(url).status_code == 302  # this device has answered


def test_it_leads_the_representative_from_the_receipt(campaign, client_as):
    theirs = make_questionnaire(campaign, audience="representative")
    client = client_as("representative")
    link = reverse("surveys:representative")

    assert client.get(link)["Location"] == reverse("surveys:fill", args=[theirs.pk])
    assert client_as("citizen").get(link).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_it_counts_concurrent_submissions_of_different_people(public):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    from sanmin.accounts.tests.fixtures import make_citizen

    people = [make_citizen(serial=20 + n) for n in range(6)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(people))

    def submit(person) -> None:
        try:
            barrier.wait()
            response_submit(questionnaire=public, user=person, data=GOOD)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert _live(public)[(0, 0, 0)] == len(people) == Response.objects.count()


def test_it_checks_the_proof_of_work(public):
    token = "g" * 24
    issued = timezone.now()
    challenge = antiabuse.challenge_issue(
        questionnaire_id=public.pk, device_token=token, now=issued
    )
    nonce = antiabuse.work_solve(challenge)

    def check(nonce: str, device: str = token) -> bool:
        return antiabuse.proof_check(
            proof=antiabuse.Proof(challenge=challenge, nonce=nonce),
            questionnaire_id=public.pk,
            device_token=device,
            now=issued + LATER,
        )

    assert check(nonce) is True
    assert check(str(int(nonce) + 1)) is False or antiabuse.work_done(
        challenge, str(int(nonce) + 1)
    )
    assert check("") is False
    with pytest.raises(ValidationError, match="过期"):
        check(nonce, device="h" * 24)  # another device's challenge
