"""The real adapter against a fake 爱山东 on 127.0.0.1 (http.server in a thread)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.accounts.models import Role, User
from sanmin.audit.models import AuditEvent
from sanmin.identity.providers import ProviderError
from sanmin.identity.providers.aishandong import provider_from_settings, sign_params
from sanmin.identity.tests.conftest import WANG_ID, query_value

pytestmark = pytest.mark.django_db

SECRET = "app-secret-for-tests"
Route = Callable[[dict[str, str]], tuple[int, bytes]]


class FakeAishandong:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                fake.requests.append((self.path, form))
                route = fake.routes.get(self.path)
                status, body = route(form) if route else (404, b"not found")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


def answer(payload: Any, status: int = 200) -> Route:
    return lambda form: (status, json.dumps(payload, ensure_ascii=False).encode())


def signed_ok(form: dict[str, str]) -> bool:
    unsigned = {k: v for k, v in form.items() if k != "sign"}
    return sign_params(unsigned, secret=SECRET) == form.get("sign")


def good_token(form: dict[str, str]) -> tuple[int, bytes]:
    if not signed_ok(form) or form.get("ticket") != "ST-good-ticket-1":
        return answer({"code": "10001", "msg": "票据无效"})(form)
    return answer({"code": "0", "msg": "成功", "data": {"token": "AT-xyz"}})(form)


USER = {
    "userId": "u-20240001",
    "name": "王演示",
    "idNumber": WANG_ID,
    "mobile": "13800001234",
    "authLevel": 3,
}


def good_user(form: dict[str, str]) -> tuple[int, bytes]:
    if not signed_ok(form) or form.get("token") != "AT-xyz":
        return answer({"code": "10011", "msg": "令牌无效"})(form)
    return answer({"code": 0, "msg": "成功", "data": USER})(form)


@pytest.fixture
def fake(settings) -> Iterator[FakeAishandong]:  # type: ignore[no-untyped-def]
    server = FakeAishandong()
    thread = threading.Thread(
        target=server.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    settings.IDENTITY_PROVIDER = "aishandong"
    settings.AISHANDONG_BASE_URL = server.url
    settings.AISHANDONG_APP_SECRET = SECRET
    settings.AISHANDONG_TIMEOUT = 1
    server.routes = {"/sso/ticket/token": good_token, "/sso/user/info": good_user}
    yield server
    server.server.shutdown()
    server.server.server_close()


def start_and_callback(client: Client, ticket: str = "ST-good-ticket-1"):  # type: ignore[no-untyped-def]
    start = client.get(reverse("identity:start"), {"next": "/after/"})
    login_url = start["Location"]
    return_url = query_value(login_url, "gotoUrl")
    state = query_value(return_url, "state")
    return login_url, client.get(
        reverse("identity:callback"), {"state": state, "ticket": ticket}
    )


def test_it_signs_in_through_the_provincial_protocol(
    client: Client, fake: FakeAishandong
) -> None:
    login_url, response = start_and_callback(client)

    assert login_url.startswith(f"{fake.url}/sso/login?")
    assert query_value(login_url, "appMark") == "sanmin"
    assert query_value(login_url, "gotoUrl").startswith(
        "http://testserver/identity/callback/?state="
    )
    assert response["Location"] == "/after/"
    user = User.objects.get(role=Role.CITIZEN)
    assert user.idp_subject == "u-20240001"
    assert not user.synthetic
    paths = [path for path, _ in fake.requests]
    assert paths == ["/sso/ticket/token", "/sso/user/info"]
    for _, form in fake.requests:
        assert form["appMark"] == "sanmin"
        assert signed_ok(form)
        assert SECRET not in json.dumps(form)
    event = AuditEvent.objects.get(action="identity.login")
    assert event.detail["provider"] == "aishandong"


def test_it_reports_a_refused_ticket_with_the_provider_code(
    client: Client, fake: FakeAishandong
) -> None:
    _, response = start_and_callback(client, ticket="ST-bad-ticket-1")
    assert response.status_code == 400
    assert "无效或已过期" in response.content.decode()
    event = AuditEvent.objects.get(action="identity.login")
    assert event.detail["provider_code"] == "10001"
    assert not User.objects.filter(role=Role.CITIZEN).exists()


def test_it_reports_an_unreachable_provider(
    client: Client, fake: FakeAishandong, settings
) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    settings.AISHANDONG_BASE_URL = f"http://127.0.0.1:{closed_port}"
    _, response = start_and_callback(client)
    assert response.status_code == 502
    assert "暂时无法访问" in response.content.decode()


def test_it_gives_up_after_the_timeout(client: Client, fake: FakeAishandong) -> None:
    def slow(form: dict[str, str]) -> tuple[int, bytes]:
        time.sleep(2)
        return good_token(form)

    fake.routes["/sso/ticket/token"] = slow
    began = time.monotonic()
    _, response = start_and_callback(client)
    assert response.status_code == 502
    assert time.monotonic() - began < 1.9


@pytest.mark.parametrize(
    ("route", "code"),
    [
        (lambda form: (200, b"<html>gateway</html>"), "json"),
        (lambda form: (500, b"Internal Server Error"), "http-500"),
        (lambda form: (302, b""), "http-302"),
        (answer(["not", "an", "object"]), "json"),
        (answer({"code": "0", "data": {"token": ""}}), "token"),
        (answer({"code": "0", "data": 17}), "data"),
    ],
)
def test_it_refuses_unusable_answers(
    client: Client, fake: FakeAishandong, route: Route, code: str
) -> None:
    fake.routes["/sso/ticket/token"] = route
    _, response = start_and_callback(client)
    assert response.status_code == 502
    assert "信息不完整" in response.content.decode()
    event = AuditEvent.objects.get(action="identity.login")
    assert event.detail["provider_code"] == code


def test_it_refuses_user_info_without_a_level(
    client: Client, fake: FakeAishandong
) -> None:
    fake.routes["/sso/user/info"] = answer(
        {"code": "0", "data": USER | {"authLevel": "高"}}
    )
    _, response = start_and_callback(client)
    assert response.status_code == 502
    assert not User.objects.filter(role=Role.CITIZEN).exists()


def test_it_reads_renamed_fields_and_nested_json(
    fake: FakeAishandong, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.AISHANDONG_REQUEST_PARAMS = "app_mark=appId,return_url=redirectUrl"
    settings.AISHANDONG_RESPONSE_FIELDS = (
        "code=retCode,data=result,level=auth.level,phone=phoneNo"
    )
    user = {
        "userId": "u-1",
        "name": "王演示",
        "idNumber": WANG_ID.lower(),
        "phoneNo": "13800001234",
        "auth": {"level": "4"},
    }
    fake.routes["/sso/user/info"] = answer({"retCode": 200, "result": json.dumps(user)})
    provider = provider_from_settings()

    info = provider.user_info(token="AT-xyz")

    assert info.id_number == WANG_ID
    assert info.verification_level == 4
    assert info.phone == "13800001234"
    assert WANG_ID not in repr(info)
    assert "appId=sanmin" in provider.login_url(state="s", return_url="http://x/cb/")
    assert fake.requests[-1][1]["appId"] == "sanmin"


def test_it_rejects_a_malformed_name_override(settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ImproperlyConfigured

    settings.AISHANDONG_BASE_URL = "https://example.invalid"
    settings.AISHANDONG_APP_SECRET = SECRET
    settings.AISHANDONG_RESPONSE_FIELDS = "colour=blue"
    with pytest.raises(ImproperlyConfigured):
        provider_from_settings()


def test_it_says_so_when_the_real_adapter_is_not_configured(
    client: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.IDENTITY_PROVIDER = "aishandong"
    settings.AISHANDONG_BASE_URL = ""
    response = client.get(reverse("identity:start"))
    assert response.status_code == 503
    assert "尚未配置" in response.content.decode()


def test_it_refuses_non_http_schemes() -> None:
    from sanmin.identity.providers.aishandong import UrllibTransport

    with pytest.raises(ProviderError):
        UrllibTransport().post_form("file:///etc/passwd", {}, timeout=1)
