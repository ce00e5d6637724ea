"""Staff pages of 云述职 for the office's announcements (公告) under /manage/."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from sanmin.campaigns.selectors import campaign_current
from sanmin.reporting import access, services
from sanmin.reporting.forms import AnnouncementForm
from sanmin.reporting.views.staff_common import messages_of, office_staff


@require_GET
@office_staff
def announcements(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reporting/staff/announcements.html",
        {"announcements": list(access.announcements_for_office())},
    )


def _announcement_page(
    request: HttpRequest, form: AnnouncementForm, announcement: Any, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "reporting/staff/announcement_form.html",
        {"form": form, "announcement": announcement},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@office_staff
def announcement_create(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        current = campaign_current()
        form = AnnouncementForm(initial={"campaign": current.pk if current else None})
        return _announcement_page(request, form, None)
    form = AnnouncementForm(request.POST)
    if not form.is_valid():
        return _announcement_page(request, form, None, status=400)
    try:
        services.announcement_create(
            data=form.to_input(), actor=request.user, request=request
        )
    except ValidationError as error:
        form.add_error(None, messages_of(error))
        return _announcement_page(request, form, None, status=400)
    messages.success(request, "公告已保存（尚未发布）")
    return redirect("reporting:manage-announcements")


@require_http_methods(["GET", "POST"])
@office_staff
def announcement_edit(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = access.announcement_for_office(announcement_id=announcement_id)
    if request.method == "GET":
        form = AnnouncementForm(initial=AnnouncementForm.initial_for(announcement))
        return _announcement_page(request, form, announcement)
    form = AnnouncementForm(request.POST)
    if not form.is_valid():
        return _announcement_page(request, form, announcement, status=400)
    try:
        services.announcement_update(
            announcement=announcement,
            data=form.to_input(),
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        form.add_error(None, messages_of(error))
        return _announcement_page(request, form, announcement, status=400)
    messages.success(request, "公告已修改")
    return redirect("reporting:manage-announcements")


def _announcement_change(
    request: HttpRequest,
    announcement_id: int,
    *,
    change: Callable[..., Any],
    done: str,
) -> HttpResponse:
    announcement = access.announcement_for_office(announcement_id=announcement_id)
    try:
        change(announcement=announcement, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(request, f"{done}：{announcement.title}")
    return redirect("reporting:manage-announcements")


@require_POST
@office_staff
def announcement_publish(request: HttpRequest, announcement_id: int) -> HttpResponse:
    return _announcement_change(
        request,
        announcement_id,
        change=services.announcement_publish,
        done="已发布公告",
    )


@require_POST
@office_staff
def announcement_withdraw(request: HttpRequest, announcement_id: int) -> HttpResponse:
    return _announcement_change(
        request,
        announcement_id,
        change=services.announcement_withdraw,
        done="已撤回公告",
    )


urlpatterns = [
    path("manage/announcements/", announcements, name="manage-announcements"),
    path(
        "manage/announcements/new/",
        announcement_create,
        name="manage-announcement-create",
    ),
    path(
        "manage/announcements/<int:announcement_id>/",
        announcement_edit,
        name="manage-announcement-edit",
    ),
    path(
        "manage/announcements/<int:announcement_id>/publish/",
        announcement_publish,
        name="manage-announcement-publish",
    ),
    path(
        "manage/announcements/<int:announcement_id>/withdraw/",
        announcement_withdraw,
        name="manage-announcement-withdraw",
    ),
]
