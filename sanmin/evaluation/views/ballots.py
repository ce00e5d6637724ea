"""The representative's pages of 云评议: the sessions open to them, the ballot, its
confirmation, casting and the receipt (on screen, looked up by the browser's key, or
by SMS). The public list of receipts is in `receipts`.

Every page works without JavaScript; ballot.js adds the check for missing
departments before sending, keeps the idempotency key in localStorage so that a
reload or a retry reuses it, and fetches the receipt when the representative comes
back.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from sanmin.accounts.access import citizen_required, deny
from sanmin.audit.services import client_ip
from sanmin.campaigns.models import Session
from sanmin.core import crypto
from sanmin.core.context_processors import SITE_NAME
from sanmin.core.fragments import render_page
from sanmin.evaluation.forms import KEY_FIELD, BallotForm, posted_marks
from sanmin.evaluation.markup import ballot_list, new_ballot_list
from sanmin.evaluation.models import Window
from sanmin.evaluation.selectors import sessions
from sanmin.evaluation.selectors.seats import seat_read
from sanmin.evaluation.selectors.sessions import WindowState
from sanmin.evaluation.selectors.sheets import Sheet, sheet_read
from sanmin.evaluation.services.ballots import BallotRefused, ballot_cast
from sanmin.evaluation.services.receipts import receipt_sms_send
from sanmin.evaluation.views import receipts
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import user_is_representative

DEVICE_COOKIE = "sanmin_device"
DEVICE_COOKIE_AGE = 5 * 365 * 24 * 3600
NOT_ON_ROSTER = "您目前不在市民代表名单中，不能参加评议。"
NOT_FOR_THIS_SESSION = (
    "您不在本场次的评议代表名单中：每位代表只能评议所在活动、所在名单的场次。"
)


@dataclass(frozen=True)
class Seat:
    """A representative's place in a session: what their ballot pages show."""

    session: Session
    representative: Representative
    window: Window | None
    state: WindowState
    voted: bool
    sheet_token: int | None  # the sheet stamp read with the seat

    def sheet(self) -> Sheet:
        """The session's departments and choices, kept under the stamp read with
        the seat (`selectors.sheets`)."""
        return sheet_read(self.session, token=self.sheet_token)

    @property
    def state_label(self) -> str:
        return sessions.WINDOW_STATE_LABELS[self.state]


def _refusal(request: HttpRequest, *, reason: str, message: str) -> HttpResponse:
    """A 403 that says why, in Chinese; the refusal is audited like any other."""
    deny(request, reason=reason)
    return render(
        request, "evaluation/ballot/refused.html", {"message": message}, status=403
    )


def _seat(request: HttpRequest, session_id: int) -> Seat | HttpResponse:
    """The user's seat in the session, or the page refusing it."""
    found = seat_read(session_id=session_id, user=request.user)
    if found is None:
        raise Http404("没有该场次")
    representative = found.representative
    if representative is None and not user_is_representative(request.user):
        return _refusal(request, reason="not-representative", message=NOT_ON_ROSTER)
    if representative is None:
        return _refusal(
            request, reason="not-on-session-roster", message=NOT_FOR_THIS_SESSION
        )
    return Seat(
        session=found.session,
        representative=representative,
        window=found.window,
        state=sessions.window_state(found.window, now=timezone.now()),
        voted=found.voted,
        sheet_token=found.sheet_token,
    )


def _has_voted(seat: Seat) -> bool:
    return sessions.representative_has_voted(
        session=seat.session, representative=seat.representative
    )


def _form(seat: Seat, **kwargs: Any) -> BallotForm:
    sheet = seat.sheet()
    return BallotForm(departments=sheet.departments, choices=sheet.choices, **kwargs)


def _new_key() -> str:
    return secrets.token_urlsafe(32)


def _key_slot(request: HttpRequest, seat: Seat) -> str:
    """Where ballot.js keeps this person's key for this session in localStorage.

    Per person as well as per session: on a phone two family members share, the
    second must not reuse the first one's key (and so see their receipt).
    """
    name = f"{request.user.pk}:{seat.session.pk}"
    return crypto.keyed_hash(name, purpose="ballot-key-slot")[:20]


# Device and network, for the supervision report on suspicious patterns ------------


def _device(request: HttpRequest) -> tuple[str, str]:
    """The keyed hash of the device cookie, and a new cookie value if none was sent."""
    value = request.COOKIES.get(DEVICE_COOKIE, "")
    new = "" if 20 <= len(value) <= 64 else secrets.token_urlsafe(24)
    return crypto.keyed_hash(new or value, purpose="device"), new


def _remember_device(response: HttpResponseBase, new: str) -> HttpResponseBase:
    if new:
        response.set_cookie(
            DEVICE_COOKIE,
            new,
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _network_hash(request: HttpRequest) -> str:
    """The keyed hash of the client's network: /24 for IPv4, /48 for IPv6."""
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    return crypto.keyed_hash(str(network), purpose="network")


# Pages --------------------------------------------------------------------------------


def _ballot_page(
    request: HttpRequest,
    seat: Seat,
    *,
    form: BallotForm | None = None,
    error: str = "",
    fresh_key: bool = False,
    status: int = 200,
) -> HttpResponseBase:
    """The ballot page in the state of the seat: 已评议, outside the window, or the
    form (new, sent back for changes, or refused with the reasons)."""
    context: dict[str, Any] = {
        "seat": seat,
        "session": seat.session,
        "error": error,
        "slot": _key_slot(request, seat),
    }
    if seat.voted:
        template = "evaluation/ballot/voted.html"
    elif seat.state != WindowState.OPEN:
        template = "evaluation/ballot/closed.html"
    else:
        template = "evaluation/ballot/ballot.html"
        if form is None:  # a new ballot: no form to build, the list made before
            sheet = seat.sheet()
            key, rows, markup = _new_key(), [], new_ballot_list(sheet)
            count = len(sheet.departments)
        else:
            key, rows = form.shown(KEY_FIELD), form.rows()
            markup, count = ballot_list(rows), len(rows)
        context.update(
            form=form,
            rows=rows,
            key=key,
            ballot_list=markup,
            department_count=count,
            fresh_key=fresh_key,
        )
    _, new_device = _device(request)
    return _remember_device(
        render(request, template, context, status=status), new_device
    )


@never_cache
@require_safe
@citizen_required
def session_list(request: HttpRequest) -> HttpResponse:
    entries = sessions.representative_sessions(user=request.user, now=timezone.now())
    if not entries and not user_is_representative(request.user):
        return _refusal(request, reason="not-representative", message=NOT_ON_ROSTER)
    return render(request, "evaluation/ballot/sessions.html", {"entries": entries})


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_required
def ballot(request: HttpRequest, session_id: int) -> HttpResponseBase:
    """The ballot; a POST is the confirmation page's 返回修改, with the choices."""
    seat = _seat(request, session_id)
    if isinstance(seat, HttpResponse):
        return seat
    if request.method == "GET":
        return _ballot_page(request, seat)
    key = request.POST.get(KEY_FIELD, "")
    initial = BallotForm.initial_from(request.POST)
    form = _form(seat, initial={**initial, KEY_FIELD: key or _new_key()})
    return _ballot_page(request, seat, form=form)


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_required
def confirm(request: HttpRequest, session_id: int) -> HttpResponseBase:
    """The whole ballot once more, with 返回修改 and 确认提交; nothing is stored."""
    seat = _seat(request, session_id)
    if isinstance(seat, HttpResponse):
        return seat
    if request.method == "GET":  # e.g. after switching to 关怀版
        return redirect("evaluation:ballot", session_id=session_id)
    if seat.voted:
        return _ballot_page(request, seat)
    if seat.state != WindowState.OPEN:
        return _ballot_page(request, seat, status=400)
    form = _form(seat, data=request.POST)
    if not form.is_valid():
        return _ballot_page(request, seat, form=form, status=400)
    return render(
        request,
        "evaluation/ballot/confirm.html",
        {
            "seat": seat,
            "session": seat.session,
            "form": form,
            "rows": form.rows(),
            "slot": _key_slot(request, seat),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_required
def cast(request: HttpRequest, session_id: int) -> HttpResponseBase:
    """Cast the confirmed ballot and show its receipt.

    A retry of the same POST (same key) shows the same receipt and stores nothing.
    A GET (关怀版 switched on the receipt page) goes to the ballot page, which shows
    已评议 and, through ballot.js, the receipt.
    """
    seat = _seat(request, session_id)
    if isinstance(seat, HttpResponse):
        return seat
    if request.method == "GET":
        return redirect("evaluation:ballot", session_id=session_id)
    key = request.POST.get(KEY_FIELD, "")
    sheet = seat.sheet()
    departments, choices = sheet.departments, sheet.choices
    device, new_device = _device(request)
    try:
        result = ballot_cast(
            user=request.user,
            session=seat.session,
            idempotency_key=key,
            marks=posted_marks(request.POST),
            device_hash=device,
            network_hash=_network_hash(request),
            representative=seat.representative,
            window=seat.window,
            departments=departments,
            choices=choices,
        )
    except BallotRefused as refusal:
        # The form gives the same reasons next to each department.
        form = BallotForm(departments=departments, choices=choices, data=request.POST)
        message = "" if not form.is_valid() else "；".join(refusal.messages)
        seat = replace(seat, voted=_has_voted(seat))
        return _ballot_page(request, seat, form=form, error=message, status=400)
    if result.repeated and not seat.voted and not _has_voted(seat):
        # The key was someone else's (a shared phone): nothing was stored for this
        # person, and they must not see that receipt. Start again with a new key.
        retry = _form(
            seat,
            initial={**BallotForm.initial_from(request.POST), KEY_FIELD: _new_key()},
        )
        return _ballot_page(
            request,
            seat,
            form=retry,
            error="评议凭据已被使用，请核对后重新提交。",
            fresh_key=True,
            status=400,
        )
    response = _receipt_page(
        request,
        seat,
        receipt=result.receipt,
        key=key,
        repeated=result.repeated,
    )
    return _remember_device(response, new_device)


def _receipt_page(
    request: HttpRequest,
    seat: Seat,
    *,
    receipt: str,
    key: str,
    repeated: bool = False,
    sms_sent: bool = False,
) -> HttpResponse:
    """The receipt page; to ballot.js, which sent the cast itself, only its content
    (`sanmin.core.fragments`), which takes the ballot's place."""
    user: Any = request.user
    return render_page(
        request,
        page="evaluation/ballot/receipt.html",
        content="evaluation/ballot/_receipt.html",
        context={
            "seat": seat,
            "session": seat.session,
            "title": f"评议回执：{seat.session.title} · {SITE_NAME}",
            "receipt": receipt,
            "key": key,
            "slot": _key_slot(request, seat),
            "repeated": repeated,
            "sms_sent": sms_sent,
            "phone_masked": user.phone_masked if user.phone_cipher else "",
        },
    )


@never_cache
@require_POST
@citizen_required
def receipt_lookup(request: HttpRequest, session_id: int) -> HttpResponse:
    """The receipt of the ballot cast with the key this browser kept (ballot.js)."""
    seat = _seat(request, session_id)
    if isinstance(seat, HttpResponse):
        return seat
    found = None
    if seat.voted:
        found = sessions.receipt_for_key(
            session=seat.session, idempotency_key=request.POST.get("key", "")
        )
    if found is None:
        return JsonResponse({"error": "在本设备上找不到评议回执"}, status=404)
    return JsonResponse({"receipt": found})


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_required
def receipt_sms(request: HttpRequest, session_id: int) -> HttpResponseBase:
    """短信发送回执: the receipt of this browser's key, to the user's own phone."""
    seat = _seat(request, session_id)
    if isinstance(seat, HttpResponse):
        return seat
    if request.method == "GET":
        return redirect("evaluation:ballot", session_id=session_id)
    key = request.POST.get("key", "")
    try:
        receipt = receipt_sms_send(
            user=request.user, session=seat.session, idempotency_key=key
        )
    except ValidationError as error:
        return _ballot_page(request, seat, error="；".join(error.messages), status=400)
    return _receipt_page(request, seat, receipt=receipt, key=key, sms_sent=True)


urlpatterns = [
    path("evaluate/", session_list, name="sessions"),
    path("evaluate/<int:session_id>/", ballot, name="ballot"),
    path("evaluate/<int:session_id>/confirm/", confirm, name="confirm"),
    path("evaluate/<int:session_id>/cast/", cast, name="cast"),
    path("evaluate/<int:session_id>/receipt/", receipt_lookup, name="receipt"),
    path("evaluate/<int:session_id>/receipt/sms/", receipt_sms, name="receipt-sms"),
    *receipts.urlpatterns,
]
