"""The ballot's list of departments as HTML, written in Python.

Every representative loads this page, most of them within minutes of the window
opening; the same markup as a template loop over 11 departments × 5 radios cost
about 8 ms a page, this costs a fraction of one. The markup is what the template
wrote before (one fieldset per department, native radios, a comment box), so the
page still works without JavaScript and is checked by axe-core like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sanmin.evaluation.forms import BallotRow, ballot_rows
from sanmin.evaluation.selectors.sheets import Sheet
from sanmin.evaluation.services.ballots import COMMENT_MAX


@lru_cache(maxsize=1024)
def _report_url(participant_id: int) -> str:
    """The department's report page (URLs do not change while a process runs)."""
    return reverse("reporting:department", args=[participant_id])


def _radios(row: BallotRow) -> str:
    invalid = ' aria-invalid="true"' if row.choice_errors else ""
    return "".join(
        f'<label class="choice-option" for="{escape(o.id)}"><input type="radio" '
        f'name="{row.choice_name}" value="{escape(o.value)}" id="{escape(o.id)}" '
        f"required{' checked' if o.checked else ''}{invalid}>"
        f"<span>{escape(o.label)}</span></label>"
        for o in row.options
    )


def _comment(row: BallotRow) -> str:
    name = row.comment_name
    invalid = (
        f' aria-invalid="true" aria-describedby="id_{name}_error"'
        if row.comment_errors
        else ""
    )
    errors = "".join(f'<p class="error">{escape(m)}</p>' for m in row.comment_errors)
    return (
        f'<div class="ballot-comment form-field{" has-error" if errors else ""}">'
        f'<label for="id_{name}">意见建议<span class="muted">（选填，不超过'
        f"{COMMENT_MAX}字）</span></label>"
        f'<textarea name="{name}" cols="40" rows="2" maxlength="{COMMENT_MAX}"'
        f'{invalid} id="id_{name}">\n{escape(row.comment_value)}</textarea>'
        f"{errors}</div>"
    )


def _row(number: int, row: BallotRow) -> str:
    pk = row.participant.pk
    name = escape(row.participant.department.name)
    described = f' aria-describedby="error-{pk}"' if row.choice_errors else ""
    links = ""
    if row.participant.group_id:
        href = _report_url(pk)
        links = (
            f'<p class="ballot-links"><a href="{href}">述职报告和访谈'
            f'<span class="visually-hidden">：{name}</span></a></p>'
        )
    errors = "".join(
        f'<p class="error" id="error-{pk}">{escape(m)}</p>' for m in row.choice_errors
    )
    return (
        f'<li class="ballot-item{" has-error" if row.choice_errors else ""}" '
        f'id="dept-{pk}"><fieldset data-department="{name}"{described}>'
        f'<legend><span class="order" aria-hidden="true">{number}</span>'
        f'<span class="name">{name}</span></legend>{links}{errors}'
        f'<div class="choices">{_radios(row)}</div>{_comment(row)}</fieldset></li>'
    )


def ballot_list(rows: Iterable[BallotRow]) -> SafeString:
    """The `<ol>` of the ballot form; every value from the database is escaped."""
    items = "".join(_row(n, row) for n, row in enumerate(rows, start=1))
    return mark_safe(f'<ol class="ballot-list">{items}</ol>')  # noqa: S308


@lru_cache(maxsize=64)
def new_ballot_list(sheet: Sheet) -> SafeString:
    """The list with nothing chosen yet, made once per process for each content of
    the sheet: a renamed department or choice is another content, so a page never
    shows an old name."""
    return ballot_list(ballot_rows(sheet.departments, sheet.choices, values={}))
