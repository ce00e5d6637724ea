from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sanmin.core.middleware import CARE_COOKIE


@require_POST
def care_mode_toggle(request: HttpRequest) -> HttpResponse:
    """Switch 关怀版 on or off and go back to the page the visitor was on."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("on") == "1":
        response.set_cookie(CARE_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(CARE_COOKIE)
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
