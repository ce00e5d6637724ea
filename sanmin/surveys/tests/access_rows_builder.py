"""URL × role rows of 社情民意调查 (area: builder); see sanmin/accounts/tests/access_table.py."""

from __future__ import annotations

from typing import Any

from sanmin.accounts.tests.access_table import STAFF_ONLY, STATISTICS, Row

BUILDER = STAFF_ONLY(STATISTICS)


def _draft(cast: Any) -> Any:
    from sanmin.surveys.tests.survey_helpers import make_questionnaire

    return make_questionnaire(cast.campaign, open=False)


def _draft_pk(cast: Any) -> dict[str, int]:
    return {"pk": int(_draft(cast).pk)}


def _open_pk(cast: Any) -> dict[str, int]:
    from sanmin.surveys.tests.survey_helpers import make_questionnaire

    return {"pk": int(make_questionnaire(cast.campaign).pk)}


def _section_pk(cast: Any) -> dict[str, int]:
    return {"pk": int(_draft(cast).sections.order_by("order").last().pk)}


def _question_pk(cast: Any) -> dict[str, int]:
    return {"pk": int(_draft(cast).questions.get(code="years").pk)}


ROWS: dict[str, Row] = {
    "surveys:builder": BUILDER,
    "surveys:questionnaire-create": BUILDER.post(
        {"code": "new-survey", "title": "新问卷", "audience": "public"}
    ),
    "surveys:questionnaire-load": BUILDER.post(),
    "surveys:questionnaire": BUILDER.using(_draft_pk),
    "surveys:questionnaire|open": BUILDER.using(_open_pk),
    "surveys:preview": BUILDER.using(_draft_pk),
    "surveys:questionnaire-update": BUILDER.post({"title": "改过的标题"}).using(
        _draft_pk
    ),
    "surveys:questionnaire-open": BUILDER.post().using(_draft_pk),
    "surveys:questionnaire-close": BUILDER.post().using(_open_pk),
    "surveys:questionnaire-new-version": BUILDER.post().using(_open_pk),
    "surveys:section-add": BUILDER.post({"title": "新部分"}).using(_draft_pk),
    "surveys:section-update": BUILDER.post({"title": "改名"}).using(_section_pk),
    "surveys:section-remove": BUILDER.post().using(_section_pk),
    "surveys:section-move": BUILDER.post({"offset": "-1"}).using(_section_pk),
    "surveys:question-add": BUILDER.post(
        {"section": "0", "code": "x", "kind": "short_text", "prompt": "新题"}
    )
    .using(_draft_pk)
    .but(statistics="bad request"),
    "surveys:question-update": BUILDER.post()
    .using(_question_pk)
    .but(statistics="bad request"),
    "surveys:question-remove": BUILDER.post().using(_question_pk),
    "surveys:question-move": BUILDER.post({"offset": "-1"}).using(_question_pk),
}
