"""Staff pages of 云述职 under /manage/, and the representatives' question form.

The views live by sub-domain in `staff_disclosures`, `staff_announcements` and
`staff_topics`; this module only assembles their URLs.
"""

from __future__ import annotations

from sanmin.reporting.views import (
    staff_announcements,
    staff_disclosures,
    staff_topics,
)

urlpatterns = [
    *staff_disclosures.urlpatterns,
    *staff_announcements.urlpatterns,
    *staff_topics.urlpatterns,
]
