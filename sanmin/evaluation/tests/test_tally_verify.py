"""`sanmin tally verify` recomputes everything from the stored ballots; `compute`."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sanmin.campaigns.models import RatingChoice
from sanmin.evaluation.models import Ballot, BallotItem, ResultSet, TallyRule
from sanmin.evaluation.selectors.snapshots import snapshot_digest
from sanmin.evaluation.selectors.verify import tally_verify
from sanmin.evaluation.services.results import (
    result_approve,
    result_compute,
    result_publish,
)
from sanmin.evaluation.tests.tally_helpers import all_closed, cast_three

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(
    campaign: Any,
    public_session: Any,
    during: dt.datetime,
    statistics_user: Any,
    office_user: Any,
) -> ResultSet:
    cast_three(campaign, public_session, during)
    result = result_compute(
        campaign=campaign,
        roster="public",
        actor=statistics_user,
        now=all_closed(campaign),
    )
    result = result_approve(result=result, actor=statistics_user)
    return result_publish(result=result, actor=office_user)


def _verify(campaign: Any) -> str:
    out = io.StringIO()
    call_command("tally", "verify", "--campaign", campaign.slug, stdout=out)
    return out.getvalue()


def _without_triggers(table: str, sql: str, params: list[Any]) -> None:
    """Tamper as an attacker with database access would: triggers out of the way."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of this test's inserts must fire first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        else:
            cursor.execute(f"DROP TRIGGER {table}_no_update")
            cursor.execute(f"DROP TRIGGER {table}_no_delete")
            cursor.execute(sql, params)


def test_verify_passes_on_untouched_data(campaign: Any, published: ResultSet) -> None:
    output = _verify(campaign)
    assert "核对无误" in output
    assert "评议票 3 张" in output


def test_verify_catches_a_ballot_item_altered_in_the_database(
    campaign: Any, published: ResultSet
) -> None:
    item = BallotItem.objects.get(
        participant__department__name="市科技局", choice__code="dissatisfied"
    )
    satisfied = RatingChoice.objects.get(campaign=campaign, code="satisfied")
    _without_triggers(
        "evaluation_ballotitem",
        "UPDATE evaluation_ballotitem SET choice_id = %s WHERE id = %s",
        [satisfied.pk, item.pk.hex if connection.vendor == "sqlite" else item.pk],
    )
    assert BallotItem.objects.get(pk=item.pk).choice_id == satisfied.pk

    with pytest.raises(CommandError) as raised:
        _verify(campaign)
    message = str(raised.value)
    assert f"评议票 {item.ballot_id} 的回执码与其内容不符" in message
    # …and the figures no longer follow from the ballots: 160/3 became 260/3.
    assert "“市科技局” score：快照 53.33，重算 86.67" in message


def test_verify_catches_a_ballot_stuffed_into_the_database(
    campaign: Any, published: ResultSet, public_session: Any
) -> None:
    forged = Ballot.objects.create(
        id=uuid.uuid4(),
        session=public_session,
        key_hash="f" * 64,
        receipt="AAAA-BBBB-CCCC-DDDD",
    )
    choice = RatingChoice.objects.get(campaign=campaign, code="satisfied")
    BallotItem.objects.bulk_create(
        BallotItem(ballot=forged, participant=p, choice=choice)
        for p in campaign.participants.filter(group=public_session.group)
    )
    report = tally_verify(campaign=campaign)
    assert not report.ok
    text = "\n".join(report.problems)
    assert "参评记录 3 条，评议票 4 张" in text
    assert f"评议票 {forged.pk} 的回执码与其内容不符" in text
    assert "receipts.count：快照 3，重算 4" in text


def test_verify_catches_a_snapshot_edited_in_the_database(
    campaign: Any, published: ResultSet
) -> None:
    snapshot = published.snapshot
    entry = next(d for d in snapshot["departments"] if d["department"] == "市科技局")
    entry["score"] = "99.00"
    ResultSet.objects.filter(pk=published.pk).update(snapshot=snapshot)
    with pytest.raises(CommandError, match="快照与摘要不符"):
        _verify(campaign)


def test_verify_catches_a_snapshot_and_digest_swapped_together(
    campaign: Any, published: ResultSet
) -> None:
    snapshot = published.snapshot
    entry = next(d for d in snapshot["departments"] if d["department"] == "市科技局")
    entry["score"] = "99.00"
    ResultSet.objects.filter(pk=published.pk).update(
        snapshot=snapshot, digest=snapshot_digest(snapshot)
    )
    with pytest.raises(CommandError) as raised:
        _verify(campaign)
    message = str(raised.value)
    assert "摘要与审计日志（result.publish）记录的不一致" in message
    assert "“市科技局” score：快照 99.00，重算 53.33" in message


def test_a_rule_changed_after_publication_is_a_warning_not_a_failure(
    campaign: Any, published: ResultSet
) -> None:
    TallyRule.objects.create(campaign=campaign, grades=[{"grade": "好", "min": "90"}])
    report = tally_verify(campaign=campaign)
    assert report.ok
    assert any("计分规则在计票后已修改" in w for w in report.warnings)


def test_compute_prints_the_figures_without_storing_or_publishing(
    campaign: Any, public_session: Any, during: dt.datetime
) -> None:
    cast_three(campaign, public_session, during)
    out = io.StringIO()
    call_command(
        "tally",
        "compute",
        "--campaign",
        campaign.slug,
        "--roster",
        "public",
        stdout=out,
    )
    output = out.getvalue()
    assert "市科技局 3 53.33 66.67" in output
    assert "第一场：经济建设一组：参评 3 人，评议票 3 张" in output
    assert "未保存，未发布" in output
    assert not ResultSet.objects.exists()


def test_compute_can_store_a_result_for_a_statistics_user(
    campaign: Any, public_session: Any, statistics_user: Any, office_user: Any
) -> None:
    out = io.StringIO()
    call_command(
        "tally",
        "compute",
        "--campaign",
        campaign.slug,
        "--roster",
        "public",
        "--save",
        "--user",
        statistics_user.username,
        stdout=out,
    )
    assert ResultSet.objects.get().status == "computed"
    with pytest.raises(CommandError, match="只有市统计局"):
        call_command(
            "tally",
            "compute",
            "--campaign",
            campaign.slug,
            "--save",
            "--user",
            office_user.username,
            stdout=io.StringIO(),
        )


def test_compute_is_refused_while_a_window_is_open(
    campaign: Any, statistics_user: Any
) -> None:
    from sanmin.evaluation.tests.ballot_helpers import open_session

    open_session(campaign)
    with pytest.raises(CommandError, match="评议尚未截止，不能计票"):
        call_command(
            "tally",
            "compute",
            "--campaign",
            campaign.slug,
            "--roster",
            "public",
            stdout=io.StringIO(),
        )
