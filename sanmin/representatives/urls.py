from __future__ import annotations

from sanmin.representatives.views import draws, intake, roster

app_name = "representatives"
urlpatterns = intake.urlpatterns + draws.urlpatterns + roster.urlpatterns
