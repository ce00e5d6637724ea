"""Pages and endpoints of the 爱山东 simulator; 404 unless AISHANDONG_SIMULATOR_ENABLED.

Browser side: login page (pick or type a synthetic person) → simulated face
verification → redirect to the return URL with a one-time ticket. Server side: the
ticket→token and token→user-info endpoints, authenticated by the app's signature.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from sanmin.identity.forms import SimulatorFaceForm, SimulatorIdForm, SimulatorPickForm
from sanmin.identity.models import SimulatedPerson
from sanmin.identity.providers.aishandong import DEFAULT_PARAMS
from sanmin.identity.selectors import (
    simulated_people_list,
    simulated_person_by_id_number,
    simulated_person_get,
)
from sanmin.identity.simulator.services import (
    SimulatorReply,
    simulated_person_create,
    simulator_login_error,
    simulator_ticket_issue,
    simulator_token_reply,
    simulator_userinfo_reply,
)

View = Callable[..., HttpResponse]
# The simulated provider's own "session" rides in ours: same site, same cookie.
SESSION_KEY = "identity.simulator"
NEW_PERSON_NAME = "演示市民"


def simulator_only(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.AISHANDONG_SIMULATOR_ENABLED:
            raise Http404("爱山东模拟器未启用")
        return view(request, *args, **kwargs)

    return wrapped


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request, "identity/simulator/error.html", {"message": message}, status=400
    )


def _person_from_post(request: HttpRequest) -> tuple[SimulatedPerson | None, Any, Any]:
    pick_form, id_form = SimulatorPickForm(), SimulatorIdForm()
    if "person" in request.POST:
        pick_form = SimulatorPickForm(request.POST)
        if pick_form.is_valid():
            return pick_form.cleaned_data["person"], pick_form, id_form
    else:
        id_form = SimulatorIdForm(request.POST)
        if id_form.is_valid():
            data = id_form.cleaned_data
            person = simulated_person_by_id_number(id_number=data["id_number"])
            if person is None:
                person = simulated_person_create(
                    name=data["name"] or NEW_PERSON_NAME,
                    id_number=data["id_number"],
                    verification_level=data["verification_level"],
                )
            return person, pick_form, id_form
    return None, pick_form, id_form


@simulator_only
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """登录页面: remember the app's request, then let a synthetic person be chosen."""
    app_mark = request.GET.get(DEFAULT_PARAMS["app_mark"])
    return_url = request.GET.get(DEFAULT_PARAMS["return_url"])
    if app_mark is not None or return_url is not None:
        problem = simulator_login_error(
            app_mark=app_mark or "", return_url=return_url or "", request=request
        )
        if problem:
            return _refuse(request, problem)
        request.session[SESSION_KEY] = {"app_mark": app_mark, "return_url": return_url}
    pending = request.session.get(SESSION_KEY)
    if not pending:
        return _refuse(request, "请从三民平台的“爱山东登录”按钮发起登录。")
    pick_form, id_form = SimulatorPickForm(), SimulatorIdForm()
    if request.method == "POST":
        person, pick_form, id_form = _person_from_post(request)
        if person is not None:
            request.session[SESSION_KEY] = pending | {
                "person": person.pk,
                "face": False,
            }
            return redirect("identity:simulator-face")
    context = {
        "people": simulated_people_list(),
        "pick_form": pick_form,
        "id_form": id_form,
    }
    return render(request, "identity/simulator/login.html", context)


@simulator_only
@never_cache
@require_http_methods(["GET", "POST"])
def face(request: HttpRequest) -> HttpResponse:
    """刷脸认证 (simulated): scan, pass, then confirm and go back with a ticket."""
    pending = request.session.get(SESSION_KEY) or {}
    person = simulated_person_get(pk=pending.get("person") or 0)
    if person is None:
        return _refuse(request, "请先在登录页选择登录人员。")
    if request.method == "POST":
        form = SimulatorFaceForm(request.POST)
        if form.is_valid() and form.cleaned_data["action"] == "scan":
            request.session[SESSION_KEY] = pending | {"face": True}
        elif form.is_valid() and pending.get("face"):
            url = simulator_ticket_issue(
                person=person,
                app_mark=pending["app_mark"],
                return_url=pending["return_url"],
            )
            del request.session[SESSION_KEY]
            return HttpResponseRedirect(url)
        return redirect("identity:simulator-face")
    context = {"person": person, "passed": bool(pending.get("face"))}
    return render(request, "identity/simulator/face.html", context)


def _json(reply: SimulatorReply) -> JsonResponse:
    return JsonResponse(
        reply.payload, status=reply.status, json_dumps_params={"ensure_ascii": False}
    )


def _form(request: HttpRequest) -> dict[str, str]:
    return {key: request.POST.get(key, "") for key in request.POST}


@csrf_exempt
@simulator_only
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    """通过票据获取令牌 (server to server, signed)."""
    return _json(simulator_token_reply(form=_form(request)))


@csrf_exempt
@simulator_only
@require_POST
def userinfo(request: HttpRequest) -> HttpResponse:
    """获取信息 (server to server, signed)."""
    return _json(simulator_userinfo_reply(form=_form(request)))
