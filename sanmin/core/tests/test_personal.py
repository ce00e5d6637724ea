from __future__ import annotations

import datetime as dt

from sanmin.core.personal import (
    age_on,
    id_error,
    make_id_number,
    mask_id,
    mask_phone,
    phone_error,
)


def test_it_accepts_a_checksum_valid_id_number() -> None:
    assert id_error("11010519491231002X") is None
    assert id_error(make_id_number("370202", dt.date(1980, 5, 17), 12)) is None


def test_it_names_what_is_wrong_with_an_id_number() -> None:
    assert id_error("110105194912310021") == "身份证号码校验位不正确"
    assert id_error("110105194913310021") == "身份证号码中的出生日期无效"
    assert id_error("12345") == "身份证号码应为18位，前17位为数字，最后一位为数字或X"


def test_it_computes_age_on_a_day() -> None:
    number = make_id_number("370202", dt.date(2006, 12, 18), 1)
    assert age_on(number, dt.date(2024, 12, 17)) == 17
    assert age_on(number, dt.date(2024, 12, 18)) == 18


def test_it_masks_as_the_interface_shows() -> None:
    assert mask_id("370202198005170124") == "3702**********0124"
    assert mask_phone("13812345678") == "138****5678"


def test_it_checks_mobile_numbers() -> None:
    assert phone_error("13812345678") is None
    assert phone_error("12812345678") is not None
    assert phone_error("1381234567") is not None
