from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from sanmin.audit.models import GENESIS_HASH, AuditEvent
from sanmin.audit.selectors import audit_chain_verify
from sanmin.audit.services import audit_record
from sanmin.audit.tests.tamper import without_triggers

pytestmark = pytest.mark.django_db


def _three_events() -> list[AuditEvent]:
    return [audit_record(actor="测试", action=f"test.step{i}") for i in range(3)]


def test_it_chains_each_event_to_the_previous_one() -> None:
    first, second, third = _three_events()
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert audit_chain_verify().ok


def test_it_refuses_update_in_the_database() -> None:
    event = audit_record(actor="测试", action="test.step")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")


def test_it_refuses_delete_in_the_database() -> None:
    event = audit_record(actor="测试", action="test.step")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_verify_names_the_first_edited_row() -> None:
    _first, second, _third = _three_events()
    without_triggers(
        "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", second.pk]
    )
    report = audit_chain_verify()
    assert report.broken_id == second.pk
    with pytest.raises(CommandError, match=str(second.pk)):
        call_command("audit", "verify")


def test_verify_names_the_row_after_a_deleted_one() -> None:
    _first, second, third = _three_events()
    without_triggers("DELETE FROM audit_auditevent WHERE id = %s", [second.pk])
    assert audit_chain_verify().broken_id == third.pk
