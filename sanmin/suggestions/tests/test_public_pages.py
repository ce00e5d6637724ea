"""The public suggestions page: published cases only, newest first, paged, by topic
and title; a case's page with the name only when the submitter agreed."""

from __future__ import annotations

from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse

from sanmin.accounts.tests.fixtures import make_citizen
from sanmin.suggestions.models import Suggestion
from sanmin.suggestions.selectors.public import PAGE_SIZE
from sanmin.suggestions.services.loop import suggestions_publish
from sanmin.suggestions.tests.citizen_helpers import answer, publish, submit, topic

LIST = "/suggestions/"


def _published(
    campaign: Any, office: Any, department_user: Any, **kwargs: Any
) -> Suggestion:
    title = kwargs.pop("title", "关于增设公交线路的答复")
    case = submit(campaign=campaign, **kwargs)
    return publish(
        suggestion=case, office=office, department_user=department_user, title=title
    )


def test_it_lives_at_the_named_url() -> None:
    assert reverse("suggestions:public") == LIST


def test_it_lists_published_cases_only_to_anyone(
    campaign: Any, citizen_user: Any, office_user: Any, department_user: Any
) -> None:
    shown = _published(
        campaign, office_user, department_user, user=citizen_user, title="公开的答复"
    )
    hidden = submit(user=citizen_user, campaign=campaign, title="尚未公开的建议")
    answered = answer(
        suggestion=submit(user=citizen_user, campaign=campaign, title="已答复未公开"),
        office=office_user,
        department_user=department_user,
    )
    response = Client().get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "公开的答复" in html
    assert shown.number in html
    assert hidden.number not in html
    assert answered.number not in html
    assert "尚未公开的建议" not in html


def test_it_shows_the_newest_first_and_pages_by_twenty(
    campaign: Any, citizen_user: Any, office_user: Any, department_user: Any
) -> None:
    case = answer(
        suggestion=submit(user=citizen_user, campaign=campaign),
        office=office_user,
        department_user=department_user,
    )
    cases = [case]
    for _ in range(PAGE_SIZE):
        cases.append(
            answer(
                suggestion=submit(user=citizen_user, campaign=campaign),
                office=office_user,
                department_user=department_user,
            )
        )
    for n, case in enumerate(cases):
        with time_machine.travel(f"2025-01-{n + 1:02d} 10:00 +0800", tick=False):
            suggestions_publish(
                suggestions=[case],
                actor=office_user,
                title=f"答复{n:02d}号",
                answer="答",
            )
    first = Client().get(LIST).content.decode()
    assert first.index("答复20号") < first.index("答复19号")
    assert "答复01号" in first
    assert "答复00号" not in first
    assert "第 1 / 2 页" in first
    second = Client().get(LIST, {"page": 2}).content.decode()
    assert "答复00号" in second
    assert "答复01号" not in second


def test_it_filters_by_topic_and_title(
    campaign: Any, citizen_user: Any, office_user: Any, department_user: Any
) -> None:
    from sanmin.suggestions.services.submit import suggestion_submit

    bus = _published(
        campaign, office_user, department_user, user=citizen_user, title="公交线路答复"
    )
    park_case = suggestion_submit(
        user=citizen_user,
        campaign=campaign,
        source="citizen",
        topic=topic(campaign, 6),
        title="公园",
        text="建议增加城市公园的绿化和座椅。",
    )
    park = publish(
        suggestion=park_case,
        office=office_user,
        department_user=department_user,
        title="公园绿化答复",
    )
    by_topic = Client().get(LIST, {"topic": topic(campaign, 6).code}).content.decode()
    assert park.number in by_topic
    assert bus.number not in by_topic
    by_title = Client().get(LIST, {"q": "公交"}).content.decode()
    assert bus.number in by_title
    assert park.number not in by_title
    nothing = Client().get(LIST, {"q": "地铁"}).content.decode()
    assert "没有符合条件的公开答复" in nothing


def test_it_keeps_the_filters_in_the_pager(
    campaign: Any, citizen_user: Any, office_user: Any, department_user: Any
) -> None:
    for _ in range(PAGE_SIZE + 1):
        _published(campaign, office_user, department_user, user=citizen_user)
    html = Client().get(LIST, {"q": "公交"}).content.decode()
    assert "?q=%E5%85%AC%E4%BA%A4&amp;page=2" in html


def test_it_shows_the_name_only_with_consent(
    campaign: Any, office_user: Any, department_user: Any
) -> None:
    named = make_citizen(serial=61)
    unnamed = make_citizen(serial=62)
    with_name = _published(
        campaign, office_user, department_user, user=named, show_name=True
    )
    without = _published(
        campaign, office_user, department_user, user=unnamed, show_name=False
    )
    html = Client().get(reverse("suggestions:public-detail", args=[with_name.number]))
    assert named.display_name in html.content.decode()
    html = Client().get(reverse("suggestions:public-detail", args=[without.number]))
    page = html.content.decode()
    assert unnamed.display_name not in page
    assert "<dd>市民</dd>" in page


def test_it_shows_an_organisations_name_with_consent(
    campaign: Any, citizen_user: Any, office_user: Any, department_user: Any
) -> None:
    case = _published(
        campaign,
        office_user,
        department_user,
        user=citizen_user,
        show_name=True,
        source="organisation",
        org_name="青岛市某研究院",
        org_kind="research",
    )
    page = Client().get(reverse("suggestions:public-detail", args=[case.number]))
    assert "青岛市某研究院" in page.content.decode()
    assert citizen_user.display_name not in page.content.decode()


def test_it_shows_no_personal_data_and_not_the_original_text(
    campaign: Any, citizen_user: Any, office_user: Any, department_user: Any
) -> None:
    case = _published(
        campaign,
        office_user,
        department_user,
        user=citizen_user,
        text="我家住在某小区3号楼，电话13800000001，希望修路。",
        title="关于修路的答复",
    )
    page = Client().get(reverse("suggestions:public-detail", args=[case.number]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "关于修路的答复" in html
    assert "市交通运输局将于明年开通新线路。" in html
    assert topic(campaign).name in html
    assert "13800000001" not in html
    assert "3号楼" not in html
    assert citizen_user.display_name not in html


def test_it_hides_an_unpublished_number(campaign: Any, citizen_user: Any) -> None:
    case = submit(user=citizen_user, campaign=campaign)
    url = reverse("suggestions:public-detail", args=[case.number])
    assert Client().get(url).status_code == 404
    unknown = reverse("suggestions:public-detail", args=["JY2024000999"])
    assert Client().get(unknown).status_code == 404
