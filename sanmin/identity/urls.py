from __future__ import annotations

app_name = "identity"
urlpatterns: list = []
