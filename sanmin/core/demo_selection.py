"""Demo data of 代表遴选 (issue 4): a reviewed candidate pool ready for the draw, made
through the real services.

For the demo campaign of year Y:

- earlier years' rosters (Y−3, Y−2, Y−1: every cell's seats) are imported by the
  statistics bureau (`service_years_import`), so that rotation shows in the draw:
  about one candidate in five of every cell served last year, two cells have
  mostly last year's representatives (the returner cap all but surely binds there),
  and one cell in three has someone who served all three years and is excluded;
- candidates by the three channels: the statistics bureau's random-sample pool,
  the office's municipal recommendations and each district's own list
  (`candidates_import`, one file each), and volunteers who signed up themselves
  (`candidate_sign_up`), three of whom are people of the 爱山东 simulator;
- 资格审查 by the demo reviewers of both bodies (`candidates_review`): nearly all
  passed, four rejected with a reason, and a few still pending in two cells, which
  the draw's overview lists as what blocks the commitment.

Every cell then has more eligible candidates than seats + alternates: a twentieth
more, at least one (about 200 spare over the 2024 table, beside the excluded and
the capped returners). All of it is synthetic: names end in （演示）, phones start
with 170, ID numbers come from `make_id_number` with sequence codes 100–999 (the
demo people of demo.py use 1–48, the browser journeys 50–99).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from sanmin.accounts.models import Role, User
from sanmin.campaigns.models import Campaign, District, QuotaCategory
from sanmin.core import crypto
from sanmin.core.demo_names import GIVEN, SURNAMES
from sanmin.core.personal import make_id_number
from sanmin.identity.models import SimulatedPerson
from sanmin.identity.services import simulated_person_create
from sanmin.representatives.cells import Cell, campaign_cells
from sanmin.representatives.draw.alternates import allocate_alternates, returner_cap
from sanmin.representatives.draw.model import CellSpec
from sanmin.representatives.models import Candidate, Review
from sanmin.representatives.selectors.intake import (
    intake_scope_for,
    volunteer_category,
)
from sanmin.representatives.services.intake import (
    SignUp,
    candidate_sign_up,
    candidates_import,
)
from sanmin.representatives.services.reviews import MAX_PER_ACT, candidates_review
from sanmin.representatives.services.years import service_years_import

# The demo's district staff, by district code (the pinyin of the district's name).
DISTRICT_USERNAMES = {
    "370202": "district-shinan",
    "370203": "district-shibei",
    "370211": "district-licang",
    "370212": "district-laoshan",
    "370210": "district-huangdao",
    "370214": "district-chengyang",
    "370215": "district-jimo",
    "370281": "district-jiaozhou",
    "370283": "district-pingdu",
    "370285": "district-laixi",
}
OCCUPATIONS = (
    "社区工作者",
    "教师",
    "医生",
    "企业职工",
    "退休职工",
    "个体经营者",
    "快递员",
    "农民",
    "工程师",
    "自由职业者",
)
POLICE_REASON = "经核查不符合市民代表条件（演示数据）"
PETITION_REASON = "经核查存在不宜担任市民代表的情形（演示数据）"
# A cell's eligible candidates: its seats and alternates, and one in SPARE more
# (at least one); one in RETURNER_SHARE of them served last year.
SPARE = 20
RETURNER_SHARE = 5
# One in CONTINUING of a year's representatives who are not candidates now served
# the year before as well.
CONTINUING = 3
# People of the 爱山东 simulator who signed up, and where their review stands.
PENDING, PETITION_PENDING, PASSED = "待审查", "公安已通过、信访待审查", "审查通过"
SIMULATOR_VOLUNTEERS = (
    ("吴晓燕（演示）", PENDING),
    ("郑文博（演示）", PETITION_PENDING),
    ("冯淑珍（演示）", PASSED),
)
CANDIDATE_HEADER = [
    "姓名",
    "身份证号",
    "手机号",
    "代表类别",
    "区（市）",
    "职业",
    "工作单位/推荐单位",
]
YEARS_HEADER = ["身份证号", "年度", "代表类别", "区（市）"]


@dataclass
class Person:
    """A synthetic person: a candidate, or someone who served in an earlier year."""

    serial: int
    name: str
    id_number: str
    phone: str
    category: QuotaCategory
    district: District | None
    served: set[int] = field(default_factory=set)


@dataclass
class SelectionDemo:
    """What the selection demo made: for the demo's printout and its test."""

    campaign: Campaign
    candidates: int
    volunteers: int
    service_years: int
    pending_cells: list[str]
    cap_cells: list[str]
    # (name, ID number, phone, review status) of the simulator volunteers.
    simulator_volunteers: list[tuple[str, str, str, str]]


class _People:
    """Synthetic people with unique ID numbers: the sequence code is 100 + serial
    mod 900 and the birth date walks 60 years of days by a step prime to their
    number, so no two serials below 65,700 share both."""

    def __init__(self) -> None:
        self.serial = 0

    def make(self, category: QuotaCategory, district: District | None) -> Person:
        serial = self.serial
        self.serial += 1
        birth = dt.date(1946, 1, 1) + dt.timedelta(days=(serial * 1997) % 21900)
        region = district.code if district else "370202"
        name = SURNAMES[serial % len(SURNAMES)] + GIVEN[serial * 7 % len(GIVEN)]
        return Person(
            serial=serial,
            name=f"{name}（演示）",
            id_number=make_id_number(region, birth, 100 + serial % 900),
            phone=f"170{10_000_000 + serial:08d}",
            category=category,
            district=district,
        )

    def many(
        self, count: int, category: QuotaCategory, district: District | None
    ) -> list[Person]:
        return [self.make(category, district) for _ in range(count)]


@dataclass
class _Pool:
    """The demo's people before they are stored."""

    # Who takes them in: "statistics", "office", a district username, "volunteer".
    by_uploader: dict[str, list[Person]] = field(default_factory=dict)
    rosters: dict[int, list[Person]] = field(default_factory=dict)
    pending: list[Person] = field(default_factory=list)  # with both bodies
    petition_pending: list[Person] = field(default_factory=list)
    police_rejects: list[Person] = field(default_factory=list)
    petition_rejects: list[Person] = field(default_factory=list)
    pending_cells: list[str] = field(default_factory=list)
    cap_cells: list[str] = field(default_factory=list)


def _uploader(category: QuotaCategory, district: District | None) -> str:
    if category.method == QuotaCategory.Method.VOLUNTEER:
        return "volunteer"
    if category.method == QuotaCategory.Method.RANDOM:
        return "statistics"
    if category.level == QuotaCategory.Level.CITY or district is None:
        return "office"
    return DISTRICT_USERNAMES[district.code]


def _label(category: QuotaCategory, district: District | None) -> str:
    return f"{category.name}（{district.name}）" if district else category.name


def _pool(campaign: Campaign, people: _People) -> _Pool:
    """Every cell's candidates and the earlier years' rosters (see the module's
    docstring). The two cells of `_capped_cells` get three times their seats in
    returners and one new candidate more than the cap leaves to fill."""
    cells = campaign_cells(campaign)
    specs = [CellSpec(c.key, c.category_code, c.district_code, c.seats) for c in cells]
    alternates = allocate_alternates(specs, str(campaign.alternate_rate))
    categories = {q.code: q for q in campaign.quotas.all()}
    districts = list(District.objects.order_by("order", "code"))
    by_code = {d.code: d for d in districts}
    pool = _Pool(rosters={campaign.year - k: [] for k in (1, 2, 3)})
    capped = _capped_cells(cells, categories, districts)
    specials_done: set[str] = set()
    for index, cell in enumerate(cells):
        if not cell.seats:
            continue
        category = categories[cell.category_code]
        district = by_code.get(cell.district_code)
        needed = cell.seats + alternates[cell.key]
        cap = returner_cap(cell.seats, str(campaign.rotation_min_new))
        position = districts.index(district) if district else -1
        if cell.key in capped:
            new, returners = needed - cap + 1, 3 * cell.seats
            pool.cap_cells.append(_label(category, district))
        else:
            total = needed + max(1, needed // SPARE)
            returners = min(total // RETURNER_SHARE, cap)
            new = total - returners
        excluded = 1 if index % 3 == 0 else 0
        candidates = people.many(new + returners + excluded, category, district)
        year = campaign.year
        for number, person in enumerate(candidates[:returners]):
            person.served = {year - 1, year - 2} if number % 2 else {year - 1}
        for person in candidates[returners : returners + excluded]:
            person.served = {year - 1, year - 2, year - 3}
        if category.method == QuotaCategory.Method.VOLUNTEER:
            # Volunteers live all over the city: one district after another.
            for number, person in enumerate(candidates):
                person.district = districts[number % len(districts)]
        elif category.method == QuotaCategory.Method.RANDOM and district:
            candidates += _special(
                pool, people, category, district, position, specials_done
            )
        pool.by_uploader.setdefault(_uploader(category, district), []).extend(
            candidates
        )
        _history(pool, people, category, district, cell, candidates, year)
    return pool


def _capped_cells(
    cells: list[Cell],
    categories: dict[str, QuotaCategory],
    districts: list[District],
) -> set[str]:
    """The smallest recommended cell of ten seats or more in the fourth and in the
    seventh district: there most candidates served last year."""
    chosen = set()
    for position in (3, 6):
        if position >= len(districts):
            continue
        fitting = [
            cell
            for cell in cells
            if cell.district_code == districts[position].code
            and cell.seats >= 10
            and categories[cell.category_code].method
            == QuotaCategory.Method.RECOMMENDED
        ]
        if fitting:
            chosen.add(min(fitting, key=lambda cell: cell.seats).key)
    return chosen


def _special(
    pool: _Pool,
    people: _People,
    category: QuotaCategory,
    district: District,
    position: int,
    done: set[str],
) -> list[Person]:
    """The first random-sample cell of the first district gets three candidates
    pending with both bodies and two pending with the petition bureau; that of the
    second district two the police reject, of the third two the petition bureau
    rejects."""
    extra: list[Person] = []
    if position == 0 and "pending" not in done:
        done.add("pending")
        pool.pending = people.many(3, category, district)
        pool.petition_pending = people.many(2, category, district)
        extra = pool.pending + pool.petition_pending
        pool.pending_cells.append(_label(category, district))
    elif position == 1 and "police" not in done:
        done.add("police")
        pool.police_rejects = extra = people.many(2, category, district)
    elif position == 2 and "petition" not in done:
        done.add("petition")
        pool.petition_rejects = extra = people.many(2, category, district)
    return extra


def _history(
    pool: _Pool,
    people: _People,
    category: QuotaCategory,
    district: District | None,
    cell: Cell,
    candidates: list[Person],
    year: int,
) -> None:
    """The cell's rosters of the three earlier years: the candidates who served
    then, those who served before but are not candidates now (one in CONTINUING of
    them served the year before too), and new people up to the cell's seats."""
    before: list[Person] = []  # the later year's non-candidates
    for back in (1, 2, 3):
        served = [p for p in candidates if year - back in p.served]
        continuing = before[::CONTINUING]
        fresh = people.many(
            max(0, cell.seats - len(served) - len(continuing)), category, district
        )
        before = continuing + fresh
        pool.rosters[year - back] += served + before


def _csv(header: list[str], rows: list[list[Any]]) -> io.BytesIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8-sig"))


def _candidate_row(person: Person) -> list[Any]:
    where = person.district.name if person.district else "青岛市"
    return [
        person.name,
        person.id_number,
        person.phone,
        person.category.name,
        person.district.name if person.district else "",
        OCCUPATIONS[person.serial % len(OCCUPATIONS)],
        f"{where}{person.category.name}推荐单位（演示）",
    ]


def _refused(what: str, errors: list[Any]) -> RuntimeError:
    return RuntimeError(f"{what}: " + "; ".join(str(e) for e in errors[:5]))


def _import(*, campaign: Campaign, user: User, people: list[Person]) -> None:
    scope = intake_scope_for(user)
    if scope is None:
        raise RuntimeError(f"{user.username} imports no candidates")
    filename = f"{scope.label}名单（演示）.csv"
    result = candidates_import(
        campaign=campaign,
        scope=scope,
        upload=_csv(CANDIDATE_HEADER, [_candidate_row(p) for p in people]),
        filename=filename,
        actor=user,
    )
    if not result.ok or result.batch is None:
        raise _refused(f"demo import {filename}", result.errors)
    # A real import is never synthetic: the demo marks its own rows.
    Candidate.objects.filter(batch=result.batch).update(synthetic=True)


def _years_import(*, campaign: Campaign, statistics: User, pool: _Pool) -> int:
    stored = 0
    for year, people in sorted(pool.rosters.items()):
        rows = [
            [p.id_number, year, p.category.code, p.district.name if p.district else ""]
            for p in people
        ]
        result = service_years_import(
            upload=_csv(YEARS_HEADER, rows),
            filename=f"{year}年市民代表名单（演示）.csv",
            before_year=campaign.year,
            actor=statistics,
        )
        if not result.ok:
            raise _refused(f"demo service years {year}", result.errors)
        stored += len(result.rows)
    return stored


def _citizen(person: Person, *, subject: str) -> User:
    """A citizen account as the 爱山东 sign-in leaves one (no password)."""
    user = User(
        username=f"demo-citizen-{person.serial}",
        role=Role.CITIZEN,
        display_name=person.name,
        idp_subject=subject,
        verification_level=3,
        synthetic=True,
    )
    user.set_id_number(person.id_number)
    user.set_phone(person.phone)
    user.set_unusable_password()
    user.save()
    return user


def _sign_up(campaign: Campaign, person: Person, citizen: User) -> Candidate:
    assert person.district is not None
    local = person.serial % 4 != 0
    return candidate_sign_up(
        campaign=campaign,
        citizen=citizen,
        data=SignUp(
            district=person.district,
            local_hukou=local,
            residence_years=None if local else 2 + person.serial % 9,
            occupation=OCCUPATIONS[person.serial % len(OCCUPATIONS)],
            organisation="",
            phone=person.phone,
            consented=True,
        ),
    )


def _volunteers(
    *, campaign: Campaign, people: _People, pool: _Pool
) -> list[tuple[Person, str]]:
    """Sign up every volunteer of the pool, then the simulator's three; returns
    the simulator's, each with the review status it is to have."""
    signed_up = [
        _sign_up(campaign, person, _citizen(person, subject=f"demo-{person.serial}"))
        for person in pool.by_uploader.get("volunteer", [])
    ]
    category = volunteer_category(campaign=campaign)
    districts = list(District.objects.order_by("order", "code"))
    simulator = []
    if category is not None:
        for number, (name, status) in enumerate(SIMULATOR_VOLUNTEERS):
            person = people.make(category, districts[number % len(districts)])
            person.name = name
            simulated = simulated_person_create(
                name=name, id_number=person.id_number, phone=person.phone
            )
            citizen = _citizen(person, subject=simulated.subject)
            signed_up.append(_sign_up(campaign, person, citizen))
            simulator.append((person, status))
    # A real sign-up is never synthetic: the demo marks its own.
    Candidate.objects.filter(pk__in=[c.pk for c in signed_up]).update(synthetic=True)
    return simulator


def _ids(campaign: Campaign, people: list[Person]) -> set[int]:
    hashes = [crypto.keyed_hash(p.id_number, purpose="id") for p in people]
    return set(
        Candidate.objects.filter(campaign=campaign, id_hash__in=hashes).values_list(
            "pk", flat=True
        )
    )


def _review(
    *, campaign: Campaign, reviewer: User, ids: set[int], decision: str, reason: str
) -> None:
    ordered = sorted(ids)
    for start in range(0, len(ordered), MAX_PER_ACT):
        candidates_review(
            campaign=campaign,
            candidate_ids=ordered[start : start + MAX_PER_ACT],
            reviewer=reviewer,
            decision=decision,
            reason=reason,
        )


def _reviews(
    *,
    campaign: Campaign,
    users: dict[str, User],
    pool: _Pool,
    simulator: list[tuple[Person, str]],
) -> None:
    """Both bodies pass everyone but the pending and the rejected."""
    everyone = set(
        Candidate.objects.filter(campaign=campaign).values_list("pk", flat=True)
    )
    pending = _ids(campaign, pool.pending + [p for p, s in simulator if s == PENDING])
    petition_pending = _ids(
        campaign,
        pool.petition_pending + [p for p, s in simulator if s == PETITION_PENDING],
    )
    police_rejects = _ids(campaign, pool.police_rejects)
    petition_rejects = _ids(campaign, pool.petition_rejects)
    police, petition = users["reviewer-police"], users["reviewer-petition"]
    _review(
        campaign=campaign,
        reviewer=police,
        ids=everyone - pending - police_rejects,
        decision=Review.PASSED,
        reason="",
    )
    _review(
        campaign=campaign,
        reviewer=police,
        ids=police_rejects,
        decision=Review.REJECTED,
        reason=POLICE_REASON,
    )
    _review(
        campaign=campaign,
        reviewer=petition,
        ids=everyone - pending - petition_pending - petition_rejects,
        decision=Review.PASSED,
        reason="",
    )
    _review(
        campaign=campaign,
        reviewer=petition,
        ids=petition_rejects,
        decision=Review.REJECTED,
        reason=PETITION_REASON,
    )


def selection_demo_seed(*, campaign: Campaign) -> SelectionDemo:
    """Give `campaign` a reviewed candidate pool and its earlier years' rosters.

    The demo's staff accounts must exist (demo.py: statistics, office, both
    reviewers, and one district account per district, see DISTRICT_USERNAMES).
    Run inside demo_seed's transaction.
    """
    usernames = [
        "statistics",
        "office",
        "reviewer-police",
        "reviewer-petition",
        *DISTRICT_USERNAMES.values(),
    ]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    people = _People()
    pool = _pool(campaign, people)
    service_years = _years_import(
        campaign=campaign, statistics=users["statistics"], pool=pool
    )
    for uploader, persons in pool.by_uploader.items():
        if uploader != "volunteer":
            _import(campaign=campaign, user=users[uploader], people=persons)
    simulator = _volunteers(campaign=campaign, people=people, pool=pool)
    _reviews(campaign=campaign, users=users, pool=pool, simulator=simulator)
    return SelectionDemo(
        campaign=campaign,
        candidates=Candidate.objects.filter(campaign=campaign).count(),
        volunteers=Candidate.objects.filter(
            campaign=campaign, channel=QuotaCategory.Method.VOLUNTEER
        ).count(),
        service_years=service_years,
        pending_cells=pool.pending_cells
        + ([_label(simulator[0][0].category, None)] if simulator else []),
        cap_cells=pool.cap_cells,
        simulator_volunteers=[
            (p.name, p.id_number, p.phone, status) for p, status in simulator
        ],
    )


def selection_demo_lines() -> list[str]:
    """What `sanmin demo seed` prints about 代表遴选, read back from the database
    (empty when there is no demo pool)."""
    campaign = (
        Campaign.objects.filter(candidates__synthetic=True)
        .distinct()
        .order_by("-year")
        .first()
    )
    if campaign is None:
        return []
    candidates = Candidate.objects.filter(campaign=campaign, synthetic=True)
    waiting = candidates.filter(
        Q(police_review=Review.PENDING) | Q(petition_review=Review.PENDING)
    ).select_related("category", "district")
    cells = sorted(
        {
            _label(
                c.category,
                c.district
                if c.category.level == QuotaCategory.Level.DISTRICT
                else None,
            )
            for c in waiting
        }
    )
    signed_up = set(
        candidates.filter(channel=QuotaCategory.Method.VOLUNTEER).values_list(
            "id_hash", flat=True
        )
    )
    simulator = [
        person.name
        for person in SimulatedPerson.objects.order_by("name")
        if person.id_hash in signed_up
    ]
    return [
        f"代表遴选（{campaign.title}）：候选人 {candidates.count()} 名，"
        f"其中 {waiting.count()} 名尚待资格审查（{'、'.join(cells)}），"
        "审查完成前不能公布承诺值。",
        "    资格审查 reviewer-police、reviewer-petition；代表抽取 statistics；"
        "各区（市）名单与替补 district-shinan 等各区账号。",
        f"    已自愿报名、可在模拟登录页选择的市民：{'、'.join(simulator)}。",
    ]
