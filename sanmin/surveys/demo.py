"""Demo data of 社情民意调查: the 2024 questionnaires, loaded and opened, so that
`make run` shows the public survey and the representatives' questionnaire, with
DEMO_ANSWERS synthetic public answers (synthetic.py) so that the results pages
have figures and charts to show."""

from __future__ import annotations

import json

from sanmin.campaigns.models import Campaign
from sanmin.surveys.models import Audience, Questionnaire
from sanmin.surveys.selectors.structure import questionnaire_structure
from sanmin.surveys.services.builder import (
    DATA_2024,
    questionnaire_load,
    questionnaire_open,
)
from sanmin.surveys.synthetic import responses_load

ACTOR = "演示数据"
DEMO_ANSWERS = 360


def surveys_demo_seed(*, campaign: Campaign) -> list[Questionnaire]:
    """Load and open each 2024 questionnaire whose family the campaign lacks.

    Idempotent: a family already present is left as it is.
    """
    data = json.loads(DATA_2024.read_text(encoding="utf-8"))
    opened = []
    for item in data["questionnaires"]:
        family = Questionnaire.objects.filter(campaign=campaign, code=item["code"])
        if family.exists():
            continue
        questionnaire = questionnaire_load(campaign=campaign, data=item, actor=ACTOR)
        questionnaire = questionnaire_open(questionnaire=questionnaire, actor=ACTOR)
        if questionnaire.audience == Audience.PUBLIC:
            responses_load(
                questionnaire=questionnaire,
                structure=questionnaire_structure(questionnaire=questionnaire),
                count=DEMO_ANSWERS,
                seed=2024,
            )
        opened.append(questionnaire)
    return opened
