from __future__ import annotations

from django.urls import path

from sanmin.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("reports/<str:token>/", views.delivery_report, name="delivery-report"),
]
