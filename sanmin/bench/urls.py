"""Benchmark-only URLs, included by sanmin/urls.py only when settings.SANMIN_BENCH."""

from __future__ import annotations

from django.urls import path

from sanmin.bench import views

app_name = "bench"
urlpatterns = [
    path("bare/<int:session_id>/", views.bare_ballot, name="bare"),
    path("bare-survey/<int:questionnaire_id>/", views.bare_survey, name="bare-survey"),
]
