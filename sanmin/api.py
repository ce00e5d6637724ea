"""The JSON API (OpenAPI at /api/docs). Each app contributes a router."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="三民活动平台 API", version="1", urls_namespace="api")
api.add_router("/reporting/", "sanmin.reporting.api.router")
