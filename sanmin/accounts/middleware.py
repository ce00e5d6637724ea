"""Django's authentication middleware, finding the user with the row the session
store read together with the session (`sanmin.accounts.sessions`)."""

from __future__ import annotations

from typing import Any

from django.contrib import auth
from django.contrib.auth import middleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from sanmin.accounts.backends import session_user


def _user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        with session_user(request.session):
            request._cached_user = auth.get_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))  # type: ignore[assignment]
