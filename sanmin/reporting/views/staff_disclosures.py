"""Staff pages of 云述职 for disclosures (述职材料) under /manage/.

Departments fill in and submit their disclosures; the office reviews and publishes
or returns them. Views parse with a form, load through `reporting.access`, call one
service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from sanmin.reporting import access, services
from sanmin.reporting.forms import DisclosureForm, ReturnForm
from sanmin.reporting.media import revision_file_response
from sanmin.reporting.models import DisclosureRevision
from sanmin.reporting.views.staff_common import (
    department_staff,
    messages_of,
    office_staff,
    reporting_staff,
)

# --- Overview -------------------------------------------------------------------------


@require_GET
@reporting_staff
def manage_home(request: HttpRequest) -> HttpResponse:
    """The department's participations (the office: all), with their revisions."""
    rows = [
        {
            "participant": participant,
            "open": access.revision_open_for(participant=participant),
            "published": access.revision_published_for(participant=participant),
        }
        for participant in access.participants_for_staff(user=request.user)
    ]
    return render(request, "reporting/staff/home.html", {"rows": rows})


# --- Department: disclosures ----------------------------------------------------------


def _disclosure_initial(revision: DisclosureRevision | None) -> dict[str, Any]:
    if revision is None:
        return {}
    return {
        "duties": revision.duties,
        "work_points": revision.work_points,
        "report_text": revision.report_text,
        "report_stream_url": revision.report_stream_url,
        "interview_stream_url": revision.interview_stream_url,
    }


def _disclosure_page(
    request: HttpRequest, participant: Any, form: DisclosureForm, status: int = 200
) -> HttpResponse:
    open_revision = access.revision_open_for(participant=participant)
    published = access.revision_published_for(participant=participant)
    return render(
        request,
        "reporting/staff/disclosure_edit.html",
        {
            "participant": participant,
            "form": form,
            "open": open_revision,
            "published": published,
            "shown": open_revision or published,
            "history": access.revisions_of(participant=participant),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@department_staff
def disclosure_edit(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = access.participant_for_department(
        request=request, participant_id=participant_id
    )
    if request.method == "GET":
        current = access.revision_open_for(
            participant=participant
        ) or access.revision_published_for(participant=participant)
        form = DisclosureForm(initial=_disclosure_initial(current))
        return _disclosure_page(request, participant, form)
    form = DisclosureForm(request.POST, request.FILES)
    if not form.is_valid():
        return _disclosure_page(request, participant, form, status=400)
    try:
        revision = services.revision_save_draft(
            participant=participant,
            draft=form.to_draft(),
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        form.add_error(None, messages_of(error))
        return _disclosure_page(request, participant, form, status=400)
    messages.success(request, f"第{revision.number}版草稿已保存")
    return redirect("reporting:manage-disclosure", participant_id=participant.pk)


@require_POST
@department_staff
def disclosure_submit(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = access.participant_for_department(
        request=request, participant_id=participant_id
    )
    revision = access.revision_open_for(participant=participant)
    if revision is None:
        messages.error(request, "没有可提交的草稿，请先填写并保存")
        return redirect("reporting:manage-disclosure", participant_id=participant.pk)
    try:
        services.revision_submit(revision=revision, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(request, f"第{revision.number}版已提交，等待市政府办公厅审核")
    return redirect("reporting:manage-disclosure", participant_id=participant.pk)


@require_http_methods(["GET", "HEAD"])
@reporting_staff
def revision_media(
    request: HttpRequest, revision_id: int, kind: str
) -> HttpResponseBase:
    """A file of any revision the user may see (unpublished ones included)."""
    revision = access.revision_for_staff(request=request, revision_id=revision_id)
    return revision_file_response(request, revision=revision, kind=kind)


# --- Office: review -------------------------------------------------------------------


@require_GET
@office_staff
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reporting/staff/review_queue.html",
        {"revisions": list(access.review_queue())},
    )


def _review_page(
    request: HttpRequest,
    revision: DisclosureRevision,
    return_form: ReturnForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "reporting/staff/review_detail.html",
        {
            "revision": revision,
            "participant": revision.participant,
            "published": access.revision_published_for(
                participant=revision.participant
            ),
            "return_form": return_form,
        },
        status=status,
    )


@require_GET
@office_staff
def review_detail(request: HttpRequest, revision_id: int) -> HttpResponse:
    revision = access.revision_for_review(request=request, revision_id=revision_id)
    return _review_page(request, revision, ReturnForm())


@require_POST
@office_staff
def review_publish(request: HttpRequest, revision_id: int) -> HttpResponse:
    revision = access.revision_for_review(request=request, revision_id=revision_id)
    try:
        services.revision_publish(
            revision=revision, actor=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, messages_of(error))
        return redirect("reporting:manage-review", revision_id=revision.pk)
    messages.success(
        request, f"已发布：{revision.participant.department.name}第{revision.number}版"
    )
    return redirect("reporting:manage-review-queue")


@require_POST
@office_staff
def review_return(request: HttpRequest, revision_id: int) -> HttpResponse:
    revision = access.revision_for_review(request=request, revision_id=revision_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _review_page(request, revision, form, status=400)
    try:
        services.revision_return(
            revision=revision,
            comment=form.cleaned_data["comment"],
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        form.add_error(None, messages_of(error))
        return _review_page(request, revision, form, status=400)
    messages.success(
        request, f"已退回：{revision.participant.department.name}第{revision.number}版"
    )
    return redirect("reporting:manage-review-queue")


urlpatterns = [
    path("manage/", manage_home, name="manage-home"),
    path(
        "manage/participants/<int:participant_id>/disclosure/",
        disclosure_edit,
        name="manage-disclosure",
    ),
    path(
        "manage/participants/<int:participant_id>/disclosure/submit/",
        disclosure_submit,
        name="manage-disclosure-submit",
    ),
    path(
        "manage/revisions/<int:revision_id>/files/<slug:kind>/",
        revision_media,
        name="manage-revision-file",
    ),
    path("manage/disclosures/", review_queue, name="manage-review-queue"),
    path("manage/disclosures/<int:revision_id>/", review_detail, name="manage-review"),
    path(
        "manage/disclosures/<int:revision_id>/publish/",
        review_publish,
        name="manage-review-publish",
    ),
    path(
        "manage/disclosures/<int:revision_id>/return/",
        review_return,
        name="manage-review-return",
    ),
]
