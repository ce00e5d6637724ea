"""URLs of 社情民意调查 under /surveys/, gathered from the view modules of each area."""

from __future__ import annotations

from sanmin.surveys.views import answer, builder, results

app_name = "surveys"

urlpatterns = [
    *builder.urlpatterns,
    *answer.urlpatterns,
    *results.urlpatterns,
]
