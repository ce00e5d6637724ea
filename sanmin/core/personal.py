"""Chinese resident ID numbers and mobile numbers: validation and masking."""

from __future__ import annotations

import datetime as dt
import re

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
_PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


def id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalise_id(value: str) -> str:
    return value.strip().upper()


def id_error(value: str) -> str | None:
    """Why an ID number is invalid (GB 11643), in Chinese, or None when valid."""
    number = normalise_id(value)
    if not _ID_PATTERN.match(number):
        return "身份证号码应为18位，前17位为数字，最后一位为数字或X"
    if id_birth_date(number) is None:
        return "身份证号码中的出生日期无效"
    if id_check_char(number[:17]) != number[17]:
        return "身份证号码校验位不正确"
    return None


def id_birth_date(number: str) -> dt.date | None:
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def age_on(number: str, day: dt.date) -> int:
    born = id_birth_date(normalise_id(number))
    if born is None:
        raise ValueError("invalid birth date")
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def phone_error(value: str) -> str | None:
    if not _PHONE_PATTERN.match(value.strip()):
        return "手机号码应为11位数字，以1开头"
    return None


def mask_id(number: str) -> str:
    number = normalise_id(number)
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(number: str) -> str:
    number = number.strip()
    if len(number) < 7:
        return "*" * len(number)
    return number[:3] + "****" + number[-4:]


def make_id_number(region: str, birth: dt.date, serial: int) -> str:
    """A checksum-valid synthetic ID number (demo data and tests only)."""
    first17 = f"{region}{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_check_char(first17)
