"""Reading identity data: who is signed in, and the simulator's synthetic people."""

from __future__ import annotations

import dataclasses

from django.db.models import QuerySet

from sanmin.accounts.models import User
from sanmin.core import crypto
from sanmin.core.personal import normalise_id
from sanmin.identity.models import SimulatedPerson
from sanmin.representatives.selectors import user_is_representative


@dataclasses.dataclass(frozen=True)
class CitizenProfile:
    """What a signed-in citizen may see about themselves (masked personal data)."""

    name: str
    id_masked: str
    phone_masked: str
    verification_level: int
    synthetic: bool
    is_representative: bool


def citizen_profile(*, user: User) -> CitizenProfile:
    """The citizen's own profile; a representative is found by keyed ID hash."""
    return CitizenProfile(
        name=user.display_name or user.get_username(),
        id_masked=user.id_masked,
        phone_masked=user.phone_masked,
        verification_level=user.verification_level,
        synthetic=user.synthetic,
        is_representative=user_is_representative(user),
    )


def simulated_people_list(*, limit: int = 100) -> QuerySet[SimulatedPerson]:
    return SimulatedPerson.objects.order_by("name", "id")[:limit]


def simulated_person_get(*, pk: int) -> SimulatedPerson | None:
    return SimulatedPerson.objects.filter(pk=pk).first()


def simulated_person_by_id_number(*, id_number: str) -> SimulatedPerson | None:
    id_hash = crypto.keyed_hash(normalise_id(id_number), purpose="id")
    return SimulatedPerson.objects.filter(id_hash=id_hash).first()
