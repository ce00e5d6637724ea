"""关怀版 (elderly-friendly mode): remembered in a cookie, read on every request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CARE_COOKIE = "sanmin_care"


class CareModeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.care_mode = request.COOKIES.get(CARE_COOKIE) == "1"  # type: ignore[attr-defined]
        return self.get_response(request)
