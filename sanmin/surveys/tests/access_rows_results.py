"""URL × role rows of 社情民意调查 (area: results); see sanmin/accounts/tests/access_table.py.

The embargo: before publication only the statistics role opens a result, its free
texts, its export or its summary; other staff get 403 and the public (anonymous,
citizens, representatives) 404. After publication the summary is public, the
result page opens for statistics and office (everyone else is sent to the
summary), the free texts for statistics and office, the export for statistics.
"""

from __future__ import annotations

from typing import Any

from sanmin.accounts.tests.access_table import (
    CITIZENS,
    FORBIDDEN,
    NOT_FOUND,
    OFFICE,
    OK,
    PUBLIC,
    STAFF_ONLY,
    STATISTICS,
    Row,
    row,
)


def _questionnaire(cast: Any, *, state: str) -> dict[str, Any]:
    """A small questionnaire of the cast's campaign: "open", "closed" or
    "published" (closed and its results published by the office)."""
    from sanmin.surveys.services import builder
    from sanmin.surveys.services.results import results_publish
    from sanmin.surveys.tests.survey_helpers import make_questionnaire

    questionnaire = make_questionnaire(cast.campaign, code=f"results-{state}")
    if state in ("closed", "published"):
        questionnaire = builder.questionnaire_close(
            questionnaire=questionnaire, actor=cast.user(STATISTICS)
        )
    if state == "published":
        questionnaire = results_publish(
            questionnaire=questionnaire, actor=cast.user(OFFICE)
        )
    return {"pk": questionnaire.pk}


EMBARGOED = row(FORBIDDEN, anonymous=NOT_FOUND, statistics=OK).but(
    **dict.fromkeys(CITIZENS, NOT_FOUND)
)


def _open(cast: Any) -> dict[str, Any]:
    return _questionnaire(cast, state="open")


def _published(cast: Any) -> dict[str, Any]:
    return _questionnaire(cast, state="published")


def _published_list(cast: Any) -> dict[str, Any]:
    """The list (no kwargs) once a version is published."""
    _published(cast)
    return {}


ROWS: dict[str, Row] = {
    "surveys:results": PUBLIC,
    "surveys:results|published": PUBLIC.using(_published_list),
    "surveys:result": EMBARGOED.using(_open),
    "surveys:result|by-district": EMBARGOED.using(_open).with_query("by=district"),
    "surveys:result|published": PUBLIC.using(_published),
    "surveys:texts": EMBARGOED.using(_open),
    "surveys:texts|published": EMBARGOED.but(office=OK).using(_published),
    "surveys:export": EMBARGOED.using(_open),
    "surveys:export|published": EMBARGOED.using(_published).with_query("format=xlsx"),
    "surveys:publish": STAFF_ONLY(OFFICE)
    .post()
    .using(lambda cast: _questionnaire(cast, state="closed")),
    "surveys:anonymous": STAFF_ONLY(OFFICE).post().using(_open),
    "surveys:summary": EMBARGOED.using(_open),
    "surveys:summary|published": PUBLIC.using(_published),
}
