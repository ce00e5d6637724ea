"""A hand-computed fixture for the results tests: four representatives answer the
small representatives' questionnaire (tests/survey_helpers.py) through
`response_submit`.

| who | district | category | housing | security | overall | topic | wishes | years |
|-----|----------|----------|---------|----------|---------|-------|--------|-------|
| r1  | D1       | C1       | 满意    | 不满意   | 不满意  | traffic | a, b | 10    |
| r2  | D1       | C2       | 比较满意| 不了解   | 满意    | other 停车 | b | 5.5   |
| r3  | D2       | C1       | 不满意  | 基本满意 | 基本满意| schools | b, c | —     |
| r4  | D2       | —        | 不了解  | 满意     | 比较满意| traffic | d    | 0     |

r1 also explains why (shown: overall 不满意) and comments "=SUM(A1)"; r3 names a
street.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sanmin.accounts.tests.fixtures import make_citizen
from sanmin.campaigns.models import Campaign, District, QuotaCategory
from sanmin.surveys.models import Audience, Questionnaire
from sanmin.surveys.services.answer import response_submit
from sanmin.surveys.tests.survey_helpers import make_questionnaire

ANSWERS: list[dict[str, Any]] = [
    {
        "areas": {"housing": "satisfied", "security": "dissatisfied"},
        "overall": "dissatisfied",
        "why": "路灯太暗",
        "topic": "traffic",
        "wishes": ["a", "b"],
        "years": "10",
        "comment": "=SUM(A1)",
    },
    {
        "areas": {"housing": "fairly-satisfied", "security": "unknown"},
        "overall": "satisfied",
        "topic": "other",
        "topic__other": "停车",
        "wishes": ["b"],
        "years": "5.5",
    },
    {
        "areas": {"housing": "dissatisfied", "security": "basically-satisfied"},
        "overall": "basically-satisfied",
        "topic": "schools",
        "wishes": ["b", "c"],
        "name_of_street": "香港中路",
    },
    {
        "areas": {"housing": "unknown", "security": "satisfied"},
        "overall": "fairly-satisfied",
        "topic": "traffic",
        "wishes": ["d"],
        "years": "0",
    },
]


@dataclass
class Fixture:
    questionnaire: Questionnaire
    districts: list[District]
    categories: list[QuotaCategory]


def answered_fixture(campaign: Campaign, *, serial: int = 100) -> Fixture:
    """The representatives' questionnaire with the four responses of the table."""
    from sanmin.core import crypto
    from sanmin.representatives.models import Representative

    questionnaire = make_questionnaire(campaign, audience=Audience.REPRESENTATIVE)
    districts = list(District.objects.order_by("order", "code")[:2])
    categories = list(QuotaCategory.objects.filter(campaign=campaign)[:2])
    places = [
        (districts[0], categories[0]),
        (districts[0], categories[1]),
        (districts[1], categories[0]),
        (districts[1], None),
    ]
    for index, (answers, (district, category)) in enumerate(
        zip(ANSWERS, places, strict=True)
    ):
        citizen = make_citizen(serial=serial + index)
        Representative.objects.create(
            campaign=campaign,
            id_hash=citizen.id_hash,
            name_cipher=crypto.cipher().encrypt(citizen.display_name),
            district=district,
            category=category,
            synthetic=True,
        )
        response_submit(questionnaire=questionnaire, user=citizen, data=answers)
    return Fixture(questionnaire, districts, categories)


def question(figures: dict[str, Any], code: str) -> dict[str, Any]:
    return next(q for q in figures["questions"] if q["code"] == code)


def group(figures: dict[str, Any], label: str) -> dict[str, Any]:
    return next(g for g in figures["groups"] if g["label"] == label)


def counts(figure: dict[str, Any]) -> dict[str, tuple[int, str | None]]:
    """{option code: (count, percent)} of a question or a matrix row."""
    return {o["code"]: (o["count"], o["percent"]) for o in figure["options"]}
