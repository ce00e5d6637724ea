"""The benchmark's data: the 2024 campaign, a synthetic roster signed in already.

Everything is synthetic (marked so) and written in bulk: the benchmark needs thousands
of citizens with sessions, not the sign-in journey, which has its own tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_otp import DEVICE_ID_SESSION_KEY

from sanmin.accounts import backends
from sanmin.accounts.models import Role, SignedInSession, User
from sanmin.accounts.services import staff_create, staff_totp_device_create
from sanmin.accounts.sessions import SessionStore
from sanmin.campaigns.models import Campaign, District, QuotaCategory, Session
from sanmin.campaigns.services import campaign_load_file, campaign_set_status
from sanmin.core import crypto
from sanmin.core.personal import make_id_number
from sanmin.evaluation.models import Window
from sanmin.evaluation.selectors.ballots import session_departments
from sanmin.representatives.models import Representative

AUTH_BACKEND = backends.PATH
BALLOT_GROUP = "政务服务组"  # the group of 11 departments
BARE_TITLE = "性能测试：空白对照场次（不计入任何结果）"
ACTOR = "性能测试"
_BATCH = 500
_KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass
class Manifest:
    """What the load driver and the checker need to know about the data."""

    session_id: int
    bare_session_id: int
    departments: int
    representatives: list[int] = field(default_factory=list)  # user ids
    cookies: list[str] = field(default_factory=list)  # session keys, same order
    viewer_cookies: list[str] = field(default_factory=list)
    session_cookie: str = "sessionid"
    csrf_cookie: str = "csrftoken"

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _session_key() -> str:
    return get_random_string(32, _KEY_CHARS)


def _signed_in(users: list[User], extra: dict[str, Any] | None = None) -> list[str]:
    """Create a Django session per user, as a completed sign-in leaves one."""
    store = SessionStore()
    expires = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    rows = [
        SignedInSession(
            session_key=_session_key(),
            user_id=user.pk,
            session_data=store.encode(
                {
                    SESSION_KEY: str(user.pk),
                    BACKEND_SESSION_KEY: AUTH_BACKEND,
                    HASH_SESSION_KEY: user.get_session_auth_hash(),
                    **(extra or {}),
                }
            ),
            expire_date=expires,
        )
        for user in users
    ]
    SignedInSession.objects.bulk_create(rows, batch_size=_BATCH)
    return [row.session_key for row in rows]


def _citizens(count: int) -> list[User]:
    users = []
    for serial in range(count):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=serial // 1000)
        user = User(
            username=f"bench-citizen-{serial}",
            role=Role.CITIZEN,
            display_name=f"压测市民{serial}",
            idp_subject=f"bench-subject-{serial}",
            verification_level=3,
            synthetic=True,
        )
        user.set_id_number(make_id_number("370202", birth, serial))
        user.set_phone(f"139{serial:08d}")
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=_BATCH)
    # bulk_create sets primary keys on PostgreSQL and SQLite (RETURNING).
    return users


def _roster(*, campaign: Campaign, citizens: list[User]) -> None:
    districts = list(District.objects.order_by("order", "code"))
    categories = list(QuotaCategory.objects.filter(campaign=campaign))
    cipher = crypto.cipher()
    Representative.objects.bulk_create(
        (
            Representative(
                campaign=campaign,
                roster=Representative.Roster.PUBLIC,
                id_hash=citizen.id_hash,
                name_cipher=cipher.encrypt(citizen.display_name),
                phone_cipher=citizen.phone_cipher,
                district=districts[n % len(districts)],
                category=categories[n % len(categories)],
                status=Representative.Status.SELECTED,
                synthetic=True,
            )
            for n, citizen in enumerate(citizens)
        ),
        batch_size=_BATCH,
    )


def _viewers(count: int) -> list[str]:
    """Staff sessions (second factor verified) for the dashboard viewers.

    Every fifth viewer is district staff (scoped), the others office or statistics.
    """
    districts = list(District.objects.order_by("order", "code")[:2])
    staff = [
        staff_create(
            username=f"bench-{role}-{n}",
            password=get_random_string(24),
            role=role,
            display_name=f"压测{role}",
            district=district,
            actor=ACTOR,
        )
        for n, (role, district) in enumerate(
            [
                (Role.OFFICE, None),
                (Role.STATISTICS, None),
                (Role.DISTRICT, districts[0]),
                (Role.DISTRICT, districts[1]),
            ]
        )
    ]
    devices = {
        user.pk: staff_totp_device_create(user=user, actor=ACTOR) for user in staff
    }
    cookies = []
    for n in range(count):
        user = staff[2 + n // 5 % 2] if n % 5 == 4 else staff[n % 2]
        cookies += _signed_in(
            [user], {DEVICE_ID_SESSION_KEY: devices[user.pk].persistent_id}
        )
    return cookies


def _session_of(campaign: Campaign, group: str) -> Session:
    return Session.objects.get(campaign=campaign, group__name=group)


def _bare_session(campaign: Campaign, now: dt.datetime) -> Session:
    """Where the bare endpoint's ballots go (an internal session: it has no group)."""
    return Session.objects.create(
        campaign=campaign,
        kind=Session.Kind.INTERNAL,
        title=BARE_TITLE,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now,
    )


@transaction.atomic
def bench_prepare(*, representatives: int, viewers: int) -> Manifest:
    """Load the 2024 campaign and a synthetic roster ready to vote.

    1. The 2024 campaign from the shipped plan data, made active.
    2. The 政务服务组 session (11 departments) gets a window open from a minute ago
       for three hours; a session of its own takes the bare endpoint's ballots.
    3. `representatives` citizens, each on the public roster (districts and
       categories in turn), each with a signed-in web session.
    4. Staff sessions for `viewers` dashboard viewers.
    """
    campaign = campaign_load_file(actor=ACTOR)
    campaign_set_status(campaign=campaign, status=Campaign.Status.ACTIVE, actor=ACTOR)
    session = _session_of(campaign, BALLOT_GROUP)
    now = timezone.now()
    Window.objects.create(
        session=session,
        opens_at=now - dt.timedelta(minutes=1),
        closes_at=now + dt.timedelta(hours=3),
    )
    citizens = _citizens(representatives)
    _roster(campaign=campaign, citizens=citizens)
    return Manifest(
        session_id=session.pk,
        bare_session_id=_bare_session(campaign, now).pk,
        departments=session_departments(session).count(),
        representatives=[user.pk for user in citizens],
        cookies=_signed_in(citizens),
        viewer_cookies=_viewers(viewers),
        session_cookie=settings.SESSION_COOKIE_NAME,
        csrf_cookie=settings.CSRF_COOKIE_NAME,
    )
