"""社情民意调查: questionnaires (versioned, frozen once open) with sections,
questions, options and matrix rows; who has answered (participation) stored apart
from what was answered (responses); live tallies kept beside the responses."""

from sanmin.surveys.models.questionnaires import (
    Audience,
    Kind,
    Option,
    Question,
    Questionnaire,
    QuestionnaireStatus,
    Row,
    Section,
)
from sanmin.surveys.models.responses import (
    Channel,
    PendingTally,
    Respondent,
    Response,
    Tally,
    TextAnswer,
)

__all__ = [
    "Audience",
    "Channel",
    "Kind",
    "Option",
    "PendingTally",
    "Question",
    "Questionnaire",
    "QuestionnaireStatus",
    "Respondent",
    "Response",
    "Row",
    "Section",
    "Tally",
    "TextAnswer",
]
