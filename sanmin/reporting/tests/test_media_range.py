from __future__ import annotations

from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from sanmin.reporting.media import (
    DEMO_DIR,
    RangeNotSatisfiable,
    parse_range,
    revision_file_response,
)
from sanmin.reporting.models import DisclosureRevision
from sanmin.reporting.tests.public_factories import (
    MINIMAL_PDF,
    campaign_2024,
    participant,
    revision,
)

pytestmark = pytest.mark.django_db
CLIP = (DEMO_DIR / "report.mp4").read_bytes()
SIZE = len(CLIP)


def body(response: Any) -> bytes:
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content)  # type: ignore[arg-type]
    return bytes(response.content)


@pytest.fixture
def published() -> DisclosureRevision:
    campaign = campaign_2024()
    return revision(participant(campaign, "市科技局"), videos=True, pdf=True)


def url(item: DisclosureRevision, kind: str = "report-video") -> str:
    return reverse("reporting:revision-file", args=[item.pk, kind])


def test_it_serves_the_whole_video(client: Client, published: Any) -> None:
    response = client.get(url(published))
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(SIZE)
    assert response["Cache-Control"] == "public, max-age=300"
    assert "inline" in response["Content-Disposition"]
    assert body(response) == CLIP


def test_it_serves_a_byte_range(client: Client, published: Any) -> None:
    response = client.get(url(published), HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-99/{SIZE}"
    assert response["Content-Length"] == "100"
    assert body(response) == CLIP[:100]


def test_it_serves_an_open_ended_range(client: Client, published: Any) -> None:
    response = client.get(url(published), HTTP_RANGE="bytes=1000-")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1000-{SIZE - 1}/{SIZE}"
    assert body(response) == CLIP[1000:]


def test_it_serves_a_suffix_range(client: Client, published: Any) -> None:
    response = client.get(url(published), HTTP_RANGE="bytes=-500")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {SIZE - 500}-{SIZE - 1}/{SIZE}"
    assert body(response) == CLIP[-500:]


def test_it_clips_a_range_past_the_end(client: Client, published: Any) -> None:
    response = client.get(url(published), HTTP_RANGE=f"bytes={SIZE - 10}-{SIZE + 999}")
    assert response.status_code == 206
    assert response["Content-Length"] == "10"
    assert body(response) == CLIP[-10:]


def test_it_refuses_a_range_starting_past_the_end(
    client: Client, published: Any
) -> None:
    response = client.get(url(published), HTTP_RANGE=f"bytes={SIZE}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "items=0-5", "bytes=9-3", "x"])
def test_it_sends_the_whole_file_for_ranges_it_does_not_serve(
    client: Client, published: Any, header: str
) -> None:
    response = client.get(url(published), HTTP_RANGE=header)
    assert response.status_code == 200
    assert body(response) == CLIP


def test_it_sends_the_whole_file_when_if_range_is_stale(
    client: Client, published: Any
) -> None:
    etag = client.get(url(published))["ETag"]
    fresh = client.get(url(published), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    assert fresh.status_code == 206
    stale = client.get(url(published), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert stale.status_code == 200
    assert body(stale) == CLIP


def test_it_answers_not_modified_to_a_current_etag(
    client: Client, published: Any
) -> None:
    etag = client.get(url(published))["ETag"]
    response = client.get(url(published), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_it_answers_head_with_headers_only(client: Client, published: Any) -> None:
    response = client.head(url(published), HTTP_RANGE="bytes=10-19")
    assert response.status_code == 206
    assert response["Content-Length"] == "10"
    assert body(response) == b""


def test_it_refuses_other_methods(client: Client, published: Any) -> None:
    assert client.post(url(published)).status_code == 405


def test_it_serves_the_pdf_and_the_interview(client: Client, published: Any) -> None:
    pdf = client.get(url(published, "report-pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert body(pdf) == MINIMAL_PDF
    interview = client.get(url(published, "interview-video"))
    assert body(interview) == (DEMO_DIR / "interview.mp4").read_bytes()


@pytest.mark.parametrize(
    "status",
    [
        DisclosureRevision.Status.DRAFT,
        DisclosureRevision.Status.SUBMITTED,
        DisclosureRevision.Status.RETURNED,
        DisclosureRevision.Status.SUPERSEDED,
    ],
)
def test_it_does_not_serve_files_of_unpublished_revisions(
    client: Client, status: str
) -> None:
    campaign = campaign_2024()
    item = revision(participant(campaign, "市科技局"), status=status, videos=True)
    assert client.get(url(item)).status_code == 404
    assert client.get(url(item), HTTP_RANGE="bytes=0-9").status_code == 404


def test_it_does_not_serve_files_of_internal_departments(client: Client) -> None:
    campaign = campaign_2024()
    item = revision(participant(campaign, "市信访局"), videos=True)
    assert client.get(url(item)).status_code == 404


def test_it_answers_not_found_for_a_missing_or_unknown_file(client: Client) -> None:
    campaign = campaign_2024()
    item = revision(participant(campaign, "市科技局"))
    assert client.get(url(item, "report-video")).status_code == 404
    assert client.get(url(item, "secrets")).status_code == 404


def test_staff_preview_serves_an_unpublished_revision_privately(
    rf: RequestFactory,
) -> None:
    campaign = campaign_2024()
    item = revision(
        participant(campaign, "市科技局"),
        status=DisclosureRevision.Status.SUBMITTED,
        videos=True,
    )
    request = rf.get("/staff/preview/", HTTP_RANGE="bytes=0-3")
    response = revision_file_response(request, revision=item, kind="report-video")
    assert response.status_code == 206
    assert response["Cache-Control"] == "private, no-store"
    assert body(response) == CLIP[:4]


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("report.mp4", "video/mp4"),
        ("live/index.m3u8", "application/vnd.apple.mpegurl"),
        ("live/segment-000.ts", "video/mp2t"),
    ],
)
def test_it_serves_the_demo_clips(client: Client, name: str, content_type: str) -> None:
    response = client.get(reverse("reporting:demo-media", args=[name]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert body(response) == (DEMO_DIR / name).read_bytes()


@pytest.mark.parametrize(
    "name", ["make.sh", "live/../make.sh", "../media.py", "live/other.ts"]
)
def test_it_serves_nothing_else_from_the_demo_folder(client: Client, name: str) -> None:
    response = client.get(reverse("reporting:demo-media", args=[name]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-0", (0, 0)),
        ("bytes=5-", (5, 99)),
        ("bytes=-1", (99, 99)),
        ("bytes=-500", (0, 99)),
        ("bytes=10-500", (10, 99)),
        (" bytes=1-2 ", (1, 2)),
        ("bytes=-", None),
        ("bytes=3-1", None),
        ("bytes=1-2,4-5", None),
    ],
)
def test_parse_range(header: str, expected: tuple[int, int] | None) -> None:
    assert parse_range(header, size=100) == expected


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=-0"])
def test_parse_range_refuses_unsatisfiable_ranges(header: str) -> None:
    with pytest.raises(RangeNotSatisfiable):
        parse_range(header, size=100)
