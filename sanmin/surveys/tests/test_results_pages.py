"""The result page (tables and chart data), the cross-tab switch, the free-text list
with search and paging, the list of questionnaires."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse

from sanmin.surveys.tests.results_helpers import answered_fixture


@pytest.fixture
def fixture(campaign: Any) -> Any:
    return answered_fixture(campaign)


def _charts(page: str) -> dict[str, Any]:
    found = re.search(
        r'<script id="survey-charts" type="application/json">(.*?)</script>',
        page,
        re.S,
    )
    assert found
    return json.loads(found.group(1))


def test_it_shows_the_figures_in_tables_and_charts(
    client_as: Any, fixture: Any
) -> None:
    url = reverse("surveys:result", kwargs={"pk": fixture.questionnaire.pk})
    page = client_as("statistics").get(url).content.decode()
    assert "未公布：仅市统计局可见" in page
    assert "66.7%" in page  # housing's satisfaction rate, in the areas table
    assert '<th scope="row">社区食堂</th>' in page
    charts = _charts(page)
    assert charts["all-areas"]["labels"] == ["居住环境", "社会治安", "总体满意度"]
    assert charts["all-areas"]["values"] == ["66.7", "66.7", "75.0"]
    assert charts["q-wishes"]["values"] == ["25.0", "75.0", "25.0", "25.0"]
    assert 'data-survey-chart="all-areas"' in page
    assert 'data-survey-chart="q-areas"' in page
    assert charts["q-areas"]["values"] == ["66.7", "66.7"]
    assert "surveys/results-charts.js" in page


def test_it_switches_the_cross_tab(client_as: Any, fixture: Any) -> None:
    url = reverse("surveys:result", kwargs={"pk": fixture.questionnaire.pk})
    client = client_as("statistics")
    page = client.get(url, {"by": "district"}).content.decode()
    assert "交叉分析：按区（市）" in page
    assert fixture.districts[1].name in page
    assert 'aria-current="page">按区（市）' in page
    page = client.get(url, {"by": "category"}).content.decode()
    assert fixture.categories[1].name in page
    assert "未注明" in page
    # An unknown switch falls back to the overall figures.
    page = client.get(url, {"by": "age"}).content.decode()
    assert "交叉分析" in page and "各题结果" in page


def test_it_lists_and_searches_free_texts(client_as: Any, fixture: Any) -> None:
    url = reverse("surveys:texts", kwargs={"pk": fixture.questionnaire.pk})
    client = client_as("statistics")
    page = client.get(url).content.decode()
    for text in ("路灯太暗", "停车", "香港中路", "=SUM(A1)"):
        assert text in page
    page = client.get(url, {"q": "路灯"}).content.decode()
    assert "路灯太暗" in page
    assert "香港中路" not in page
    assert "共 1 条" in page


def test_it_pages_free_texts(
    client_as: Any, fixture: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sanmin.surveys.views import results

    monkeypatch.setattr(results, "TEXTS_PER_PAGE", 3)
    url = reverse("surveys:texts", kwargs={"pk": fixture.questionnaire.pk})
    client = client_as("statistics")
    first = client.get(url).content.decode()
    assert "第 1 / 2 页" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "第 2 / 2 页" in second


def test_it_lists_versions_with_response_counts(client_as: Any, fixture: Any) -> None:
    page = client_as("statistics").get(reverse("surveys:results")).content.decode()
    assert "测试代表问卷（第1版）" in page
    assert '<td class="num">4</td>' in page
