"""The staff sign-in as a browser does it, for tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.test import Client
from django.urls import reverse

from sanmin.accounts.models import User
from sanmin.accounts.selectors import user_totp_device
from sanmin.accounts.tests.fixtures import STAFF_PASSWORD
from sanmin.accounts.totp import totp_code

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def post_password(
    client: Client, username: str, password: str = STAFF_PASSWORD, **extra: str
) -> Response:
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **extra}
    )


def post_code(client: Client, code: str) -> Response:
    return client.post(reverse("accounts:verify"), {"token": code})


def current_code(user: User) -> str:
    device = user_totp_device(user=user)
    assert device is not None
    return totp_code(device)


def wrong_code(user: User) -> str:
    right = int(current_code(user))
    return f"{(right + 500_000) % 1_000_000:06d}"


def sign_in(client: Client, user: User) -> Response:
    """Password, then the current code; returns the response of the second step."""
    response = post_password(client, user.username)
    assert response["Location"] == reverse("accounts:verify")
    return post_code(client, current_code(user))


def signed_in_user(client: Client) -> object:
    """Who the client is now signed in as (AnonymousUser when nobody)."""
    response = client.get(reverse("accounts:login"))
    return response.wsgi_request.user  # type: ignore[attr-defined]
