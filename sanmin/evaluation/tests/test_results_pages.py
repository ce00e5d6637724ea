"""The results pages through the HTTP client: statistics, office, department, public."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sanmin.audit.models import AuditEvent
from sanmin.evaluation.models import ResultSet
from sanmin.evaluation.tests.tally_helpers import cast as cast_ballot
from sanmin.evaluation.tests.tally_helpers import cast_three, raters

pytestmark = pytest.mark.django_db

RESULTS = reverse("evaluation:results")
PUBLICATION = reverse("evaluation:publication")
MY_RESULT = reverse("evaluation:my-result")
COMMENTS = reverse("evaluation:comments")


@pytest.fixture
def ballots(cast: Any, public_session: Any, during: dt.datetime) -> list[str]:
    """The three hand-computed ballots (see tally_helpers) in the first session."""
    return cast_three(cast.campaign, public_session, during)


def _compute(client: Client) -> ResultSet:
    response = client.post(
        reverse("evaluation:result-compute"), {"roster": "public"}, follow=True
    )
    assert response.status_code == 200
    return ResultSet.objects.get(status="computed")


def _approve(client: Client, result: ResultSet) -> None:
    client.post(reverse("evaluation:result-approve", args=[result.pk]))
    result.refresh_from_db()
    assert result.status == "approved"


def _publish(client: Client, result: ResultSet) -> None:
    client.post(reverse("evaluation:result-publish", args=[result.pk]))
    result.refresh_from_db()
    assert result.status == "published"


def _public(campaign: Any) -> str:
    return reverse("evaluation:public-results", args=[campaign.slug])


def test_statistics_computes_reads_and_approves(
    client_as: Callable[[str], Client], cast: Any, ballots: list[str]
) -> None:
    statistics = client_as("statistics")
    assert "计票" in statistics.get(RESULTS).content.decode()
    result = _compute(statistics)
    page = statistics.get(reverse("evaluation:result-detail", args=[result.pk]))
    text = page.content.decode()
    assert "市科技局" in text
    assert "53.33" in text
    assert "66.67%" in text
    assert result.digest in text
    assert "未发布：仅市统计局可见" in text
    _approve(statistics, result)
    assert AuditEvent.objects.filter(action="result.approve").exists()


def test_compute_while_a_window_is_open_is_refused_with_a_message(
    client_as: Callable[[str], Client], cast: Any
) -> None:
    from sanmin.evaluation.tests.ballot_helpers import open_session

    open_session(cast.campaign)
    response = client_as("statistics").post(
        reverse("evaluation:result-compute"), {"roster": "public"}, follow=True
    )
    assert "评议尚未截止，不能计票" in response.content.decode()
    assert not ResultSet.objects.exists()


def test_before_publication_every_other_role_gets_403(
    client_as: Callable[[str], Client], cast: Any, ballots: list[str]
) -> None:
    result = _compute(client_as("statistics"))
    _approve(client_as("statistics"), result)
    pages = [
        reverse("evaluation:result-detail", args=[result.pk]),
        reverse("evaluation:result-export", args=[result.pk]),
        _public(cast.campaign),
    ]
    for role in ("office", "department", "district", "supervisor", "operator"):
        client = client_as(role)
        for url in pages:
            assert client.get(url).status_code == 403, (role, url)
    assert client_as("department").get(MY_RESULT).status_code == 403
    assert Client().get(_public(cast.campaign)).status_code == 403


def test_the_office_sees_digest_count_and_approver_but_no_figures(
    client_as: Callable[[str], Client], cast: Any, ballots: list[str]
) -> None:
    result = _compute(client_as("statistics"))
    office = client_as("office")
    # A computed result is not even listed for the office.
    assert result.digest not in office.get(PUBLICATION).content.decode()
    _approve(client_as("statistics"), result)
    text = office.get(PUBLICATION).content.decode()
    assert result.digest in text
    assert "36" in text  # departments
    assert cast.user("statistics").display_name in text
    for figure in ("53.33", "90.00", "66.67", "市科技局"):
        assert figure not in text
    _publish(office, result)
    text = office.get(PUBLICATION).content.decode()
    assert "53.33" in text  # published: the office reads it like everyone


def test_the_public_page_opens_after_publication_with_charts_and_digest(
    client_as: Callable[[str], Client], cast: Any, ballots: list[str]
) -> None:
    result = _compute(client_as("statistics"))
    _approve(client_as("statistics"), result)
    assert Client().get(_public(cast.campaign)).status_code == 403
    _publish(client_as("office"), result)

    response = Client().get(_public(cast.campaign))
    assert response.status_code == 200
    text = response.content.decode()
    assert result.digest in text
    assert "经济建设一组" in text
    assert "管理执法组" in text
    assert "js/results-charts.js" in text
    assert "vendor/echarts.min.js" in text
    assert 'data-result-chart="result-chart-1-data"' in text
    assert '<script id="result-chart-1-data" type="application/json">' in text
    # Ranking tables: scores and rates, no counts per choice, no internal department.
    assert "53.33" in text
    assert "市信访局" not in text


def test_the_chart_script_enables_the_aria_description() -> None:
    from django.contrib.staticfiles import finders

    path = finders.find("js/results-charts.js")
    assert path
    with open(path, encoding="utf-8") as script:
        source = script.read()
    assert "aria: {" in source
    assert "enabled: true" in source


def test_a_department_sees_only_its_own_counts_after_publication(
    client_as: Callable[[str], Client], cast: Any, ballots: list[str]
) -> None:
    department = client_as("department")
    assert cast.department.name == "市发展改革委"
    assert department.get(MY_RESULT).status_code == 403
    result = _compute(client_as("statistics"))
    _approve(client_as("statistics"), result)
    assert department.get(MY_RESULT).status_code == 403
    _publish(client_as("office"), result)

    text = department.get(MY_RESULT).content.decode()
    assert "市发展改革委" in text
    assert "90.00" in text
    assert "市科技局" not in text
    assert "53.33" not in text
    # Even after publication the department reaches no other results page.
    assert department.get(RESULTS).status_code == 403
    assert department.get(COMMENTS).status_code == 403


def test_the_excel_export_holds_the_per_department_table_and_is_audited(
    client_as: Callable[[str], Client], cast: Any, ballots: list[str]
) -> None:
    statistics = client_as("statistics")
    result = _compute(statistics)
    response = statistics.get(reverse("evaluation:result-export", args=[result.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["评议结果", "场次参评", "说明"]
    rows = list(book["评议结果"].iter_rows(values_only=True))
    assert rows[0][:4] == ("组别", "组内排名", "部门", "满意（票）")
    keji = next(row for row in rows if row[2] == "市科技局")
    assert keji[0] == "经济建设一组"
    assert keji[1] == 7
    assert keji[3:8] == (1, 0, 1, 1, 0)
    assert keji[8:12] == (3, 3, 53.33, 66.67)
    assert len(rows) == 37
    about = dict(book["说明"].iter_rows(values_only=True))
    assert about["快照摘要（SHA-256）"] == result.digest
    event = AuditEvent.objects.get(action="result.export")
    assert event.actor == cast.user("statistics")


def test_comments_reach_the_office_after_the_window_without_identity(
    client_as: Callable[[str], Client],
    cast: Any,
    public_session: Any,
    during: dt.datetime,
) -> None:
    users = raters(cast.campaign, 2)
    receipts = [
        cast_ballot(
            users[0],
            public_session,
            during,
            comments={"市科技局": "希望加快科技成果转化"},
        ),
        cast_ballot(
            users[1],
            public_session,
            during,
            comments={"市科技局": "办事效率很高", "市商务局": "多办展会"},
        ),
    ]
    response = client_as("office").get(COMMENTS)
    text = response.content.decode()
    assert response.status_code == 200
    assert "希望加快科技成果转化" in text
    assert "办事效率很高" in text
    assert "多办展会" in text
    for receipt in receipts:
        assert receipt not in text
    for user in users:
        assert user.display_name not in text
    for role in ("department", "statistics", "district"):
        assert client_as(role).get(COMMENTS).status_code == 403


def test_comments_wait_for_the_window_to_close(
    client_as: Callable[[str], Client], cast: Any
) -> None:
    from django.utils import timezone

    from sanmin.evaluation.tests.ballot_helpers import open_session

    session = open_session(cast.campaign)
    user = raters(cast.campaign, 1)[0]
    cast_ballot(
        user, session, timezone.now(), comments={"市科技局": "尚在评议中的意见"}
    )
    text = client_as("office").get(COMMENTS).content.decode()
    assert "尚在评议中的意见" not in text
    assert session.title in text  # listed as not yet closed
