from __future__ import annotations

from django.urls import path

from sanmin.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.index, name="index"),
    path("sessions/<int:session_id>/", views.session, name="session"),
    path("sessions/<int:session_id>/live/", views.session_live, name="session-live"),
    path("screen/<int:session_id>/", views.screen, name="screen"),
    path("screen/<int:session_id>/live/", views.screen_live, name="screen-live"),
]
