"""云征集: the case (a citizen's or organisation's suggestion), its items assigned to
departments, the recorded steps of the closed loop, the follow-up and the citizen's
satisfaction, publication, 优秀建议, and the separate discipline complaints."""

from sanmin.suggestions.models.cases import (
    Attachment,
    OrgKind,
    Source,
    Status,
    Step,
    Suggestion,
    TrackingCounter,
)
from sanmin.suggestions.models.complaints import Complaint
from sanmin.suggestions.models.excellence import (
    Adoption,
    Criterion,
    Nomination,
    Panelist,
    Score,
    Tier,
)
from sanmin.suggestions.models.handling import (
    ContactGrant,
    FollowUp,
    FollowUpMethod,
    Item,
    ItemStatus,
    Publication,
    Satisfaction,
    SatisfactionLevel,
)
from sanmin.suggestions.models.text import SuggestionTerm

__all__ = [
    "Adoption",
    "Attachment",
    "Complaint",
    "ContactGrant",
    "Criterion",
    "FollowUp",
    "FollowUpMethod",
    "Item",
    "ItemStatus",
    "Nomination",
    "OrgKind",
    "Panelist",
    "Publication",
    "Satisfaction",
    "SatisfactionLevel",
    "Score",
    "Source",
    "Status",
    "Step",
    "Suggestion",
    "SuggestionTerm",
    "Tier",
    "TrackingCounter",
]
