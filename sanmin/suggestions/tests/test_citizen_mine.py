"""我的建议: the user's list, one case's timeline, answers once answered, its
attachments, and the satisfaction form; nobody else's number."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sanmin.accounts.tests.fixtures import make_citizen, verified_client
from sanmin.suggestions.models import Satisfaction
from sanmin.suggestions.services.loop import suggestion_decline
from sanmin.suggestions.tests.citizen_helpers import (
    PDF,
    answer,
    assign,
    publish,
    submit,
    upload,
)


def _detail(case: Any) -> str:
    return reverse("suggestions:mine-detail", args=[case.number])


def _rate(case: Any) -> str:
    return reverse("suggestions:rate", args=[case.number])


def test_it_lists_only_the_users_suggestions(campaign: Any, citizen_user: Any) -> None:
    own = submit(user=citizen_user, campaign=campaign, title="我的第一条建议")
    other = submit(user=make_citizen(serial=50), campaign=campaign, title="别人的建议")
    page = verified_client(citizen_user).get(reverse("suggestions:mine"))
    html = page.content.decode()
    assert page.status_code == 200
    assert own.number in html
    assert "我的第一条建议" in html
    assert "待受理" in html
    assert other.number not in html
    assert "别人的建议" not in html


def test_it_says_when_there_is_nothing_yet(citizen_user: Any) -> None:
    page = verified_client(citizen_user).get(reverse("suggestions:mine"))
    assert "您还没有提交过意见建议" in page.content.decode()


def test_it_hides_anyone_elses_number(campaign: Any, citizen_user: Any) -> None:
    other = submit(user=make_citizen(serial=51), campaign=campaign)
    client = verified_client(citizen_user)
    assert client.get(_detail(other)).status_code == 404
    assert client.post(_rate(other), {"level": "satisfied"}).status_code == 404
    unknown = reverse("suggestions:mine-detail", args=["JY2024999999"])
    assert client.get(unknown).status_code == 404


def test_it_shows_the_public_steps_and_the_attachments(
    campaign: Any, citizen_user: Any, office_user: Any, department_user: Any
) -> None:
    case = submit(
        user=citizen_user, campaign=campaign, files=(upload("材料.pdf", PDF),)
    )
    assign(suggestion=case, office=office_user, department=department_user.department)
    html = verified_client(citizen_user).get(_detail(case)).content.decode()
    assert "办理进度" in html
    assert "提交" in html
    assert "受理" in html
    assert "材料.pdf" in html
    attachment = case.attachments.get()
    assert reverse("suggestions:attachment", args=[attachment.pk]) in html
    # Before the answer is approved there is nothing to read or rate.
    assert "答复经审定后在这里显示" in html
    assert "评价办理情况" not in html


def test_it_shows_the_decline_reason(
    campaign: Any, citizen_user: Any, office_user: Any
) -> None:
    case = submit(user=citizen_user, campaign=campaign)
    suggestion_decline(suggestion=case, actor=office_user, reason="不属于本次征集范围")
    html = verified_client(citizen_user).get(_detail(case)).content.decode()
    assert "不予受理" in html
    assert "不属于本次征集范围" in html


def test_it_shows_the_answer_once_approved_and_takes_a_rating(
    campaign: Any, citizen_user: Any, office_user: Any, department_user: Any
) -> None:
    case = submit(user=citizen_user, campaign=campaign)
    answer(
        suggestion=case,
        office=office_user,
        department_user=department_user,
        text="经研究，将于明年开通新线路。",
    )
    client = verified_client(citizen_user)
    html = client.get(_detail(case)).content.decode()
    assert "经研究，将于明年开通新线路。" in html
    assert department_user.department.name in html
    assert "评价办理情况" in html

    response = client.post(_rate(case), {"level": "basic", "comment": "希望加快"})
    assert response.status_code == 302
    assert response["Location"] == _detail(case)
    rating = Satisfaction.objects.get(suggestion=case)
    assert (rating.level, rating.comment, rating.channel) == (
        "basic",
        "希望加快",
        "online",
    )
    html = client.get(_detail(case)).content.decode()
    assert "感谢您的评价" in html
    assert "基本满意" in html
    assert "评价办理情况" not in html


def test_it_refuses_a_second_rating(
    campaign: Any, citizen_user: Any, office_user: Any, department_user: Any
) -> None:
    case = submit(user=citizen_user, campaign=campaign)
    answer(suggestion=case, office=office_user, department_user=department_user)
    client = verified_client(citizen_user)
    client.post(_rate(case), {"level": "satisfied"})
    response = client.post(_rate(case), {"level": "dissatisfied"})
    assert response.status_code == 400
    assert "已评价过" in response.content.decode()
    assert Satisfaction.objects.get(suggestion=case).level == "satisfied"


def test_it_refuses_a_rating_before_the_answer(
    campaign: Any, citizen_user: Any
) -> None:
    case = submit(user=citizen_user, campaign=campaign)
    response = verified_client(citizen_user).post(_rate(case), {"level": "satisfied"})
    assert response.status_code == 400
    assert "答复后才能评价" in response.content.decode()
    assert not Satisfaction.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请选择满意程度"),
        ({"level": "great"}, "请从选项中选择满意程度"),
        ({"level": "satisfied", "comment": "长" * 301}, "意见不能超过 300 个字"),
    ],
)
def test_it_refuses_a_bad_rating(
    campaign: Any,
    citizen_user: Any,
    office_user: Any,
    department_user: Any,
    data: dict[str, str],
    message: str,
) -> None:
    case = submit(user=citizen_user, campaign=campaign)
    answer(suggestion=case, office=office_user, department_user=department_user)
    response = verified_client(citizen_user).post(_rate(case), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Satisfaction.objects.exists()


def test_it_links_a_published_case_to_its_public_page(
    campaign: Any, citizen_user: Any, office_user: Any, department_user: Any
) -> None:
    case = submit(user=citizen_user, campaign=campaign)
    publish(suggestion=case, office=office_user, department_user=department_user)
    html = verified_client(citizen_user).get(_detail(case)).content.decode()
    assert reverse("suggestions:public-detail", args=[case.number]) in html
    assert "评价办理情况" in html  # published and not yet rated
