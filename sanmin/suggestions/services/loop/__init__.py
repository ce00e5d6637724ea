"""The closed loop of a case, one service per transition, by stage:
intake (受理), assign (交办, 办理), answers (答复), closing (反馈, 公开) and contact
(the audited call-back contact). Each refuses the wrong state or actor with a
ValidationError in Chinese and changes nothing; each records a step and an audit
event and texts the submitter at the public steps."""

from sanmin.suggestions.services.loop.answers import (
    item_answer_approve,
    item_answer_return,
    item_answer_submit,
)
from sanmin.suggestions.services.loop.assign import (
    ItemPlan,
    item_note,
    item_reassign,
    item_reassign_request,
    items_assign,
)
from sanmin.suggestions.services.loop.closing import (
    follow_up_record,
    satisfaction_rate,
    suggestions_publish,
)
from sanmin.suggestions.services.loop.contact import contact_grant, contact_reveal
from sanmin.suggestions.services.loop.intake import (
    suggestion_accept,
    suggestion_decline,
    suggestion_merge,
)

__all__ = [
    "ItemPlan",
    "contact_grant",
    "contact_reveal",
    "follow_up_record",
    "item_answer_approve",
    "item_answer_return",
    "item_answer_submit",
    "item_note",
    "item_reassign",
    "item_reassign_request",
    "items_assign",
    "satisfaction_rate",
    "suggestion_accept",
    "suggestion_decline",
    "suggestion_merge",
    "suggestions_publish",
]
