from __future__ import annotations

from django.urls import path

from sanmin.identity import views
from sanmin.identity.simulator import views as simulator

app_name = "identity"
urlpatterns = [
    path("start/", views.start, name="start"),
    path("callback/", views.callback, name="callback"),
    path("signed-in/", views.signed_in, name="signed-in"),
    path("logout/", views.sign_out, name="logout"),
    # The local 爱山东 simulator (404 unless AISHANDONG_SIMULATOR_ENABLED).
    path("simulator/login/", simulator.login, name="simulator-login"),
    path("simulator/face/", simulator.face, name="simulator-face"),
    path("simulator/token", simulator.token, name="simulator-token"),
    path("simulator/userinfo", simulator.userinfo, name="simulator-userinfo"),
]
