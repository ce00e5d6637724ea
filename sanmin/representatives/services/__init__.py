"""Writes of 代表遴选 and the roster, by sub-domain: enrol (roster entries made
directly: internal raters, demo), intake (candidates by three channels), reviews
(资格审查), draws (the selection), roster (life of the roster), years (service
history and rotation)."""

from sanmin.representatives.services.enrol import (
    representative_enrol,
    representative_phone_disclose,
)

__all__ = ["representative_enrol", "representative_phone_disclose"]
