"""Pages of 社情民意调查 (area: answer): the public survey's landing page, filling a
questionnaire (the representatives' one after the ballot, the public one signed in
through 爱山东 or anonymously), and the thank-you page.

Every page works without JavaScript: the server renders all questions, each
conditional one saying when to answer it, and checks everything. fill.js hides the
questions that do not apply, keeps a partly filled questionnaire on the device and
does the anonymous path's proof of work (services/antiabuse.py).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from sanmin.accounts.access import citizen_required, deny
from sanmin.accounts.models import Role
from sanmin.campaigns.selectors import campaign_current
from sanmin.core import crypto
from sanmin.core.fragments import render_page
from sanmin.core.rows import row_get
from sanmin.surveys.forms.answer import answers_from_post, fill_sections
from sanmin.surveys.models import Audience, Questionnaire, QuestionnaireStatus
from sanmin.surveys.selectors.structure import questionnaire_structure
from sanmin.surveys.services import antiabuse
from sanmin.surveys.services.answer import (
    ANSWERED,
    has_answered,
    questionnaire_admits,
    response_submit,
    roster_entry,
)
from sanmin.surveys.services.answer import NOT_REPRESENTATIVE as NOT_ON_ROSTER

CHALLENGE_FIELD = "pow_challenge"
NONCE_FIELD = "pow_nonce"


def _open(audience: str) -> Questionnaire | None:
    """The open questionnaire of this audience in the current campaign."""
    campaign = campaign_current()
    if campaign is None:
        return None
    return (
        Questionnaire.objects.filter(
            campaign=campaign, audience=audience, status=QuestionnaireStatus.OPEN
        )
        .order_by("code", "-version")
        .first()
    )


def _shown(pk: int) -> Questionnaire:
    """A questionnaire respondents may see: never a draft."""
    questionnaire = row_get(Questionnaire, pk)
    if questionnaire is None or questionnaire.status == QuestionnaireStatus.DRAFT:
        raise Http404("没有该问卷")
    return questionnaire


def _refusal(request: HttpRequest, *, reason: str, message: str) -> HttpResponse:
    deny(request, reason=reason)
    return render(
        request, "surveys/answer/refused.html", {"message": message}, status=403
    )


def _is_citizen(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.CITIZEN)


def _slot(request: HttpRequest, questionnaire: Questionnaire, device: str) -> str:
    """Where fill.js keeps the draft answers in localStorage: per questionnaire and
    per person (or device), so that on a shared phone nobody finds another's."""
    who = f"u{request.user.pk}" if request.user.is_authenticated else f"d{device}"
    name = f"{who}:{questionnaire.pk}"
    return (
        f"sanmin-survey-{questionnaire.pk}-"
        + crypto.keyed_hash(name, purpose="survey-draft-slot")[:16]
    )


def _remember_device(response: HttpResponseBase, token: str) -> HttpResponseBase:
    response.set_signed_cookie(
        antiabuse.DEVICE_COOKIE,
        token,
        salt=antiabuse.DEVICE_COOKIE_SALT,
        max_age=antiabuse.DEVICE_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _closed_page(
    request: HttpRequest, questionnaire: Questionnaire, message: str, status: int
) -> HttpResponse:
    newer = None
    if questionnaire.status == QuestionnaireStatus.CLOSED:
        newer = Questionnaire.objects.filter(
            campaign_id=questionnaire.campaign_id,
            code=questionnaire.code,
            status=QuestionnaireStatus.OPEN,
        ).first()
    return render(
        request,
        "surveys/answer/closed.html",
        {"questionnaire": questionnaire, "message": message, "newer": newer},
        status=status,
    )


def _fill_page(
    request: HttpRequest,
    questionnaire: Questionnaire,
    *,
    device: str = "",
    data: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    structure = questionnaire_structure(questionnaire=questionnaire)
    sections = fill_sections(structure, data=data, errors=errors)
    numbered = {f.question.code: f for s in sections for f in s.fields}
    problems = [(numbered[code], messages) for code, messages in (errors or {}).items()]
    problems.sort(key=lambda item: item[0].question.position)
    context: dict[str, Any] = {
        "questionnaire": questionnaire,
        "structure": structure,
        "structure_json": structure.as_json(),
        "sections": sections,
        "problems": problems,
        "message": message,
        "slot": _slot(request, questionnaire, device),
        "anonymous": bool(device),
        "restore": data is None,
        "representative": questionnaire.audience == Audience.REPRESENTATIVE,
    }
    if device:
        context.update(
            challenge=antiabuse.challenge_issue(
                questionnaire_id=questionnaire.pk, device_token=device
            ),
            bits=antiabuse.POW_BITS,
            min_seconds=antiabuse.MIN_SECONDS,
            sign_in_url=reverse("identity:start")
            + "?"
            + urlencode({"next": request.path}),
        )
    return render(request, "surveys/answer/fill.html", context, status=status)


def _error_messages(error: ValidationError) -> tuple[dict[str, list[str]], str]:
    if hasattr(error, "error_dict"):
        return {k: list(v) for k, v in error.message_dict.items()}, ""
    return {}, "；".join(error.messages)


@never_cache
@require_safe
def public(request: HttpRequest) -> HttpResponse:
    """The open public survey: what it is, and how to answer it."""
    questionnaire = _open(Audience.PUBLIC)
    answered = False
    if questionnaire is not None:
        user = request.user
        device = "" if _is_citizen(user) else antiabuse.device_token_read(request)
        answered = has_answered(
            questionnaire=questionnaire,
            user=user if _is_citizen(user) else None,
            device_token=device,
        )
    return render(
        request,
        "surveys/answer/public.html",
        {
            "questionnaire": questionnaire,
            "answered": answered,
            "citizen": _is_citizen(request.user),
            "sign_in_url": (
                reverse("identity:start")
                + "?"
                + urlencode({"next": reverse("surveys:fill", args=[questionnaire.pk])})
                if questionnaire
                else ""
            ),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def fill(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Answer a questionnaire.

    1. Who may answer: the representatives' questionnaire a citizen on the
       campaign's roster; the public survey a citizen signed in through 爱山东, or
       anyone when anonymous answers are allowed (a device cookie, set here).
    2. A closed or superseded version, or one already answered, gets its page.
    3. GET shows the form; POST stores the answers and answers with the
       thank-you page itself (one request less on a slow phone connection; to
       fill.js, which posts the form itself, only the page's content, and it puts
       the thank-you page's own address in the address bar), or shows them
       again with the reason beside each question (status 400, nothing stored).
       A POST by someone who has answered already (a second tab, a resubmitted
       form) is refused and sent to the thank-you page.
    """
    questionnaire = _shown(pk)
    user = request.user
    device = ""
    new_device = False
    anonymous_allowed = (
        questionnaire.audience == Audience.PUBLIC and questionnaire.allow_anonymous
    )
    if not user.is_authenticated and not anonymous_allowed:
        return redirect_to_login(request.get_full_path(), "identity:start")
    if user.is_authenticated and user.role != Role.CITIZEN:
        raise deny(request, reason="not-citizen")
    if questionnaire.audience == Audience.REPRESENTATIVE:
        if roster_entry(user=user, questionnaire=questionnaire) is None:
            return _refusal(request, reason="not-representative", message=NOT_ON_ROSTER)
    elif not user.is_authenticated:
        device = antiabuse.device_token_read(request)
        if not device and request.method == "GET":
            device, new_device = antiabuse.device_token_new(), True
    posting = request.method == "POST"
    try:
        questionnaire_admits(questionnaire=questionnaire)
    except ValidationError as error:
        return _closed_page(
            request, questionnaire, "；".join(error.messages), 400 if posting else 200
        )
    citizen = user if user.is_authenticated else None
    if not posting:
        if has_answered(questionnaire=questionnaire, user=citizen, device_token=device):
            return redirect("surveys:thanks", pk=questionnaire.pk)
        response = _fill_page(request, questionnaire, device=device)
        return _remember_device(response, device) if new_device else response
    structure = questionnaire_structure(questionnaire=questionnaire)
    data = answers_from_post(structure, request.POST)
    try:
        response_submit(
            questionnaire=questionnaire,
            user=citizen,
            device_token=device,
            data=data,
            request=request,
            proof=antiabuse.Proof(
                challenge=request.POST.get(CHALLENGE_FIELD, ""),
                nonce=request.POST.get(NONCE_FIELD, ""),
            ),
        )
    except ValidationError as error:
        # The service checks the answers before it finds (by the unique
        # participation) that this person has answered; only a refusal asks.
        if getattr(error, "code", None) == ANSWERED or has_answered(
            questionnaire=questionnaire, user=citizen, device_token=device
        ):
            return redirect("surveys:thanks", pk=questionnaire.pk)
        errors, message = _error_messages(error)
        if not user.is_authenticated and not device:
            device, new_device = antiabuse.device_token_new(), True
        page = _fill_page(
            request,
            questionnaire,
            device=device,
            data=data,
            errors=errors,
            message=message,
            status=400,
        )
        return _remember_device(page, device) if new_device else page
    return _thanks_page(request, questionnaire)


@never_cache
@require_safe
def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    """感谢参与; fill.js clears the draft answers kept on this device."""
    return _thanks_page(request, _shown(pk))


def _thanks_page(request: HttpRequest, questionnaire: Questionnaire) -> HttpResponse:
    """The thank-you page; to fill.js, which posted the answers itself, only its
    content (`sanmin.core.fragments`), which takes the form's place."""
    return render_page(
        request,
        page="surveys/answer/thanks.html",
        content="surveys/answer/_thanks.html",
        context={
            "questionnaire": questionnaire,
            "representative": questionnaire.audience == Audience.REPRESENTATIVE,
            "slot_prefix": f"sanmin-survey-{questionnaire.pk}-",
        },
    )


@never_cache
@require_safe
@citizen_required
def representative(request: HttpRequest) -> HttpResponseBase:
    """From the ballot receipt: the open representatives' questionnaire, unless
    already answered."""
    questionnaire = _open(Audience.REPRESENTATIVE)
    if questionnaire is None:
        return render(request, "surveys/answer/none.html")
    if roster_entry(user=request.user, questionnaire=questionnaire) is None:
        return _refusal(request, reason="not-representative", message=NOT_ON_ROSTER)
    if has_answered(questionnaire=questionnaire, user=request.user):
        return redirect("surveys:thanks", pk=questionnaire.pk)
    return redirect("surveys:fill", pk=questionnaire.pk)


urlpatterns: list[URLPattern] = [
    path("public/", public, name="public"),
    path("representatives/", representative, name="representative"),
    path("fill/<int:pk>/", fill, name="fill"),
    path("fill/<int:pk>/thanks/", thanks, name="thanks"),
]
