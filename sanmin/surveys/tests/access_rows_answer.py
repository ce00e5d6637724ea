"""URL × role rows of 社情民意调查 (area: answer); see sanmin/accounts/tests/access_table.py.

The public survey (anonymous answers allowed) is open to everyone but staff; the
representatives' questionnaire only to representatives on the roster; a public
survey without anonymous answers needs the 爱山东 sign-in.
"""

from __future__ import annotations

from typing import Any

from sanmin.accounts.tests.access_table import (
    CITIZEN_ONLY,
    FORBIDDEN,
    PUBLIC,
    REPRESENTATIVE_ONLY,
    STAFF,
    Row,
)


def _public(cast: Any) -> dict[str, int]:
    from sanmin.surveys.tests.survey_helpers import make_questionnaire

    return {"pk": make_questionnaire(cast.campaign).pk}


def _signed_in_only(cast: Any) -> dict[str, int]:
    from sanmin.surveys.models import Questionnaire

    questionnaire = Questionnaire.objects.get(pk=_public(cast)["pk"])
    Questionnaire.objects.filter(pk=questionnaire.pk).update(allow_anonymous=False)
    return {"pk": questionnaire.pk}


def _representative(cast: Any) -> dict[str, int]:
    from sanmin.surveys.tests.survey_helpers import make_questionnaire

    return {"pk": make_questionnaire(cast.campaign, audience="representative").pk}


NOT_STAFF = {role: FORBIDDEN for role in STAFF}

ROWS: dict[str, Row] = {
    "surveys:public": PUBLIC,
    "surveys:fill": PUBLIC.but(**NOT_STAFF).using(_public),
    "surveys:fill|signed-in": CITIZEN_ONLY.using(_signed_in_only),
    "surveys:fill|representative": REPRESENTATIVE_ONLY.using(_representative),
    "surveys:thanks": PUBLIC.using(_public),
    "surveys:representative": REPRESENTATIVE_ONLY.using(
        lambda cast: _representative(cast) and {}
    ),
}
