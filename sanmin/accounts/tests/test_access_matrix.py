"""Every URL of the project × every role: the outcome the access table expects.

The URL patterns are read from the resolver, so a new page without a row in
access_table.py fails `test_it_has_a_row_for_every_url_pattern`. Admin URLs that take
arguments are covered by the admin's single guard (sanmin.admin_site) and checked
through the named admin rows; every other row is requested as each role.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.http import HttpResponseBase
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from sanmin.accounts.tests.access_table import (
    ANY,
    BAD_REQUEST,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    TABLE,
    row_for,
    url_name,
)
from sanmin.accounts.tests.fixtures import ROLE_NAMES, Cast


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name"; "" when the pattern has no name
    namespace: str
    route: str
    has_arguments: bool


def _walk(
    patterns: list[URLPattern | URLResolver], namespace: str, route: str
) -> list[Pattern]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            found += _walk(entry.url_patterns, inner, route + str(entry.pattern))
            continue
        arguments = bool(entry.pattern.regex.groups)
        name = ":".join(part for part in (namespace, entry.name or "") if part)
        found.append(
            Pattern(
                name=name if entry.name else "",
                namespace=namespace,
                route=route + str(entry.pattern),
                has_arguments=arguments or bool(route and "<" in route),
            )
        )
    return found


PATTERNS = _walk(get_resolver().url_patterns, "", "")
NAMES = {pattern.name for pattern in PATTERNS if pattern.name}


def _checked_keys() -> list[str]:
    """Every row of the table, and wildcard-covered names without arguments."""
    keys = {key for key in TABLE if not key.endswith(":*")}
    for pattern in PATTERNS:
        if pattern.name and not pattern.has_arguments and row_for(pattern.name):
            keys.add(pattern.name)
    return sorted(keys)


def test_it_has_a_row_for_every_url_pattern() -> None:
    missing = sorted({p.name for p in PATTERNS if p.name and row_for(p.name) is None})
    unnamed = sorted(
        p.route for p in PATTERNS if not p.name and f"{p.namespace}:*" not in TABLE
    )
    assert not missing, (
        "URL names without a row in accounts/tests/access_table.py: "
        + ", ".join(missing)
    )
    assert not unnamed, "URL patterns without a name: " + ", ".join(unnamed)


def test_it_has_no_row_for_a_url_that_is_gone() -> None:
    stale = sorted(
        key for key in TABLE if not key.endswith(":*") and url_name(key) not in NAMES
    )
    assert not stale, "rows for URL names that no longer exist: " + ", ".join(stale)


def test_it_lists_every_role_in_every_row() -> None:
    incomplete = sorted(
        name for name, row in TABLE.items() if set(row.expect) != set(ROLE_NAMES)
    )
    assert not incomplete


def _sign_in_paths() -> set[str]:
    paths = set()
    for name in ("accounts:login", "identity:start"):
        try:
            paths.add(reverse(name))
        except NoReverseMatch:
            continue
    return paths


def outcome(response: HttpResponseBase) -> str:
    """What a response means for access, in the table's words."""
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"]).path
        return LOGIN if target in _sign_in_paths() else OK
    if 200 <= code < 300:
        return OK
    known = {400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}
    return known.get(code, f"HTTP {code}")


def _matches(expected: str, got: str) -> bool:
    if expected == ANY:
        return got in {OK, FORBIDDEN, NOT_FOUND}
    return expected == got


@pytest.mark.parametrize("key", _checked_keys())
def test_it_gives_each_role_the_expected_outcome(key: str, cast: Cast) -> None:
    row = row_for(key)
    assert row is not None
    try:
        url = reverse(
            url_name(key), kwargs=dict(row.kwargs(cast)) if row.kwargs else None
        )
    except NoReverseMatch as error:
        pytest.fail(f"{key}: its row needs .using(...) for the URL's kwargs: {error}")
    if row.query:
        url = f"{url}?{row.query}"
    wrong = []
    for role in ROLE_NAMES:
        client = cast.client(role)
        response = getattr(client, row.method)(url, data=dict(row.data))
        got = outcome(response)
        if not _matches(row.expect[role], got):
            wrong.append(f"  {role}: expected {row.expect[role]}, got {got}")
    assert not wrong, f"{row.method.upper()} {url} ({key}):\n" + "\n".join(wrong)
