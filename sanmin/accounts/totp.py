"""TOTP helpers around django-otp: the current code and the enrolment QR code."""

from __future__ import annotations

import segno
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the authenticator app shows now (or at Unix time `at`)."""
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        clock.time = at
    return f"{clock.token():0{device.digits}d}"


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI of the device as an inline SVG QR code (no image files)."""
    return str(
        segno.make(device.config_url, error="m").svg_inline(
            scale=5, title="二维码：用身份验证器扫描", border=2
        )
    )
