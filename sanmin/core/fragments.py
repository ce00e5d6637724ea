"""A page, or only its content to a script that posted the form itself.

ballot.js (the cast) and fill.js (a survey's answers) send their form with fetch,
asking with CONTENT_HEADER: 1, and put the content the server answers in place of
the page's (static/js/content.js). They take only an answer marked
CONTENT_HEADER: done; anything else — a refusal, a redirect to sign in — they
submit again the plain way, so that the server's own page shows.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

CONTENT_HEADER = "X-Content-Only"


def render_page(
    request: HttpRequest, *, page: str, content: str, context: dict[str, Any]
) -> HttpResponse:
    """`page` rendered, or `content` (the template `page` includes for its content)
    to a request that asked for only that."""
    only = request.headers.get(CONTENT_HEADER) == "1"
    response = render(request, content if only else page, context)
    if only:
        response[CONTENT_HEADER] = "done"
    patch_vary_headers(response, (CONTENT_HEADER,))
    return response
