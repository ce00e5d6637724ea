"""The Alibaba Cloud SendSms adapter: the documented signature, and a local server
standing in for dysmsapi.aliyuncs.com (no external network)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest

from sanmin.notifications.catalogue import template_get
from sanmin.notifications.gateways import GatewayError, Outgoing
from sanmin.notifications.gateways.aliyun import (
    AliyunConfig,
    AliyunSmsGateway,
    canonical_query,
    parse_reports,
    percent_encode,
    rpc_signature,
    string_to_sign,
)

# The worked example of the SMS API's signature documentation (短信服务 · 签名机制).
DOC_PARAMS = {
    "AccessKeyId": "testId",
    "Action": "SendSms",
    "Format": "XML",
    "OutId": "123",
    "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou",
    "SignName": "阿里云短信测试专用",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007",
    "TemplateParam": '{"customer":"test"}',
    "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}
DOC_QUERY = (
    "AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001"
    "&RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1"
    "%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1"
    "&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0"
    "&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D"
    "&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25"
)


def test_percent_encoding_follows_rfc_3986() -> None:
    assert percent_encode("a b") == "a%20b"
    assert percent_encode("*") == "%2A"
    assert percent_encode("~-_.") == "~-_."
    assert percent_encode("/=&+") == "%2F%3D%26%2B"
    assert percent_encode("评") == "%E8%AF%84"


def test_the_canonical_query_and_string_to_sign_match_the_documented_example() -> None:
    assert canonical_query(DOC_PARAMS) == DOC_QUERY
    # Step 3: the method, the encoded "/", the canonical query encoded once more.
    expected = "GET&%2F&" + percent_encode(DOC_QUERY)
    assert string_to_sign(DOC_PARAMS) == expected
    assert expected.startswith("GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26")
    assert "SignName%3D%25E9%2598%25BF" in expected


def test_the_signature_matches_the_documented_example() -> None:
    assert rpc_signature(DOC_PARAMS, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="
    # A Signature parameter already present does not take part.
    signed = {**DOC_PARAMS, "Signature": "anything"}
    assert rpc_signature(signed, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_the_signature_matches_the_rpc_documentation_vector() -> None:
    params = {
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "Format": "XML",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "SignatureVersion": "1.0",
        "Timestamp": "2016-02-23T12:46:24Z",
        "Version": "2014-05-26",
    }
    assert rpc_signature(params, "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


# A local stand-in for the provider ---------------------------------------------------


@dataclass
class FakeDysms:
    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    answer: bytes = b""


@pytest.fixture
def dysms() -> Iterator[FakeDysms]:
    fake = FakeDysms(
        answer=json.dumps(
            {
                "Code": "OK",
                "Message": "OK",
                "BizId": "900619746936498440^0",
                "RequestId": "F655A8D5-B967-440B-8683-DAD6FF8DE990",
            }
        ).encode()
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode()
            fake.requests.append(
                {
                    "path": self.path,
                    "content_type": self.headers.get("Content-Type", ""),
                    "params": dict(parse_qsl(body, keep_blank_values=True)),
                }
            )
            self.send_response(fake.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(fake.answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


def _gateway(endpoint: str) -> AliyunSmsGateway:
    return AliyunSmsGateway(
        AliyunConfig(
            access_key_id="LTAI-test",
            access_key_secret="test-secret",
            sign_name="青岛市人民政府办公厅",
            endpoint=endpoint,
            timeout=5,
        ),
        clock=lambda: "2024-12-20T02:00:00Z",
        nonce=lambda: "nonce-1",
    )


def _outgoing() -> Outgoing:
    return Outgoing(
        message_id=42,
        phone="13812345678",
        template=template_get("evaluation_reminder"),
        params={"session": "第一场：经济建设一组", "deadline": "12月21日18:00"},
    )


@pytest.fixture
def template_ids(settings: Any) -> None:
    settings.SMS_TEMPLATE_IDS = "evaluation_reminder=SMS_200,ballot_receipt=SMS_100"


def test_the_server_receives_a_signed_send_sms_request(
    dysms: FakeDysms, template_ids: None
) -> None:
    result = _gateway(dysms.url).send(_outgoing())
    assert result.provider_message_id == "900619746936498440^0"
    assert not result.delivered
    [request] = dysms.requests
    assert request["path"] == "/"
    assert request["content_type"].startswith("application/x-www-form-urlencoded")
    params = request["params"]
    assert params == {
        "AccessKeyId": "LTAI-test",
        "Action": "SendSms",
        "Format": "JSON",
        "RegionId": "cn-hangzhou",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "nonce-1",
        "SignatureVersion": "1.0",
        "Timestamp": "2024-12-20T02:00:00Z",
        "Version": "2017-05-25",
        "PhoneNumbers": "13812345678",
        "SignName": "青岛市人民政府办公厅",
        "TemplateCode": "SMS_200",
        "TemplateParam": '{"session":"第一场：经济建设一组","deadline":"12月21日18:00"}',
        "OutId": "42",
        "Signature": params["Signature"],
    }
    # What the provider does: recompute the signature over the rest with our secret.
    unsigned = {k: v for k, v in params.items() if k != "Signature"}
    assert params["Signature"] == rpc_signature(unsigned, "test-secret", method="POST")


@pytest.mark.parametrize(
    ("code", "transient"),
    [
        ("isv.BUSINESS_LIMIT_CONTROL", True),
        ("isp.SYSTEM_ERROR", True),
        ("Throttling.User", True),
        ("isv.MOBILE_NUMBER_ILLEGAL", False),
        ("isv.TEMPLATE_MISSING_PARAMETERS", False),
        ("SignatureDoesNotMatch", False),
    ],
)
def test_provider_errors_say_whether_to_retry(
    dysms: FakeDysms, template_ids: None, code: str, transient: bool
) -> None:
    dysms.status = 400 if not transient else 200
    dysms.answer = json.dumps(
        {"Code": code, "Message": "号码13812345678有误", "RequestId": "x"}
    ).encode()
    with pytest.raises(GatewayError) as raised:
        _gateway(dysms.url).send(_outgoing())
    assert raised.value.code == code
    assert raised.value.transient is transient
    assert "13812345678" not in str(raised.value)


def test_a_server_error_without_an_answer_is_transient(
    dysms: FakeDysms, template_ids: None
) -> None:
    dysms.status, dysms.answer = 503, b"<html>busy</html>"
    with pytest.raises(GatewayError) as raised:
        _gateway(dysms.url).send(_outgoing())
    assert raised.value.code == "http-503"
    assert raised.value.transient


def test_an_unreachable_provider_is_transient(template_ids: None) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(GatewayError) as raised:
        _gateway(f"http://127.0.0.1:{port}/").send(_outgoing())
    assert raised.value.code == "unreachable"
    assert raised.value.transient


def test_a_template_without_a_provider_id_fails_without_a_request(
    dysms: FakeDysms, settings: Any
) -> None:
    settings.SMS_TEMPLATE_IDS = ""
    with pytest.raises(GatewayError) as raised:
        _gateway(dysms.url).send(_outgoing())
    assert raised.value.code == "template-not-configured"
    assert not raised.value.transient
    assert dysms.requests == []


@pytest.mark.django_db
def test_the_outbox_sends_through_the_provider_and_keeps_its_id(
    dysms: FakeDysms, settings: Any
) -> None:
    from sanmin.notifications.models import Message
    from sanmin.notifications.services import message_send, sms_enqueue
    from sanmin.notifications.tests.conftest import MORNING

    settings.SMS_GATEWAY = "aliyun"
    settings.SMS_ACCESS_KEY_ID = "LTAI-test"
    settings.SMS_ACCESS_KEY_SECRET = "test-secret"
    settings.SMS_SIGN_NAME = "青岛市人民政府办公厅"
    settings.SMS_ENDPOINT = dysms.url
    message = sms_enqueue(
        phone="13812345678",
        template="ballot_receipt",
        params={"receipt": "ABCD-EFGH-IJKL-MNOP"},
        dedupe_key="receipt:7",
    )
    assert message is not None
    assert message_send(message_id=message.pk, now=MORNING) == "sent"
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.provider_message_id == "900619746936498440^0"
    params = dysms.requests[0]["params"]
    assert params["TemplateCode"] == "SMS_100"
    assert params["TemplateParam"] == '{"receipt":"ABCD-EFGH-IJKL-MNOP"}'
    assert params["OutId"] == str(message.pk)


def test_delivery_reports_are_parsed_without_reading_the_phone() -> None:
    body = json.dumps(
        [
            {
                "phone_number": "13812345678",
                "send_time": "2024-12-20 10:00:01",
                "report_time": "2024-12-20 10:00:05",
                "success": True,
                "err_code": "DELIVERED",
                "biz_id": "1^0",
                "out_id": "7",
            },
            {"success": False, "err_code": "MK:0001", "biz_id": "2^0"},
            {"success": True},
            "junk",
        ]
    ).encode()
    reports = parse_reports(body)
    assert [(r.provider_message_id, r.delivered, r.error_code) for r in reports] == [
        ("1^0", True, ""),
        ("2^0", False, "MK:0001"),
    ]
    assert reports[0].out_id == "7"
    assert "13812345678" not in repr(reports)
    with pytest.raises(ValueError):
        parse_reports(b"not json")
