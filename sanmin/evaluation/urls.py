from __future__ import annotations

from sanmin.evaluation.views import ballots, calls, raters, results, windows

app_name = "evaluation"
urlpatterns = (
    ballots.urlpatterns
    + windows.urlpatterns
    + results.urlpatterns
    + calls.urlpatterns
    + raters.urlpatterns
)
