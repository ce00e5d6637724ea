"""The life of the roster (issue 4 §5): from the drawn panel to the frozen list.

Who does what (each service checks it again, whatever the view did):

- the statistics bureau (市统计局) builds the roster from the drawn panel, sends the
  selection SMS, freezes the roster before the first session, exports it (masked),
  and acts for the municipal-level cells, which no district owns: it records their
  confirmations, declines and unreachable marks by phone and replaces them;
- district staff (区（市）) act for the representatives of their own district: the
  selection SMS, confirmations, declines and unreachable marks taken by phone,
  training, venues, revealing a phone to call (audited), exports (masked, or with
  full names and phones for their call work, audited with a reason), and the
  replacement in the district-level cells of their district;
- the representative confirms or declines online, signed in through 爱山东 and
  matched by the keyed hash of their ID number.

Statuses: SELECTED → CONFIRMED (online or by phone); SELECTED, CONFIRMED or
UNREACHABLE → DECLINED; SELECTED → UNREACHABLE; UNREACHABLE → CONFIRMED (reached after
all); DECLINED or UNREACHABLE → REPLACED when the next alternate of the same cell
takes the seat. The replaced entry keeps what it was in `status_reason`, and the
audit event records the status and reason it replaced. Once the roster is frozen
nobody leaves or joins it: confirmations of selected representatives, training and
venues go on; declines, unreachable marks and replacements are refused.

No message, audit detail or log line carries an ID number or a full phone number.

Split by sub-domain: build (the roster from the draw, and the selection SMS),
statuses (confirm, decline, unreachable), replacement, logistics (training, venues,
revealing a phone), freeze, export; common holds what they share. The names other
code uses are re-exported here.
"""

from sanmin.representatives.services.roster.build import (
    SELECTED_SMS,
    confirm_link,
    roster_build,
    roster_notify,
)
from sanmin.representatives.services.roster.common import REASON_MAX
from sanmin.representatives.services.roster.export import roster_export
from sanmin.representatives.services.roster.freeze import roster_freeze
from sanmin.representatives.services.roster.logistics import (
    representative_phone_reveal,
    representatives_assign_venue,
    representatives_train,
)
from sanmin.representatives.services.roster.replacement import representative_replace
from sanmin.representatives.services.roster.statuses import (
    representative_confirm,
    representative_decline,
    representative_mark_unreachable,
)

__all__ = [
    "REASON_MAX",
    "SELECTED_SMS",
    "confirm_link",
    "representative_confirm",
    "representative_decline",
    "representative_mark_unreachable",
    "representative_phone_reveal",
    "representative_replace",
    "representatives_assign_venue",
    "representatives_train",
    "roster_build",
    "roster_export",
    "roster_freeze",
    "roster_notify",
]
