"""One row read or inserted with a kept statement: the same as the ORM's."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from sanmin.accounts.models import SignedInSession as Session
from sanmin.audit.models import AuditEvent
from sanmin.core.rows import row_get, row_insert, rows_insert
from sanmin.surveys.models import Questionnaire
from sanmin.surveys.tests.survey_helpers import make_questionnaire

pytestmark = pytest.mark.django_db


def _fields(instance):
    return {
        f.attname: getattr(instance, f.attname)
        for f in type(instance)._meta.concrete_fields
    }


def test_it_reads_what_the_orm_reads(campaign):
    made = make_questionnaire(campaign)

    read = row_get(Questionnaire, made.pk)

    assert isinstance(read, Questionnaire) and not read._state.adding
    assert _fields(read) == _fields(Questionnaire.objects.get(pk=made.pk))
    assert row_get(Questionnaire, made.pk + 1000) is None
    assert row_get(Session, "no-such-session") is None


def test_it_inserts_what_the_orm_would_and_sets_the_key():
    at = timezone.now().replace(microsecond=123456)
    event = AuditEvent(
        at=at,
        action="test.row",
        outcome="success",
        detail={"名称": "测试", "n": [1, 2]},
        ip="127.0.0.1",
        lane=3,
        prev_hash="0" * 64,
        hash=uuid.uuid4().hex * 2,
    )

    row_insert(event)

    assert event.pk is not None and not event._state.adding
    stored = AuditEvent.objects.get(pk=event.pk)
    assert _fields(stored) == _fields(event)
    assert stored.at == at and stored.detail == {"名称": "测试", "n": [1, 2]}
    later = AuditEvent(
        at=at + dt.timedelta(seconds=1),
        action="test.row",
        outcome="success",
        prev_hash=event.hash,
        hash=uuid.uuid4().hex * 2,
    )
    row_insert(later)
    read = row_get(AuditEvent, later.pk)
    assert later.pk != event.pk and read is not None and read.detail == {}


def test_it_inserts_many_rows_in_one_statement_as_bulk_create_would(campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sanmin.surveys.models import PendingTally

    questionnaire = make_questionnaire(campaign)
    rows = [
        PendingTally(questionnaire=questionnaire, district_id_key=n, keys={"键": [n]})
        for n in range(3)
    ]

    with CaptureQueriesContext(connection) as queries:
        rows_insert(rows)

    assert len(queries.captured_queries) == 1
    assert all(not row._state.adding for row in rows)
    stored = {row.pk: row for row in PendingTally.objects.all()}
    assert {pk: _fields(row) for pk, row in stored.items()} == {
        row.pk: _fields(row) for row in rows
    }
    with pytest.raises(ValueError, match="keys of their own"):
        rows_insert([AuditEvent(action="test.row")])


def test_one_row_with_and_without_its_key_back_are_two_statements(campaign):
    from sanmin.surveys.models import PendingTally

    questionnaire = make_questionnaire(campaign)
    alone = PendingTally(questionnaire=questionnaire, keys={})
    rows_insert([alone])
    returned = PendingTally(questionnaire=questionnaire, keys={"n": 1})
    row_insert(returned)
    rows_insert([PendingTally(questionnaire=questionnaire, keys={"n": 2})])

    assert PendingTally.objects.count() == 3
    assert PendingTally.objects.get(pk=returned.pk).keys == {"n": 1}
