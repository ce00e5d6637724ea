from __future__ import annotations

import logging

import pytest

from sanmin.core.logging import RedactPersonalData, redact


def test_it_masks_id_and_phone_numbers_in_text() -> None:
    text = redact("身份证 370202198005170124 电话 13812345678 订单 20241217")
    assert "370202198005170124" not in text
    assert "13812345678" not in text
    assert "3702**********0124" in text
    assert "138****5678" in text
    assert "20241217" in text


def test_it_filters_log_records(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("sanmin.test")
    logger.addFilter(RedactPersonalData())
    with caplog.at_level(logging.INFO, logger="sanmin.test"):
        logger.info("lookup %s failed", "13812345678")
    assert "13812345678" not in caplog.text
    assert "138****5678" in caplog.text
