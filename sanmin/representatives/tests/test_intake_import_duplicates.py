"""The same person (keyed ID hash) is a candidate once per campaign: twice in a file,
again in a later file, or already in by another channel, the whole file is refused
and the row named, never the number."""

from __future__ import annotations

from typing import Any

import pytest

from sanmin.core import crypto
from sanmin.representatives.services.intake import SignUp, candidate_sign_up
from sanmin.representatives.tests.intake_helpers import (
    HEADER,
    RECOMMENDED_DISTRICT,
    id_number,
    person,
    upload,
    xlsx_bytes,
)
from sanmin.representatives.tests.test_intake_import_refusals import refused

pytestmark = pytest.mark.django_db


def test_a_duplicate_within_the_file_is_named_without_the_number(cast: Any) -> None:
    twin = person(1)
    twin[0] = "另一人"
    twin[1] = twin[1].lower()  # a lower-case x is the same number
    content = xlsx_bytes([HEADER, person(1), person(2), twin])
    text = refused(
        upload(cast.client("statistics"), content),
        "第4行“身份证号”：与第2行的身份证号重复",
    )
    assert id_number(1) not in text


def test_someone_in_an_earlier_import_is_refused(cast: Any) -> None:
    client = cast.client("statistics")
    assert upload(client, xlsx_bytes([HEADER, person(1)])).status_code == 302
    text = refused(
        upload(client, xlsx_bytes([HEADER, person(2), person(1)])),
        "第3行“身份证号”：此人已是本活动的候选人（随机抽取）",
        stored=1,
    )
    assert id_number(1) not in text


def test_someone_in_by_another_channel_is_refused(cast: Any) -> None:
    assert (
        upload(cast.client("statistics"), xlsx_bytes([HEADER, person(1)])).status_code
        == 302
    )
    content = xlsx_bytes([HEADER, person(1, category=RECOMMENDED_DISTRICT)])
    refused(
        upload(cast.client("district"), content),
        "第2行“身份证号”：此人已是本活动的候选人（随机抽取），同一人每年只能作为候选人一次",
        stored=1,
    )


def test_a_volunteer_cannot_also_be_recommended(cast: Any) -> None:
    citizen = cast.user("citizen")
    candidate_sign_up(
        campaign=cast.campaign,
        citizen=citizen,
        data=SignUp(
            district=cast.district,
            local_hukou=True,
            residence_years=None,
            occupation="教师",
            organisation="",
            phone="13900001111",
            consented=True,
        ),
    )
    plain = crypto.cipher().decrypt(citizen.id_cipher)
    content = xlsx_bytes(
        [HEADER, person(1, category=RECOMMENDED_DISTRICT, number=plain)]
    )
    text = refused(
        upload(cast.client("district"), content),
        "第2行“身份证号”：此人已是本活动的候选人（自愿报名）",
        stored=1,
        batches=0,
    )
    assert plain not in text


def test_a_duplicate_only_the_database_sees_rolls_everything_back(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A candidacy stored between the check and the insert (another upload at the
    same moment): the unique constraint refuses, and the batch goes too."""
    from sanmin.representatives.forms import candidate_sheet

    client = cast.client("statistics")
    assert upload(client, xlsx_bytes([HEADER, person(1)])).status_code == 302
    monkeypatch.setattr(candidate_sheet, "candidacies_of", lambda **kwargs: {})
    refused(
        upload(client, xlsx_bytes([HEADER, person(2), person(1)])),
        "导入期间有人已被登记为候选人，所有数据均未导入",
        stored=1,
    )
