"""Staff pages of the notifications app (the outbox), and the provider's delivery
report endpoint."""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role
from sanmin.notifications import selectors, services
from sanmin.notifications.catalogue import TEMPLATES
from sanmin.notifications.gateways.aliyun import parse_reports
from sanmin.notifications.models import Message

PAGE_SIZE = 50
outbox_staff = role_required(Role.OFFICE, Role.OPERATOR)


@require_GET
@outbox_staff
def outbox(request: HttpRequest) -> HttpResponse:
    """The outbox: counts by status, then the messages (masked phones), filtered."""
    status = request.GET.get("status", "")
    if status not in Message.Status.values:
        status = ""
    template = request.GET.get("template", "")
    if template not in TEMPLATES:
        template = ""
    page = Paginator(
        selectors.outbox_messages(status=status, template=template), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    counts = selectors.outbox_counts(template=template)
    labels = dict(Message.Status.choices)
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "status": status,
            "template": template,
            "statuses": Message.Status.choices,
            "templates": [(code, t.label) for code, t in TEMPLATES.items()],
            "rows": [
                (message, TEMPLATES[message.template].label)
                if message.template in TEMPLATES
                else (message, message.template)
                for message in page.object_list
            ],
            "counts": [(value, labels[value], n) for value, n in counts.items()],
            "total": sum(counts.values()),
            "gateway": settings.SMS_GATEWAY,
        },
    )


@csrf_exempt
@require_POST
def delivery_report(request: HttpRequest, token: str) -> HttpResponse:
    """The provider's delivery reports (Alibaba Cloud SmsReport HTTP push).

    The path holds a secret (SMS_REPORT_TOKEN) the provider is configured with;
    without one configured the endpoint does not exist.
    """
    expected = settings.SMS_REPORT_TOKEN
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Http404
    try:
        reports = parse_reports(request.body)
    except ValueError:
        return JsonResponse({"code": 1, "msg": "格式错误"}, status=400)
    services.delivery_reports_record(reports=reports)
    return HttpResponse(
        json.dumps({"code": 0, "msg": "成功"}, ensure_ascii=False),
        content_type="application/json",
    )
