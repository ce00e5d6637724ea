"""The whole simulator sign-in over real HTTP: browser redirects and server calls."""

from __future__ import annotations

import re
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest

from sanmin.accounts.models import Role, User
from sanmin.core.personal import mask_id
from sanmin.identity.providers.aishandong import UrllibTransport
from sanmin.identity.services import simulated_person_create
from sanmin.identity.tests.conftest import WANG_ID

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """Just enough of a browser: cookies, redirects, forms with a CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )
        self.page = ""
        self.url = ""

    def open(self, path: str, form: dict[str, str] | None = None) -> str:
        data = None
        if form is not None:
            token = _CSRF.search(self.page)
            assert token, "the page has no form"
            data = urlencode({"csrfmiddlewaretoken": token.group(1), **form}).encode()
        with self.opener.open(self.base + path, data=data, timeout=10) as response:
            self.url = response.url
            self.page = response.read().decode()
        return self.page


@pytest.mark.django_db(transaction=True)
def test_it_signs_in_through_the_simulator_over_http(
    live_server, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    settings.AISHANDONG_SIMULATOR_TRANSPORT = "http"
    calls: list[str] = []
    real_post = UrllibTransport.post_form

    def spy(self, url, form, *, timeout):  # type: ignore[no-untyped-def]
        calls.append(url)
        return real_post(self, url, form, timeout=timeout)

    monkeypatch.setattr(UrllibTransport, "post_form", spy)
    person = simulated_person_create(name="王演示", id_number=WANG_ID, phone="")
    browser = Browser(live_server.url)

    page = browser.open("/identity/start/?next=/identity/signed-in/")
    assert "/identity/simulator/login/" in browser.url
    assert "演示数据" in page
    page = browser.open("/identity/simulator/login/", {"person": str(person.pk)})
    assert "开始人脸识别" in page
    page = browser.open("/identity/simulator/face/", {"action": "scan"})
    assert "识别通过" in page
    page = browser.open("/identity/simulator/face/", {"action": "confirm"})

    assert browser.url == f"{live_server.url}/identity/signed-in/"
    assert mask_id(WANG_ID) in page
    assert WANG_ID not in page
    assert User.objects.get(role=Role.CITIZEN).idp_subject == person.subject
    assert calls == [
        f"{live_server.url}/identity/simulator/token",
        f"{live_server.url}/identity/simulator/userinfo",
    ]
