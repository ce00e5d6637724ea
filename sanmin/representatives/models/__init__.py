"""代表遴选 and the roster: candidates from three channels, their review, the draw, the
representatives it selects, and earlier years' service for rotation."""

from sanmin.representatives.models.candidates import (
    Candidate,
    Channel,
    Gender,
    ImportBatch,
    Review,
)
from sanmin.representatives.models.draws import BalanceTarget, Draw, DrawEntry
from sanmin.representatives.models.roster import (
    Representative,
    RosterFreeze,
    ServiceYear,
)

__all__ = [
    "BalanceTarget",
    "Candidate",
    "Channel",
    "Draw",
    "DrawEntry",
    "Gender",
    "ImportBatch",
    "Representative",
    "Review",
    "RosterFreeze",
    "ServiceYear",
]
