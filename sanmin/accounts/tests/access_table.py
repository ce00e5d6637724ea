"""Who may open which page: a row for every URL name of the project.

`test_access_matrix` requests every row's URL as each of ROLE_NAMES and compares the
outcome with the row. A URL pattern without a row fails the test, so every new page
must be added here. Rows start from a kind and change only what differs::

    "reporting:home": PUBLIC,
    "reporting:department": PUBLIC.using(lambda cast: {"participant_id": ...}),
    "reporting:manage-review-queue": STAFF_ONLY(OFFICE),
    "accounts:logout": PUBLIC.post(),
    "x:y": STAFF_ONLY(OFFICE).but(statistics=NOT_FOUND),
    "x:y|other-district": STAFF_ONLY(OFFICE).using(...),  # a second request

Outcomes: OK (2xx, or a redirect that is not to a sign-in page), LOGIN (a redirect to
the staff or the 爱山东 sign-in), FORBIDDEN (403), NOT_FOUND (404), NOT_ALLOWED (405),
BAD_REQUEST (400), ANY (whatever the page decides, but not a sign-in redirect and not
an error).
`using` receives the test's Cast (campaign, users by role; see fixtures.py) and
returns the URL's kwargs; it may create the objects the URL needs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sanmin.accounts.tests.fixtures import ROLE_NAMES

OK = "ok"
LOGIN = "login"
FORBIDDEN = "forbidden"
NOT_FOUND = "not found"
NOT_ALLOWED = "method not allowed"
BAD_REQUEST = "bad request"
ANY = "any"

ANONYMOUS = "anonymous"
CITIZEN = "citizen"
REPRESENTATIVE = "representative"
DISTRICT = "district"
REVIEWER = "reviewer"
STATISTICS = "statistics"
OFFICE = "office"
DEPARTMENT = "department"
SUPERVISOR = "supervisor"
OPERATOR = "operator"

CITIZENS = (CITIZEN, REPRESENTATIVE)
STAFF = (
    DISTRICT,
    REVIEWER,
    STATISTICS,
    OFFICE,
    DEPARTMENT,
    SUPERVISOR,
    OPERATOR,
)
ADMINS = (OFFICE, OPERATOR)

Kwargs = Callable[[Any], Mapping[str, Any]]


@dataclass(frozen=True)
class Row:
    expect: Mapping[str, str]
    kwargs: Kwargs | None = None
    method: str = "get"
    data: Mapping[str, Any] = field(default_factory=dict)
    query: str = ""

    def using(self, kwargs: Kwargs) -> Row:
        """The URL's kwargs, made from the Cast."""
        return replace(self, kwargs=kwargs)

    def post(self, data: Mapping[str, Any] | None = None) -> Row:
        """Request with POST (and this form data) instead of GET."""
        return replace(self, method="post", data=dict(data or {}))

    def with_query(self, query: str) -> Row:
        return replace(self, query=query)

    def but(self, **outcomes: str) -> Row:
        """Change the expected outcome of some roles."""
        unknown = set(outcomes) - set(ROLE_NAMES)
        if unknown:
            raise ValueError(f"unknown roles in access row: {sorted(unknown)}")
        return replace(self, expect={**self.expect, **outcomes})


def row(default: str, **outcomes: str) -> Row:
    """Every role gets `default` unless named."""
    return Row({role: default for role in ROLE_NAMES}).but(**outcomes)


def _all(roles: tuple[str, ...], outcome: str) -> dict[str, str]:
    return dict.fromkeys(roles, outcome)


PUBLIC = row(OK)

CITIZEN_ONLY = row(FORBIDDEN, anonymous=LOGIN, **_all(CITIZENS, OK))

REPRESENTATIVE_ONLY = CITIZEN_ONLY.but(citizen=FORBIDDEN)


def STAFF_ONLY(*roles: str) -> Row:  # reads as a kind, like PUBLIC
    """Staff pages of `roles` (role_required): others refused, anonymous to sign-in.

    With no roles: a staff page none of the cast may open (e.g. another department's).
    """
    unknown = set(roles) - set(STAFF)
    if unknown:
        raise ValueError(f"not staff roles: {sorted(unknown)}")
    return row(FORBIDDEN, anonymous=LOGIN, **_all(roles, OK))


ALL_STAFF = STAFF_ONLY(*STAFF)

# The Django admin (sanmin.admin_site): office and operator only; what each of them
# sees inside depends on the model permissions of the role.
ADMIN = STAFF_ONLY(*ADMINS)
ADMIN_ANY = ADMIN.but(office=ANY, operator=ANY)

# Between the two sign-in steps: without a pending sign-in, staff already signed in go
# to their home and everyone else back to the password step.
SIGN_IN_STEP = row(LOGIN, **_all(STAFF, OK))


# Objects the URLs need, made through the owning apps' services -----------------------


def _participant(cast: Any) -> int:
    """The participation of the department the cast's department staff belong to."""
    return int(cast.campaign.participants.get(department=cast.department).pk)


def _other_participant(cast: Any) -> int:
    participants = cast.campaign.participants.filter(internal=False)
    return int(participants.exclude(department=cast.department).first().pk)


def _public_session(cast: Any) -> int:
    return int(cast.campaign.sessions.filter(kind="public").first().pk)


def _pdf() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "application/pdf"
    )


def _revision(cast: Any, *, status: str = "draft") -> int:
    """A revision of the cast department's disclosures with a PDF, in `status`."""
    from sanmin.campaigns.models import Participant
    from sanmin.reporting import services

    participant = Participant.objects.get(pk=_participant(cast))
    stream = "https://live.example.cn/{}.m3u8"
    revision = services.revision_save_draft(
        participant=participant,
        draft=services.DisclosureDraft(
            duties="工作职责",
            work_points="年度工作要点",
            report_text="述职报告",
            report_pdf=_pdf(),
            report_video=services.VideoInput(stream_url=stream.format("report")),
            interview_video=services.VideoInput(stream_url=stream.format("interview")),
        ),
        actor=cast.user(DEPARTMENT),
    )
    if status in ("submitted", "published"):
        revision = services.revision_submit(
            revision=revision, actor=cast.user(DEPARTMENT)
        )
    if status == "published":
        revision = services.revision_publish(revision=revision, actor=cast.user(OFFICE))
    return int(revision.pk)


def _announcement(cast: Any, *, published: bool = True) -> int:
    from sanmin.reporting import services

    announcement = services.announcement_create(
        data=services.AnnouncementInput(
            campaign=cast.campaign, kind="activity", title="活动公告", body="正文"
        ),
        actor=cast.user(OFFICE),
    )
    if published:
        announcement = services.announcement_publish(
            announcement=announcement, actor=cast.user(OFFICE)
        )
    return int(announcement.pk)


def _question(cast: Any) -> int:
    from sanmin.campaigns.models import Participant
    from sanmin.reporting import services

    question = services.question_ask(
        participant=Participant.objects.get(pk=_participant(cast)),
        text="请问明年有哪些惠民举措？",
        asker=cast.user(REPRESENTATIVE),
    )
    return int(question.pk)


OFFICE_ONLY = STAFF_ONLY(OFFICE)
DEPARTMENT_ONLY = STAFF_ONLY(DEPARTMENT)
REPORTING_STAFF = STAFF_ONLY(DEPARTMENT, OFFICE)
AUDIT_READERS = STAFF_ONLY(SUPERVISOR, OPERATOR)

# A key is a URL name, "namespace:*" for every other name of a namespace, or
# "name|variant" for a second request of the same URL (another object, another scope).
TABLE: dict[str, Row] = {
    # core
    "healthz": PUBLIC,
    "care-toggle": PUBLIC.post({"on": "1", "next": "/"}),
    # accounts
    "accounts:login": PUBLIC,
    "accounts:verify": SIGN_IN_STEP,
    "accounts:enrol": SIGN_IN_STEP,
    "accounts:logout": PUBLIC.post(),
    "accounts:home": ALL_STAFF,
    "accounts:password-change": ALL_STAFF,
    # identity (爱山东 sign-in and its simulator, which is on in tests)
    "identity:start": PUBLIC,
    "identity:callback": row(FORBIDDEN),  # no state, no ticket: refused
    "identity:signed-in": CITIZEN_ONLY,
    "identity:logout": PUBLIC.post(),
    "identity:simulator-login": row(BAD_REQUEST),
    "identity:simulator-face": row(BAD_REQUEST),
    "identity:simulator-token": row(NOT_ALLOWED),
    "identity:simulator-userinfo": row(NOT_ALLOWED),
    # audit
    "audit:events": AUDIT_READERS,
    "audit:verify": AUDIT_READERS,
    # reporting: public site
    "reporting:home": PUBLIC,
    "reporting:departments": PUBLIC,
    "reporting:department": PUBLIC.using(
        lambda cast: {"participant_id": _participant(cast)}
    ),
    "reporting:session": PUBLIC.using(
        lambda cast: {"session_id": _public_session(cast)}
    ),
    "reporting:announcement": PUBLIC.using(
        lambda cast: {"announcement_id": _announcement(cast)}
    ),
    "reporting:announcement|draft": row(NOT_FOUND).using(
        lambda cast: {"announcement_id": _announcement(cast, published=False)}
    ),
    "reporting:revision-file": PUBLIC.using(
        lambda cast: {
            "revision_id": _revision(cast, status="published"),
            "kind": "report-pdf",
        }
    ),
    "reporting:revision-file|unpublished": row(NOT_FOUND).using(
        lambda cast: {"revision_id": _revision(cast), "kind": "report-pdf"}
    ),
    "reporting:demo-media": PUBLIC.using(lambda cast: {"name": "report.mp4"}),
    "reporting:question-ask": REPRESENTATIVE_ONLY.post(
        {"text": "请问明年有哪些惠民举措？"}
    ).using(lambda cast: {"participant_id": _participant(cast)}),
    # reporting: staff pages
    "reporting:manage-home": REPORTING_STAFF,
    "reporting:manage-disclosure": DEPARTMENT_ONLY.using(
        lambda cast: {"participant_id": _participant(cast)}
    ),
    "reporting:manage-disclosure|other-department": STAFF_ONLY().using(
        lambda cast: {"participant_id": _other_participant(cast)}
    ),
    "reporting:manage-disclosure-submit": DEPARTMENT_ONLY.post().using(
        lambda cast: {"participant_id": _participant(cast)}
    ),
    "reporting:manage-interview-topics": REPORTING_STAFF.using(
        lambda cast: {"participant_id": _participant(cast)}
    ),
    "reporting:manage-interview-topics|other-department": OFFICE_ONLY.using(
        lambda cast: {"participant_id": _other_participant(cast)}
    ),
    "reporting:manage-revision-file": REPORTING_STAFF.using(
        lambda cast: {"revision_id": _revision(cast), "kind": "report-pdf"}
    ),
    "reporting:manage-review-queue": OFFICE_ONLY,
    "reporting:manage-review": OFFICE_ONLY.using(
        lambda cast: {"revision_id": _revision(cast, status="submitted")}
    ),
    "reporting:manage-review-publish": OFFICE_ONLY.post().using(
        lambda cast: {"revision_id": _revision(cast, status="submitted")}
    ),
    "reporting:manage-review-return": OFFICE_ONLY.post({"comment": "请补充"}).using(
        lambda cast: {"revision_id": _revision(cast, status="submitted")}
    ),
    "reporting:manage-announcements": OFFICE_ONLY,
    "reporting:manage-announcement-create": OFFICE_ONLY,
    "reporting:manage-announcement-edit": OFFICE_ONLY.using(
        lambda cast: {"announcement_id": _announcement(cast, published=False)}
    ),
    "reporting:manage-announcement-publish": OFFICE_ONLY.post().using(
        lambda cast: {"announcement_id": _announcement(cast, published=False)}
    ),
    "reporting:manage-announcement-withdraw": OFFICE_ONLY.post().using(
        lambda cast: {"announcement_id": _announcement(cast)}
    ),
    "reporting:manage-hot-topics": OFFICE_ONLY,
    "reporting:manage-hot-topics-import": OFFICE_ONLY.post().but(office=BAD_REQUEST),
    "reporting:manage-hot-topics-template": OFFICE_ONLY,
    "reporting:manage-questions": OFFICE_ONLY,
    "reporting:manage-question-moderate": OFFICE_ONLY.post(
        {"decision": "listed"}
    ).using(lambda cast: {"question_id": _question(cast)}),
    # api (django-ninja): public data and documents
    "api:api-root": PUBLIC.but(**_all(ROLE_NAMES, NOT_FOUND)),
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:campaign_list": PUBLIC,
    "api:campaign_current": PUBLIC,
    "api:campaign_detail": PUBLIC.using(lambda cast: {"slug": cast.campaign.slug}),
    "api:campaign_departments": PUBLIC.using(lambda cast: {"slug": cast.campaign.slug}),
    "api:campaign_announcements": PUBLIC.using(
        lambda cast: {"slug": cast.campaign.slug}
    ),
    "api:department_detail": PUBLIC.using(
        lambda cast: {"participant_id": _participant(cast)}
    ),
    "api:announcement_detail": PUBLIC.using(
        lambda cast: {"announcement_id": _announcement(cast)}
    ),
    # admin: named pages, then every other admin URL without arguments
    "admin:index": ADMIN,
    "admin:login": ADMIN,
    "admin:logout": ADMIN.post(),
    "admin:password_change": ADMIN,
    "admin:accounts_user_changelist": ADMIN.but(office=FORBIDDEN),
    "admin:accounts_user_change": ADMIN.but(office=FORBIDDEN).using(
        lambda cast: {"object_id": cast.user(DEPARTMENT).pk}
    ),
    "admin:audit_auditevent_changelist": ADMIN.but(office=FORBIDDEN),
    "admin:campaigns_campaign_changelist": ADMIN,
    "admin:campaigns_campaign_change": ADMIN.using(
        lambda cast: {"object_id": cast.campaign.pk}
    ),
    "admin:*": ADMIN_ANY,
}

# Rows of later areas live beside their apps, one module each, so that work on one
# area does not edit another's rows; every module listed here must exist.
AREA_ROW_MODULES = (
    "sanmin.evaluation.tests.access_rows_ballots",
    "sanmin.evaluation.tests.access_rows_results",
    "sanmin.evaluation.tests.access_rows_raters",
    "sanmin.notifications.tests.access_rows",
    "sanmin.dashboards.tests.access_rows",
    "sanmin.representatives.tests.access_rows_intake",
    "sanmin.representatives.tests.access_rows_draws",
    "sanmin.representatives.tests.access_rows_roster",
    "sanmin.suggestions.tests.access_rows_citizen",
    "sanmin.suggestions.tests.access_rows_loop",
    "sanmin.suggestions.tests.access_rows_oversight",
    "sanmin.suggestions.tests.access_rows_excellence",
    "sanmin.surveys.tests.access_rows_builder",
    "sanmin.surveys.tests.access_rows_answer",
    "sanmin.surveys.tests.access_rows_results",
)


def _merge_area_rows() -> None:
    import importlib

    for module_name in AREA_ROW_MODULES:
        rows: dict[str, Row] = importlib.import_module(module_name).ROWS
        clash = set(rows) & set(TABLE)
        assert not clash, f"{module_name} repeats rows: {sorted(clash)}"
        TABLE.update(rows)


_merge_area_rows()


def url_name(key: str) -> str:
    """The URL name of a table key ("name|variant" → "name")."""
    return key.partition("|")[0]


def row_for(name: str) -> Row | None:
    """The row of a URL name: its own, or its namespace's wildcard row."""
    if name in TABLE:
        return TABLE[name]
    namespace = name.rpartition(":")[0]
    return TABLE.get(f"{namespace}:*") if namespace else None
