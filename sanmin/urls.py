from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from sanmin.api import api
from sanmin.core import views as core_views

admin.site.site_header = "三民活动平台 · 管理后台"
admin.site.site_title = "三民活动平台"
admin.site.index_title = "活动配置"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("care/", core_views.care_mode_toggle, name="care-toggle"),
    path("accounts/", include("sanmin.accounts.urls")),
    path("identity/", include("sanmin.identity.urls")),
    path("audit/", include("sanmin.audit.urls")),
    path("representatives/", include("sanmin.representatives.urls")),
    path("", include("sanmin.evaluation.urls")),
    path("suggestions/", include("sanmin.suggestions.urls")),
    path("surveys/", include("sanmin.surveys.urls")),
    path("notifications/", include("sanmin.notifications.urls")),
    path("dashboards/", include("sanmin.dashboards.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("sanmin.reporting.urls")),
]

if settings.SANMIN_BENCH:
    urlpatterns.insert(0, path("bench/", include("sanmin.bench.urls")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
