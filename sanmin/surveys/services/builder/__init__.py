"""Building questionnaires: create and edit drafts, open (freeze), close, version.

A questionnaire is edited while it is a draft without answers. Opening it checks
the whole definition and freezes it; from then on every change is refused and a
change means a new version: a draft deep copy whose display conditions point at
the copies. One version of a family (`code`) is open at a time. Every change is
audited; a refusal raises ValidationError in Chinese and changes nothing.

- definition: a question's spec and the checks of a sound definition;
- editing: the header, sections and questions of a draft;
- lifecycle: open, close, new version, the office's anonymous switch;
- loading: questionnaires from the JSON data (the 2024 ones ship with the app).
"""

from sanmin.surveys.services.builder.definition import (
    ANSWERED,
    FROZEN,
    OptionSpec,
    QuestionSpec,
    campaign_scale_options,
    questionnaire_problems,
    spec_problems,
)
from sanmin.surveys.services.builder.editing import (
    question_add,
    question_move,
    question_remove,
    question_update,
    questionnaire_create,
    questionnaire_update,
    section_add,
    section_move,
    section_remove,
    section_update,
)
from sanmin.surveys.services.builder.lifecycle import (
    questionnaire_anonymous_set,
    questionnaire_close,
    questionnaire_new_version,
    questionnaire_open,
)
from sanmin.surveys.services.builder.loading import (
    DATA_2024,
    questionnaire_load,
    questionnaires_load_2024,
)

__all__ = [
    "ANSWERED",
    "DATA_2024",
    "FROZEN",
    "OptionSpec",
    "QuestionSpec",
    "campaign_scale_options",
    "question_add",
    "question_move",
    "question_remove",
    "question_update",
    "questionnaire_anonymous_set",
    "questionnaire_close",
    "questionnaire_create",
    "questionnaire_load",
    "questionnaire_new_version",
    "questionnaire_open",
    "questionnaire_problems",
    "questionnaire_update",
    "questionnaires_load_2024",
    "section_add",
    "section_move",
    "section_remove",
    "section_update",
    "spec_problems",
]
