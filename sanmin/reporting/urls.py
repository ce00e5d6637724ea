from __future__ import annotations

from sanmin.reporting.views import public, staff

app_name = "reporting"
urlpatterns = public.urlpatterns + staff.urlpatterns
