from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sanmin.audit.models import AuditEvent
from sanmin.core.personal import make_id_number
from sanmin.identity.models import SimulatedPerson
from sanmin.identity.services import simulated_person_create
from sanmin.identity.tests.conftest import WANG_ID

pytestmark = pytest.mark.django_db


def test_it_creates_a_synthetic_person_and_audits_it() -> None:
    person = simulated_person_create(
        name="张演示", id_number=WANG_ID.lower(), phone="13900002222"
    )
    assert person.synthetic
    assert person.verification_level == 3
    assert person.phone_masked == "139****2222"
    event = AuditEvent.objects.get(action="identity.simulated_person.create")
    assert event.object_id == str(person.pk)


def test_it_updates_the_same_person_when_seeded_again() -> None:
    first = simulated_person_create(name="张演示", id_number=WANG_ID, phone="")
    again = simulated_person_create(
        name="张演示二", id_number=WANG_ID, phone="13900002222", verification_level=4
    )
    assert again.pk == first.pk
    assert again.subject == first.subject
    assert SimulatedPerson.objects.get().verification_level == 4
    assert AuditEvent.objects.filter(action="identity.simulated_person.update").exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"id_number": "370202198005171230"}, "id_number", "校验位"),
        ({"id_number": "123"}, "id_number", "18位"),
        ({"phone": "12345"}, "phone", "手机号码"),
        ({"name": " "}, "name", "姓名"),
        ({"verification_level": 7}, "verification_level", "1 至 4"),
    ],
)
def test_it_refuses_bad_input_in_chinese(fields, field, message) -> None:  # type: ignore[no-untyped-def]
    values = {
        "name": "张演示",
        "id_number": make_id_number("370212", dt.date(1970, 1, 1), 7),
        "phone": "",
    } | fields
    with pytest.raises(ValidationError) as caught:
        simulated_person_create(**values)
    assert message in " ".join(caught.value.message_dict[field])
    assert not SimulatedPerson.objects.exists()
