"""Staff pages of 云述职 for the director interview's topics under /manage/: the 12345
hotline's hot topics and the representatives' questions (asked on the public
department page, moderated by the office)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from sanmin.accounts.access import citizen_required, deny
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_current
from sanmin.core.spreadsheets import sheet_template_response
from sanmin.reporting import access, services
from sanmin.reporting.forms import HotTopicImportForm, QuestionForm
from sanmin.reporting.imports import HOT_TOPIC_COLUMNS, HOT_TOPIC_NOTES
from sanmin.reporting.models import RepresentativeQuestion
from sanmin.reporting.views.staff_common import (
    messages_of,
    office_staff,
    reporting_staff,
)

# --- Department and office: the interview's topics ------------------------------------


@require_GET
@reporting_staff
def interview_topics(request: HttpRequest, participant_id: int) -> HttpResponse:
    """Hot topics and listed questions for the director interview, without askers."""
    participant = access.participant_for_staff(
        request=request, participant_id=participant_id
    )
    topics, questions = access.interview_topics_for(participant=participant)
    return render(
        request,
        "reporting/staff/interview_topics.html",
        {"participant": participant, "topics": topics, "questions": questions},
    )


# --- Office: hot topics from the 12345 hotline ----------------------------------------


def _hot_topics_page(
    request: HttpRequest,
    *,
    campaign: Campaign | None,
    form: HotTopicImportForm,
    errors: list[Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "reporting/staff/hot_topics.html",
        {
            "campaign": campaign,
            "campaigns": list(access.campaigns_for_office()),
            "topics": list(access.hot_topics_for(campaign=campaign))
            if campaign
            else [],
            "form": form,
            "errors": errors or [],
            "columns": HOT_TOPIC_COLUMNS,
        },
        status=status,
    )


@require_GET
@office_staff
def hot_topics(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("campaign", "")
    campaign = (
        access.campaigns_for_office().filter(pk=chosen).first()
        if chosen.isdigit()
        else campaign_current()
    )
    form = HotTopicImportForm(initial={"campaign": campaign.pk if campaign else None})
    return _hot_topics_page(request, campaign=campaign, form=form)


@require_POST
@office_staff
def hot_topics_import(request: HttpRequest) -> HttpResponse:
    form = HotTopicImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _hot_topics_page(
            request, campaign=campaign_current(), form=form, status=400
        )
    campaign = form.cleaned_data["campaign"]
    upload = form.cleaned_data["file"]
    result = services.hot_topics_import(
        campaign=campaign,
        upload=upload,
        filename=upload.name or "",
        actor=request.user,
        request=request,
    )
    if not result.ok:
        return _hot_topics_page(
            request, campaign=campaign, form=form, errors=result.errors, status=400
        )
    messages.success(
        request,
        f"已导入 {len(result.topics)} 条热点问题，涉及 {result.departments} 个部门",
    )
    return redirect(f"{reverse('reporting:manage-hot-topics')}?campaign={campaign.pk}")


@require_GET
@office_staff
def hot_topics_template(request: HttpRequest) -> HttpResponse:
    return sheet_template_response(
        columns=HOT_TOPIC_COLUMNS,
        title="热点问题",
        notes=HOT_TOPIC_NOTES,
        basename="hot-topics-template",
        as_csv=request.GET.get("format") == "csv",
    )


# --- Representatives' questions -------------------------------------------------------


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return fallback


@require_POST
@citizen_required
def question_ask(request: HttpRequest, participant_id: int) -> HttpResponse:
    """A representative asks a department's director a question (moderated first)."""
    participant = access.participant_for_question(participant_id=participant_id)
    if not access.question_may_ask(user=request.user, participant=participant):
        raise deny(request, reason="not-representative")
    form = QuestionForm(request.POST)
    back = _safe_next(request, reverse("reporting:department", args=[participant.pk]))
    if form.is_valid():
        try:
            services.question_ask(
                participant=participant,
                text=form.cleaned_data["text"],
                asker=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error("text", messages_of(error))
    if not form.is_valid():
        return render(
            request,
            "reporting/staff/question_ask.html",
            {"participant": participant, "ask_form": form, "next": back},
            status=400,
        )
    messages.success(request, "问题已提交，经市政府办公厅审核后列入局长访谈问题")
    return redirect(back)


@require_GET
@office_staff
def questions(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", RepresentativeQuestion.Status.PENDING)
    if status not in RepresentativeQuestion.Status.values:
        status = RepresentativeQuestion.Status.PENDING
    return render(
        request,
        "reporting/staff/questions.html",
        {
            "questions": list(access.questions_for_moderation(status=status)),
            "status": status,
            "statuses": RepresentativeQuestion.Status.choices,
        },
    )


@require_POST
@office_staff
def question_moderate(request: HttpRequest, question_id: int) -> HttpResponse:
    question = access.question_for_moderation(question_id=question_id)
    decision = request.POST.get("decision")
    if decision not in ("listed", "declined"):
        messages.error(request, "请选择“采纳”或“不采纳”")
        return redirect("reporting:manage-questions")
    try:
        services.question_moderate(
            question=question,
            listed=decision == "listed",
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(
            request, "已采纳" if decision == "listed" else "已标记为不采纳"
        )
    return redirect("reporting:manage-questions")


urlpatterns = [
    path(
        "manage/participants/<int:participant_id>/interview/",
        interview_topics,
        name="manage-interview-topics",
    ),
    path("manage/hot-topics/", hot_topics, name="manage-hot-topics"),
    path(
        "manage/hot-topics/import/",
        hot_topics_import,
        name="manage-hot-topics-import",
    ),
    path(
        "manage/hot-topics/template/",
        hot_topics_template,
        name="manage-hot-topics-template",
    ),
    path("manage/questions/", questions, name="manage-questions"),
    path(
        "manage/questions/<int:question_id>/moderate/",
        question_moderate,
        name="manage-question-moderate",
    ),
    path("departments/<int:participant_id>/ask/", question_ask, name="question-ask"),
]
