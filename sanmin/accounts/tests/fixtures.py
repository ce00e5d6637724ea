"""Shared test fixtures: the 2024 campaign and a cast of named users, one per role.

Registered for the whole suite in the root conftest.py (`pytest_plugins`), so any
app's tests can ask for `office_user`, `department_user`, ... or for a signed-in,
TOTP-verified test client: `client_as("office")`, or `verified_client(user)`.

Staff are made through `staff_create` with a confirmed TOTP device; citizens are made
directly (their accounts normally come from the 爱山东 sign-in) and marked synthetic.
Models are imported inside functions: this module is loaded before Django is set up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sanmin.accounts.models import User
    from sanmin.campaigns.models import Campaign, Department, District

STAFF_PASSWORD = "sanmin-测试-Passw0rd"

# Everyone the access matrix checks: anonymous, the two kinds of citizen, the staff.
ROLE_NAMES = (
    "anonymous",
    "citizen",
    "representative",
    "district",
    "reviewer",
    "statistics",
    "office",
    "department",
    "supervisor",
    "operator",
)


def make_staff(
    *,
    role: str,
    username: str | None = None,
    district: District | None = None,
    department: Department | None = None,
    reviewer_body: str = "",
    device: bool = True,
) -> User:
    """A staff account through the real service, with a confirmed TOTP device."""
    from sanmin.accounts.services import staff_create, staff_totp_device_create

    user = staff_create(
        username=username or f"{role}-staff",
        password=STAFF_PASSWORD,
        role=role,
        display_name=f"测试{role}",
        district=district,
        department=department,
        reviewer_body=reviewer_body,
        actor="测试",
    )
    if device:
        staff_totp_device_create(user=user, actor="测试")
    return user


def make_citizen(*, serial: int, username: str | None = None) -> User:
    """A synthetic citizen as the 爱山东 sign-in would leave one (no password)."""
    from sanmin.accounts.models import Role, User
    from sanmin.core.personal import make_id_number

    user = User(
        username=username or f"citizen-{serial}",
        role=Role.CITIZEN,
        display_name=f"测试市民{serial}",
        idp_subject=f"test-subject-{serial}",
        verification_level=3,
        synthetic=True,
    )
    user.set_id_number(make_id_number("370202", dt.date(1980, 1, 1), serial))
    user.set_phone(f"1380000{serial:04d}")
    user.set_unusable_password()
    user.save()
    return user


def make_representative(*, campaign: Campaign, citizen: User) -> Any:
    """Put a citizen on the campaign's roster (matched by the ID-number hash)."""
    from sanmin.core import crypto
    from sanmin.representatives.models import Representative

    return Representative.objects.create(
        campaign=campaign,
        id_hash=citizen.id_hash,
        name_cipher=crypto.cipher().encrypt(citizen.display_name),
        district=campaign_first_district(),
        synthetic=True,
    )


def campaign_first_district() -> District:
    from sanmin.campaigns.models import District

    return District.objects.order_by("order", "code")[0]


def staff_device(user: User) -> TOTPDevice:
    from sanmin.accounts.selectors import user_totp_device
    from sanmin.accounts.services import staff_totp_device_create

    return user_totp_device(user=user) or staff_totp_device_create(
        user=user, actor="测试"
    )


def verified_client(user: User | None, client: Client | None = None) -> Client:
    """A test client signed in as `user`, staff with a verified second factor.

    Sets the session as a completed sign-in does (auth session keys plus
    django-otp's device key), without spending a TOTP code. None gives an anonymous
    client.
    """
    from django_otp import DEVICE_ID_SESSION_KEY

    from sanmin.accounts.models import STAFF_ROLES

    client = client or Client()
    if user is None:
        return client
    client.force_login(user)
    if user.role in STAFF_ROLES:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = staff_device(user).persistent_id
        session.save()
    return client


@dataclass
class Cast:
    """The campaign and one named user per role (None for anonymous)."""

    campaign: Campaign
    users: dict[str, User | None] = field(default_factory=dict)

    @property
    def district(self) -> District:
        district = self.user("district").district
        assert district is not None
        return district

    @property
    def department(self) -> Department:
        department = self.user("department").department
        assert department is not None
        return department

    def user(self, role: str) -> User:
        user = self.users[role]
        assert user is not None, f"no user for {role}"
        return user

    def client(self, role: str) -> Client:
        return verified_client(self.users[role])


# Fixtures ------------------------------------------------------------------------------


@pytest.fixture
def campaign(db: None) -> Campaign:
    """The 2024 Qingdao campaign, loaded from the shipped plan data."""
    from sanmin.campaigns.services import campaign_load_file

    return campaign_load_file(actor="测试")


@pytest.fixture
def citizen_user(db: None) -> User:
    return make_citizen(serial=1)


@pytest.fixture
def representative_user(campaign: Campaign) -> User:
    citizen = make_citizen(serial=2, username="representative")
    make_representative(campaign=campaign, citizen=citizen)
    return citizen


@pytest.fixture
def district_user(campaign: Campaign) -> User:
    return make_staff(role="district", district=campaign_first_district())


@pytest.fixture
def other_district_user(campaign: Campaign) -> User:
    from sanmin.campaigns.models import District

    other = District.objects.order_by("order", "code")[1]
    return make_staff(role="district", username="district-staff-2", district=other)


def _first_departments(campaign: Campaign) -> list[Department]:
    participants = campaign.participants.filter(internal=False).select_related(
        "department"
    )
    return [participant.department for participant in participants[:2]]


@pytest.fixture
def department_user(campaign: Campaign) -> User:
    return make_staff(role="department", department=_first_departments(campaign)[0])


@pytest.fixture
def other_department_user(campaign: Campaign) -> User:
    return make_staff(
        role="department",
        username="department-staff-2",
        department=_first_departments(campaign)[1],
    )


@pytest.fixture
def reviewer_user(db: None) -> User:
    return make_staff(role="reviewer", reviewer_body="police")


@pytest.fixture
def statistics_user(db: None) -> User:
    return make_staff(role="statistics")


@pytest.fixture
def office_user(db: None) -> User:
    return make_staff(role="office")


@pytest.fixture
def supervisor_user(db: None) -> User:
    return make_staff(role="supervisor")


@pytest.fixture
def operator_user(db: None) -> User:
    return make_staff(role="operator")


@pytest.fixture
def cast(
    campaign: Campaign,
    citizen_user: User,
    representative_user: User,
    district_user: User,
    reviewer_user: User,
    statistics_user: User,
    office_user: User,
    department_user: User,
    supervisor_user: User,
    operator_user: User,
) -> Cast:
    """Everyone of ROLE_NAMES, ready for `cast.client(role)`."""
    return Cast(
        campaign=campaign,
        users={
            "anonymous": None,
            "citizen": citizen_user,
            "representative": representative_user,
            "district": district_user,
            "reviewer": reviewer_user,
            "statistics": statistics_user,
            "office": office_user,
            "department": department_user,
            "supervisor": supervisor_user,
            "operator": operator_user,
        },
    )


@pytest.fixture
def client_as(cast: Cast) -> Callable[[str], Client]:
    """`client_as("office")`: a new client signed in (and verified) as that role."""
    return cast.client
