"""Running the suspicious-patterns report: reading participation data is audited."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign
from sanmin.evaluation.selectors.patterns import (
    PatternParams,
    PatternReport,
    pattern_report_build,
)


def pattern_report_run(
    *,
    campaign: Campaign,
    params: PatternParams,
    actor: Any,
    request: HttpRequest | None = None,
) -> PatternReport:
    """Build the report and record who looked, with which parameters and findings.

    The report flags; it changes no ballot and no participation.
    """
    report = pattern_report_build(campaign=campaign, params=params)
    audit_record(
        actor=actor,
        action="patterns.view",
        target=campaign,
        detail={
            "voters": params.voters,
            "minutes": params.minutes,
            "seconds": params.seconds,
            "bursts": len(report.bursts),
            "fast": len(report.fast),
        },
        request=request,
    )
    return report
