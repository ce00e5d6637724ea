"""Demo data for `make run`: one account per role (one district account per
district), synthetic people for the 爱山东 simulator, a small roster and published
disclosures, a reviewed candidate pool for 代表遴选 (demo_selection.py), 云征集
cases in every state of the closed loop (suggestions/demo.py), and the 2024
questionnaires of 社情民意调查, open (surveys/demo.py).
Everything made here is marked synthetic (演示数据); none of it is a real person.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass

from django.db import transaction

from sanmin.accounts.models import ReviewerBody, Role, User
from sanmin.accounts.services import staff_create, staff_totp_device_create
from sanmin.campaigns.models import Campaign, Department, District, QuotaCategory
from sanmin.campaigns.services import (
    campaign_load_file,
    campaign_set_status,
    venue_add,
)
from sanmin.core import demo_names
from sanmin.core.demo_selection import DISTRICT_USERNAMES, selection_demo_seed
from sanmin.core.personal import make_id_number
from sanmin.identity.services import simulated_person_create
from sanmin.reporting.demo import reporting_demo_seed
from sanmin.representatives.models import Representative
from sanmin.representatives.services import representative_enrol
from sanmin.suggestions.demo import suggestions_demo_seed
from sanmin.surveys.demo import surveys_demo_seed

DEMO_ACTOR = "演示数据"
# The demo's people keep the names they always had: the first name parts only.
SURNAMES = demo_names.SURNAMES[:20]
GIVEN = demo_names.GIVEN[:12]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str
    password: str
    totp_secret: str


@dataclass(frozen=True)
class DemoPerson:
    name: str
    id_number: str
    representative: bool


def _staff_specs() -> list[tuple[str, str, str, dict[str, object]]]:
    fgw = Department.objects.get(name="市发展改革委")
    # One account per district (each takes in its own recommended candidates).
    districts: list[tuple[str, str, str, dict[str, object]]] = [
        (DISTRICT_USERNAMES[d.code], Role.DISTRICT, d.name, {"district": d})
        for d in District.objects.order_by("order", "code")
        if d.code in DISTRICT_USERNAMES
    ]
    return [
        ("office", Role.OFFICE, "市政府办公厅", {}),
        ("statistics", Role.STATISTICS, "市统计局", {}),
        *districts,
        (
            "reviewer-police",
            Role.REVIEWER,
            "市公安局",
            {"reviewer_body": ReviewerBody.POLICE},
        ),
        (
            "reviewer-petition",
            Role.REVIEWER,
            "市信访局",
            {"reviewer_body": ReviewerBody.PETITION},
        ),
        ("dept-fgw", Role.DEPARTMENT, "市发展改革委", {"department": fgw}),
        ("supervisor", Role.SUPERVISOR, "市委市直机关工委", {}),
        ("operator", Role.OPERATOR, "市大数据局", {}),
    ]


def demo_staff_create() -> list[DemoLogin]:
    """One account per staff role. The password is random unless SANMIN_DEMO_PASSWORD."""
    fixed = os.environ.get("SANMIN_DEMO_PASSWORD", "")
    logins = []
    for username, role, scope, extra in _staff_specs():
        password = fixed or secrets.token_urlsafe(12)
        user = staff_create(
            username=username,
            password=password,
            role=role,
            display_name=f"{scope}（演示账号）",
            actor=DEMO_ACTOR,
            **extra,  # type: ignore[arg-type]
        )
        device = staff_totp_device_create(user=user)
        logins.append(
            DemoLogin(
                username,
                Role(role).label,
                scope,
                password,
                device_secret_base32(device),
            )
        )
    return logins


def device_secret_base32(device: object) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")  # type: ignore[attr-defined]


def demo_people_create(campaign: Campaign) -> list[DemoPerson]:
    """Synthetic people in the 爱山东 simulator: 4 representatives per district, 3
    internal raters and 5 citizens who are not on any roster."""
    people: list[DemoPerson] = []
    categories = list(QuotaCategory.objects.filter(campaign=campaign, level="district"))
    serial = 0
    for index, district in enumerate(District.objects.all()):
        for slot in range(4):
            serial += 1
            person = _person(serial, district.code)
            representative_enrol(
                campaign=campaign,
                id_number=person.id_number,
                name=person.name,
                phone=_phone(serial),
                district=district,
                category=categories[(index + slot) % len(categories)],
                synthetic=True,
                actor=DEMO_ACTOR,
            )
            people.append(DemoPerson(person.name, person.id_number, True))
    for _ in range(3):
        serial += 1
        person = _person(serial, "370202")
        representative_enrol(
            campaign=campaign,
            id_number=person.id_number,
            name=person.name,
            phone=_phone(serial),
            district=None,
            category=None,
            roster=Representative.Roster.INTERNAL,
            synthetic=True,
            actor=DEMO_ACTOR,
        )
        people.append(DemoPerson(person.name, person.id_number, True))
    for _ in range(5):
        serial += 1
        person = _person(serial, "370203")
        people.append(DemoPerson(person.name, person.id_number, False))
    for number, person in enumerate(people, start=1):
        simulated_person_create(
            name=person.name, id_number=person.id_number, phone=_phone(number)
        )
    return people


def _person(serial: int, region: str) -> DemoPerson:
    name = SURNAMES[serial % len(SURNAMES)] + GIVEN[serial % len(GIVEN)]
    birth = dt.date(1960 + serial % 40, 1 + serial % 12, 1 + serial % 28)
    return DemoPerson(f"{name}（演示）", make_id_number(region, birth, serial), False)


def _phone(serial: int) -> str:
    return f"1700000{serial:04d}"


@transaction.atomic
def demo_seed() -> tuple[list[DemoLogin], list[DemoPerson]] | None:
    """Load the 2024 campaign and the demo data, once. None when already seeded."""
    if User.objects.filter(username="office").exists():
        return None
    campaign = Campaign.objects.filter(slug="qingdao-2024").first()
    if campaign is None:
        campaign = campaign_load_file(actor=DEMO_ACTOR)
    campaign_set_status(
        campaign=campaign, status=Campaign.Status.ACTIVE, actor=DEMO_ACTOR
    )
    for district in District.objects.all():
        venue_add(
            campaign=campaign,
            district=district,
            name=f"{district.name}社区会场（演示）",
            address=f"{district.name}演示街道1号（演示数据）",
            capacity=120,
            actor=DEMO_ACTOR,
        )
    logins = demo_staff_create()
    people = demo_people_create(campaign)
    reporting_demo_seed(
        campaign=campaign, office_user=User.objects.get(username="office")
    )
    suggestions_demo_seed(
        campaign=campaign,
        citizens=[
            (person.name, person.id_number, _phone(number))
            for number, person in enumerate(people, start=1)
            if not person.representative
        ],
    )
    surveys_demo_seed(campaign=campaign)
    selection = selection_demo_seed(campaign=campaign)
    people += [
        DemoPerson(name, id_number, False)
        for name, id_number, _, _ in selection.simulator_volunteers
    ]
    return logins, people
