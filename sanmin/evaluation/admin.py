"""云评议 in the admin: only the scoring configuration the office sets up.

The office edits each campaign's TallyRule (grade cut-offs, satisfied choices, the
composite weight) and the routine-evaluation scores; every change is audited. Ballots,
participation, windows and results are deliberately absent: ballots never change,
windows move only through their audited services, and results are under embargo
(an admin list would show the office the figures before publication).
"""

from __future__ import annotations

from django.contrib import admin

from sanmin.accounts.permissions import ALL_ACTIONS, admin_grant
from sanmin.campaigns.admin import AuditedAdmin
from sanmin.evaluation.models import RoutineScore, TallyRule

admin_grant(role="office", app_label="evaluation", actions=ALL_ACTIONS)


@admin.register(TallyRule)
class TallyRuleAdmin(AuditedAdmin):
    list_display = ["campaign", "evaluation_weight"]
    list_select_related = ["campaign"]


@admin.register(RoutineScore)
class RoutineScoreAdmin(AuditedAdmin):
    list_display = ["participant", "score"]
    list_filter = ["participant__campaign"]
    list_select_related = ["participant__campaign", "participant__department"]
    search_fields = ["participant__department__name"]
    autocomplete_fields = ["participant"]
