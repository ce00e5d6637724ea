"""A good file stores exactly its rows, with the ID number, name and phone only as
ciphers, gender and birth date from the ID number, one batch, and one audit event
with counts only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from sanmin.audit.models import AuditEvent, Outcome
from sanmin.core import crypto
from sanmin.representatives.models import Candidate, Channel, ImportBatch, Review
from sanmin.representatives.tests.intake_helpers import (
    HEADER,
    csv_bytes,
    id_number,
    person,
    phone,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_a_good_file_stores_exactly_its_rows(cast: Any) -> None:
    rows = [person(serial) for serial in range(1, 6)]
    response = upload(cast.client("statistics"), xlsx_bytes([HEADER, *rows]))
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.rows == 5
    assert batch.channel == Channel.RANDOM
    assert batch.uploaded_by == cast.user("statistics")
    candidates = list(Candidate.objects.order_by("id"))
    assert len(candidates) == 5
    decrypt = crypto.cipher().decrypt
    for serial, candidate in enumerate(candidates, start=1):
        assert decrypt(candidate.id_cipher) == id_number(serial)
        assert decrypt(candidate.name_cipher) == f"候选人{serial}"
        assert decrypt(candidate.phone_cipher) == phone(serial)
        assert candidate.id_hash == crypto.keyed_hash(id_number(serial), purpose="id")
        assert candidate.batch == batch
        assert candidate.category.code == "d-residents"
        assert candidate.district is not None
        assert candidate.district.name == "市南区"
        assert candidate.occupation == "职员"
        assert candidate.organisation == "某某公司"
        assert candidate.police_review == candidate.petition_review == Review.PENDING
        assert candidate.created_at is not None


def test_no_plain_id_number_name_or_phone_is_in_the_database(cast: Any) -> None:
    upload(cast.client("statistics"), xlsx_bytes([HEADER, person(1)]))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Candidate._meta.db_table}")
        stored = " ".join(str(value) for value in cursor.fetchone())
    for secret in (id_number(1), id_number(1)[6:14], phone(1), "候选人1"):
        assert secret not in stored


def test_gender_and_birth_date_come_from_the_id_number(cast: Any) -> None:
    born = dt.date(1985, 6, 15)
    man = id_number(3, born=born)  # serial 3: odd 17th digit
    woman = id_number(4, born=born)
    content = xlsx_bytes([HEADER, person(3, number=man), person(4, number=woman)])
    upload(cast.client("statistics"), content)
    stored = {c.gender: c.birth_date for c in Candidate.objects.all()}
    assert stored == {"M": born, "F": born}


def test_a_csv_file_is_accepted(cast: Any) -> None:
    content = csv_bytes([HEADER, person(1), person(2)])
    response = upload(cast.client("statistics"), content, "pool.csv", "text/csv")
    assert response.status_code == 302
    assert Candidate.objects.count() == 2


def test_the_import_is_audited_with_counts_only(cast: Any) -> None:
    rows = [person(1), person(2), person(3, category="个体经营者代表")]
    upload(cast.client("statistics"), xlsx_bytes([HEADER, *rows]))
    event = AuditEvent.objects.get(action="candidates.import")
    assert event.outcome == Outcome.SUCCESS
    assert event.object_id == str(ImportBatch.objects.get().pk)
    assert event.detail["rows"] == 3
    assert event.detail["categories"] == {"d-residents": 2, "d-self-employed": 1}
    text = str(event.detail)
    for serial in (1, 2, 3):
        assert id_number(serial) not in text
        assert phone(serial) not in text
        assert f"候选人{serial}" not in text


def test_the_statistics_page_shows_the_counts_after_an_import(cast: Any) -> None:
    from django.urls import reverse

    client = cast.client("statistics")
    response = upload(client, xlsx_bytes([HEADER, person(1), person(2)]))
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "已导入 2 名候选人" in text
    assert reverse("representatives:intake") == response["Location"]
    assert "candidates.xlsx" in text
