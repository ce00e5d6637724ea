"""URLs of 云征集 under /suggestions/, gathered from the view modules of each area."""

from __future__ import annotations

from sanmin.suggestions.views import (
    citizen,
    complaints,
    department,
    excellence,
    office,
    oversight,
    public,
)

app_name = "suggestions"

urlpatterns = [
    *public.urlpatterns,
    *citizen.urlpatterns,
    *office.urlpatterns,
    *department.urlpatterns,
    *oversight.urlpatterns,
    *excellence.urlpatterns,
    *complaints.urlpatterns,
]
