"""The one shape of every staff POST of the loop: a valid form runs one service; a
refusal (form errors or the service's ValidationError) shows the page again with the
Chinese message and status 400, and nothing has changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

CHECK_INPUT = "请检查填写的内容"


def add_error(form: Any, message: str) -> None:
    """Show `message` above the form (or formset)."""
    if hasattr(form, "non_form_errors"):  # a formset
        form._non_form_errors = form.error_class([message])
    else:
        form.add_error(None, message)


def first_error(form: Any) -> str:
    """The first message of an invalid form or formset."""
    if hasattr(form, "non_form_errors"):
        errors = list(form.non_form_errors())
        for sub in form.forms:
            errors += [e for field in sub.errors.values() for e in field]
        return errors[0] if errors else CHECK_INPUT
    for field_errors in form.errors.values():
        return str(field_errors[0])
    return CHECK_INPUT


def form_act(
    request: HttpRequest,
    *,
    form: Any,
    call: Callable[[], Any],
    done: str,
    again: Callable[[str], HttpResponse],
    back: Callable[[], HttpResponse],
) -> HttpResponse:
    """Run `call` for a valid form and go `back` with the `done` message; otherwise
    show the page `again` with the message (the page sets status 400)."""
    if not form.is_valid():
        return again(first_error(form))
    try:
        call()
    except ValidationError as refusal:
        message = "；".join(refusal.messages)
        add_error(form, message)
        return again(message)
    messages.success(request, done)
    return back()
