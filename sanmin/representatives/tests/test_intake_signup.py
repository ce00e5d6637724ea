"""自愿报名: a citizen signed in through 爱山东 signs up with what 爱山东 verified
(never typing an ID number), meeting the age, residence and consent rules, once per
campaign whatever the channel."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sanmin.accounts.models import Role, User
from sanmin.accounts.tests.fixtures import verified_client
from sanmin.audit.models import AuditEvent
from sanmin.core import crypto
from sanmin.core.personal import make_id_number
from sanmin.representatives.models import Candidate, Channel
from sanmin.representatives.tests.intake_helpers import (
    HEADER,
    SIGNUP,
    person,
    signup_data,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def citizen_born(born: dt.date, serial: int = 77) -> User:
    user = User(
        username=f"citizen-born-{serial}",
        role=Role.CITIZEN,
        display_name="年轻市民",
        idp_subject=f"subject-born-{serial}",
        verification_level=3,
        synthetic=True,
    )
    user.set_id_number(make_id_number("370211", born, serial))
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def citizen(campaign: Any, citizen_user: User) -> Client:
    return verified_client(citizen_user)


def test_the_form_asks_for_no_id_number(citizen: Client, citizen_user: User) -> None:
    text = citizen.get(SIGNUP).content.decode()
    assert 'name="id_number"' not in text
    assert citizen_user.id_masked in text
    assert crypto.cipher().decrypt(citizen_user.id_cipher) not in text
    assert "测试市民1" in text
    # The phone 爱山东 knows is offered, and the rules of Annex 4 are shown.
    assert 'value="13800000001"' in text
    assert "不得存在下列行为" in text


def test_a_citizen_signs_up(citizen: Client, citizen_user: User, campaign: Any) -> None:
    response = citizen.post(SIGNUP, signup_data())
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert candidate.channel == Channel.VOLUNTEER
    assert candidate.category.code == "city-volunteers"
    assert candidate.district is not None
    assert candidate.district.name == "市南区"
    assert candidate.id_hash == citizen_user.id_hash
    decrypt = crypto.cipher().decrypt
    assert decrypt(candidate.id_cipher) == decrypt(citizen_user.id_cipher)
    assert decrypt(candidate.name_cipher) == "测试市民1"
    assert decrypt(candidate.phone_cipher) == "13900001111"
    assert candidate.local_hukou is True
    assert candidate.residence_years is None
    assert candidate.consented_at is not None
    assert candidate.submitted_by == citizen_user
    assert (candidate.gender, candidate.birth_date) == ("M", dt.date(1980, 1, 1))
    event = AuditEvent.objects.get(action="candidate.sign_up")
    assert event.object_id == str(candidate.pk)
    assert "13900001111" not in str(event.detail)
    page = citizen.get(SIGNUP).content.decode()
    assert "待审查" in page
    assert "报名成功" in page


def test_an_under_age_citizen_cannot_sign_up(campaign: Any) -> None:
    today = timezone.localdate()
    client = verified_client(citizen_born(dt.date(today.year - 17, 1, 1)))
    page = client.get(SIGNUP).content.decode()
    assert "报名须年满18周岁" in page
    assert 'name="consent"' not in page
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 400
    assert "报名须年满18周岁" in response.content.decode()
    assert not Candidate.objects.exists()


def test_age_is_counted_on_the_day_of_sign_up(campaign: Any) -> None:
    from sanmin.representatives.services.intake import candidate_sign_up

    day = dt.date(2024, 11, 20)
    adult = citizen_born(dt.date(2006, 11, 20), serial=78)
    minor = citizen_born(dt.date(2006, 11, 21), serial=79)
    candidate_sign_up(campaign=campaign, citizen=adult, data=_data(), today=day)
    with pytest.raises(Exception, match="报名须年满18周岁"):
        candidate_sign_up(campaign=campaign, citizen=minor, data=_data(), today=day)
    assert Candidate.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hukou": "non-local", "residence_years": "0"}, "须在青岛居住满 1 年"),
        ({"hukou": "non-local", "residence_years": ""}, "须在青岛居住满 1 年"),
        ({"consent": None}, "请阅读并同意《工作纪律》后再报名"),
        ({"phone": "12345"}, "手机号码应为11位数字，以1开头"),
        ({"occupation": ""}, "请填写职业"),
        ({"hukou": None}, "请选择户籍"),
        ({"district": "999999"}, "请选择居住的区（市）"),
    ],
)
def test_a_sign_up_breaking_a_rule_is_refused(
    citizen: Client, changes: dict[str, Any], message: str
) -> None:
    response = citizen.post(SIGNUP, signup_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Candidate.objects.exists()


def test_a_non_local_citizen_of_one_year_may_sign_up(citizen: Client) -> None:
    response = citizen.post(SIGNUP, signup_data(hukou="non-local", residence_years="1"))
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert (candidate.local_hukou, candidate.residence_years) == (False, 1)


def test_signing_up_twice_is_refused(citizen: Client, citizen_user: User) -> None:
    from sanmin.representatives.services.intake import candidate_sign_up

    assert citizen.post(SIGNUP, signup_data()).status_code == 302
    # The page no longer offers the form; a second post (an old tab) is refused.
    response = citizen.post(SIGNUP, signup_data(occupation="医生"), follow=True)
    assert "不能重复报名" in response.content.decode()
    assert Candidate.objects.count() == 1
    assert Candidate.objects.get().occupation == "教师"
    with pytest.raises(Exception, match="不能重复报名"):
        candidate_sign_up(
            campaign=Candidate.objects.get().campaign,
            citizen=citizen_user,
            data=_data(),
        )


def _data() -> Any:
    from sanmin.campaigns.models import District
    from sanmin.representatives.services.intake import SignUp

    return SignUp(
        district=District.objects.order_by("order", "code")[0],
        local_hukou=True,
        residence_years=None,
        occupation="教师",
        organisation="",
        phone="13900001111",
        consented=True,
    )


def test_someone_already_in_by_another_channel_sees_that_candidacy(
    cast: Any,
) -> None:
    citizen_user = cast.user("citizen")
    number = crypto.cipher().decrypt(citizen_user.id_cipher)
    content = xlsx_bytes([HEADER, person(1, number=number)])
    assert upload(cast.client("statistics"), content).status_code == 302
    client = cast.client("citizen")
    page = client.get(SIGNUP).content.decode()
    assert "您已通过随机抽取登记为本年度市民代表候选人" in page
    assert 'name="consent"' not in page
    client.post(SIGNUP, signup_data())
    assert Candidate.objects.count() == 1
    assert Candidate.objects.get().channel == Channel.RANDOM


def test_a_rejected_citizen_sees_a_neutral_message(
    citizen: Client, campaign: Any, reviewer_user: User
) -> None:
    from sanmin.representatives.services.reviews import candidates_review

    citizen.post(SIGNUP, signup_data())
    candidate = Candidate.objects.get()
    candidates_review(
        campaign=campaign,
        candidate_ids=[candidate.pk],
        reviewer=reviewer_user,
        decision="rejected",
        reason="不符合条件的具体情况",
    )
    page = citizen.get(SIGNUP).content.decode()
    assert "未通过资格审查" in page
    assert "不符合条件的具体情况" not in page
    assert "市公安局" not in page


def test_staff_and_anonymous_cannot_sign_up(cast: Any) -> None:
    assert cast.client("anonymous").post(SIGNUP, signup_data()).status_code == 302
    assert cast.client("district").post(SIGNUP, signup_data()).status_code == 403
    assert not Candidate.objects.exists()
