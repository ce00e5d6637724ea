"""The office imports the internal rater list: stored on the internal roster, keyed
by the ID hash, encrypted, audited with masked numbers only, shown masked."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.accounts.tests.fixtures import make_citizen, verified_client
from sanmin.audit.models import AuditEvent, Outcome
from sanmin.core import crypto
from sanmin.core.personal import mask_id, mask_phone
from sanmin.evaluation.selectors.ballots import session_representative
from sanmin.evaluation.tests.ballot_helpers import internal_session
from sanmin.evaluation.tests.rater_helpers import (
    HEADER,
    PAGE,
    id_number,
    person,
    phone,
    upload,
    xlsx_bytes,
)
from sanmin.representatives.models import Representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(office_user: Any) -> Client:
    return verified_client(office_user)


def _internal(campaign: Any) -> Any:
    return Representative.objects.filter(campaign=campaign, roster="internal")


def test_it_enrols_every_row_on_the_internal_roster(
    office: Client, campaign: Any
) -> None:
    content = xlsx_bytes([HEADER, person(1), person(2, unit="市审计局")])
    response = upload(office, campaign, content)
    assert response.status_code == 302
    members = list(_internal(campaign).order_by("pk"))
    assert len(members) == 2
    first = members[0]
    assert first.id_hash == crypto.keyed_hash(id_number(1), purpose="id")
    assert crypto.cipher().decrypt(first.name_cipher) == "评议人1"
    assert crypto.cipher().decrypt(first.phone_cipher) == phone(1)
    assert first.district is None and first.category is None
    assert not first.synthetic
    # The public roster is untouched.
    assert not Representative.objects.filter(campaign=campaign, roster="public")

    page = office.get(response["Location"]).content.decode()
    assert "已导入 2 名内部评议人员" in page
    assert "内部评议人员共 <strong>2</strong> 人" in page
    for serial, unit in ((1, "市财政局"), (2, "市审计局")):
        assert mask_id(id_number(serial)) in page
        assert mask_phone(phone(serial)) in page
        assert id_number(serial) not in page
        assert phone(serial) not in page
        assert f"评议人{serial}" in page
        assert unit in page


def test_it_records_the_import_with_masked_numbers_only(
    office: Client, campaign: Any
) -> None:
    upload(office, campaign, xlsx_bytes([HEADER, person(1), person(2)]))
    event = AuditEvent.objects.get(action="raters.import")
    assert event.outcome == Outcome.SUCCESS
    assert event.object_id == str(campaign.pk)
    assert event.detail["raters"] == 2
    assert event.detail["file"] == "raters.xlsx"
    [first, second] = event.detail["entries"]
    assert first["id"] == mask_id(id_number(1))
    entry = Representative.objects.get(pk=first["representative"])
    assert entry.unit == "市财政局"
    assert first["row"] == 2
    assert second["row"] == 3
    text = str(event.detail)
    for serial in (1, 2):
        assert id_number(serial) not in text
        assert phone(serial) not in text
    assert AuditEvent.objects.filter(action="representative.enrol").count() == 2


def test_it_imports_a_csv_in_utf8_or_gbk(office: Client, campaign: Any) -> None:
    for serial, encoding in ((1, "utf-8-sig"), (2, "gb18030")):
        name, number, mobile, unit = person(serial)
        text = f"姓名,身份证号,手机号,工作单位\n{name},{number},{mobile},{unit}\n"
        response = upload(
            office,
            campaign,
            text.encode(encoding),
            name="raters.csv",
            content_type="text/csv",
        )
        assert response.status_code == 302, encoding
    assert _internal(campaign).count() == 2


def test_a_later_file_adds_to_the_list(office: Client, campaign: Any) -> None:
    upload(office, campaign, xlsx_bytes([HEADER, person(1)]))
    upload(office, campaign, xlsx_bytes([HEADER, person(2), person(3)]))
    assert _internal(campaign).count() == 3
    page = office.get(f"{PAGE}?campaign={campaign.pk}").content.decode()
    assert "内部评议人员共 <strong>3</strong> 人" in page


def test_a_lowercase_x_and_spaces_are_normalised(office: Client, campaign: Any) -> None:
    serial = next(s for s in range(1, 200) if id_number(s).endswith("X"))
    number = id_number(serial)
    row = ["评议人X", f" {number.lower()} ", phone(serial), "市财政局"]
    assert upload(office, campaign, xlsx_bytes([HEADER, row])).status_code == 302
    member = _internal(campaign).get()
    assert member.id_hash == crypto.keyed_hash(number, purpose="id")


def test_an_imported_rater_may_rate_the_internal_session(
    office: Client, campaign: Any
) -> None:
    citizen = make_citizen(serial=7)
    number = crypto.cipher().decrypt(citizen.id_cipher)
    row = ["内部评议人", number, "13900000007", "市委办公室"]
    assert upload(office, campaign, xlsx_bytes([HEADER, row])).status_code == 302
    session = internal_session(campaign)
    assert session_representative(session=session, user=citizen) is not None
    public = campaign.sessions.filter(kind="public").first()
    assert session_representative(session=public, user=citizen) is None


def test_someone_on_the_public_roster_may_also_be_an_internal_rater(
    office: Client, campaign: Any
) -> None:
    from sanmin.representatives.services import representative_enrol

    representative_enrol(
        campaign=campaign,
        id_number=id_number(1),
        name="评议人1",
        district=None,
        category=None,
        actor="测试",
    )
    assert upload(office, campaign, xlsx_bytes([HEADER, person(1)])).status_code == 302
    assert _internal(campaign).count() == 1


def test_the_office_home_links_to_the_list(office: Client) -> None:
    page = office.get(reverse("accounts:home")).content.decode()
    assert "内部评议人员名单" in page
    assert PAGE in page
