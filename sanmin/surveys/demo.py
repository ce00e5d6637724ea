"""Demo data of 社情民意调查: the 2024 questionnaires, loaded and opened, so that
`make run` shows the public survey and the representatives' questionnaire."""

from __future__ import annotations

import json

from sanmin.campaigns.models import Campaign
from sanmin.surveys.models import Questionnaire
from sanmin.surveys.services.builder import (
    DATA_2024,
    questionnaire_load,
    questionnaire_open,
)

ACTOR = "演示数据"


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
        opened.append(questionnaire_open(questionnaire=questionnaire, actor=ACTOR))
    return opened
