"""Staff pages of 云述职 under /manage/, and the representatives' question form.

Departments fill in and submit their disclosures; the office reviews and publishes
them, writes announcements, imports the 12345 hot topics and moderates questions.
Views parse with a form, load through `reporting.access`, call one service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from sanmin.accounts import menu
from sanmin.accounts.access import citizen_required, deny, role_required
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_current
from sanmin.core.spreadsheets import sheet_template, sheet_template_csv
from sanmin.reporting import access, services
from sanmin.reporting.forms import (
    AnnouncementForm,
    DisclosureForm,
    HotTopicImportForm,
    QuestionForm,
    ReturnForm,
)
from sanmin.reporting.imports import HOT_TOPIC_COLUMNS, HOT_TOPIC_NOTES
from sanmin.reporting.media import revision_file_response
from sanmin.reporting.models import DisclosureRevision, RepresentativeQuestion

department_staff = role_required(Role.DEPARTMENT)
office_staff = role_required(Role.OFFICE)
reporting_staff = role_required(Role.DEPARTMENT, Role.OFFICE)


def _messages_of(error: ValidationError) -> str:
    return "；".join(error.messages)


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
        form.add_error(None, _messages_of(error))
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
        messages.error(request, _messages_of(error))
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
        messages.error(request, _messages_of(error))
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
        form.add_error(None, _messages_of(error))
        return _review_page(request, revision, form, status=400)
    messages.success(
        request, f"已退回：{revision.participant.department.name}第{revision.number}版"
    )
    return redirect("reporting:manage-review-queue")


# --- Office: announcements ------------------------------------------------------------


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
        form.add_error(None, _messages_of(error))
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
        form.add_error(None, _messages_of(error))
        return _announcement_page(request, form, announcement, status=400)
    messages.success(request, "公告已修改")
    return redirect("reporting:manage-announcements")


@require_POST
@office_staff
def announcement_publish(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = access.announcement_for_office(announcement_id=announcement_id)
    try:
        services.announcement_publish(
            announcement=announcement, actor=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, f"已发布公告：{announcement.title}")
    return redirect("reporting:manage-announcements")


@require_POST
@office_staff
def announcement_withdraw(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = access.announcement_for_office(announcement_id=announcement_id)
    try:
        services.announcement_withdraw(
            announcement=announcement, actor=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, f"已撤回公告：{announcement.title}")
    return redirect("reporting:manage-announcements")


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
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            sheet_template_csv(columns=HOT_TOPIC_COLUMNS),
            content_type="text/csv; charset=utf-8",
        )
        filename = "hot-topics-template.csv"
    else:
        response = HttpResponse(
            sheet_template(
                columns=HOT_TOPIC_COLUMNS, title="热点问题", notes=HOT_TOPIC_NOTES
            ),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        )
        filename = "hot-topics-template.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
            form.add_error("text", _messages_of(error))
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
        messages.error(request, _messages_of(error))
    else:
        messages.success(
            request, "已采纳" if decision == "listed" else "已标记为不采纳"
        )
    return redirect("reporting:manage-questions")


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
        "manage/participants/<int:participant_id>/interview/",
        interview_topics,
        name="manage-interview-topics",
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

# Staff home links (sanmin.accounts.menu). Registered when the URLconf is loaded,
# which happens before any page that shows the menu is rendered.
menu.register(Role.DEPARTMENT, "述职材料填报", "reporting:manage-home", order=10)
menu.register(Role.OFFICE, "述职材料审核", "reporting:manage-review-queue", order=10)
menu.register(Role.OFFICE, "各部门述职材料", "reporting:manage-home", order=11)
menu.register(Role.OFFICE, "公告管理", "reporting:manage-announcements", order=20)
menu.register(Role.OFFICE, "访谈热点问题导入", "reporting:manage-hot-topics", order=30)
menu.register(Role.OFFICE, "市民代表提问审核", "reporting:manage-questions", order=31)
