from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.campaigns.models import Session
from sanmin.core.middleware import CARE_COOKIE
from sanmin.reporting.tests.public_factories import campaign_2024, participant

pytestmark = pytest.mark.django_db


def test_it_switches_care_mode_on_and_off_and_remembers_it(client: Client) -> None:
    campaign_2024()
    assert (
        '<html lang="zh-CN" class="">' in client.get("/departments/").content.decode()
    )

    response = client.post("/care/", {"on": "1", "next": "/departments/"})
    assert response.status_code == 302
    assert response["Location"] == "/departments/"
    assert response.cookies[CARE_COOKIE].value == "1"
    assert response.cookies[CARE_COOKIE]["max-age"] >= 30 * 24 * 3600

    html = client.get("/departments/").content.decode()
    assert '<html lang="zh-CN" class="care">' in html
    assert "标准版" in html

    response = client.post("/care/", {"on": "0", "next": "/departments/"})
    assert response.cookies[CARE_COOKIE].value == ""
    html = client.get("/departments/").content.decode()
    assert '<html lang="zh-CN" class="">' in html
    assert "关怀版" in html


def test_it_does_not_redirect_to_another_site(client: Client) -> None:
    response = client.post("/care/", {"on": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_toggle_is_on_every_public_page(client: Client) -> None:
    campaign = campaign_2024()
    session = campaign.sessions.filter(kind=Session.Kind.PUBLIC).first()
    assert session is not None
    urls = [
        reverse("reporting:home"),
        reverse("reporting:departments"),
        reverse("reporting:department", args=[participant(campaign, "市科技局").pk]),
        reverse("reporting:session", args=[session.pk]),
        "/departments/999999/",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert 'action="/care/"' in html, url
        assert f'name="next" value="{url}"' in html, url
        assert 'href="#main"' in html, url
