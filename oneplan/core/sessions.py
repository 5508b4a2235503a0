"""A signed-in user's session stays alive while they work — it ends `SESSION_COOKIE_AGE`
after their last request, not after their sign-in — but it is written at most once every
`ONEPLAN_SESSION_REFRESH_SECONDS`, not on every request (Django's
`SESSION_SAVE_EVERY_REQUEST`): a page that polls a background job every second, or a busy
office, does not rewrite the session row each time (a write that can meet a lock and fail
the request, and load the database for nothing)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REFRESHED = "_oneplan_refreshed_at"


def refresh_session(get_response: Callable[[HttpRequest], HttpResponse]):
    """Placed after SessionMiddleware: on the way out, a signed-in session last written more
    than the refresh interval ago is marked changed, so SessionMiddleware saves it with a new
    expiry (and a new cookie)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.get("_auth_user_id"):
            return response
        now = int(time.time())
        interval = getattr(settings, "ONEPLAN_SESSION_REFRESH_SECONDS", 300)
        if now - int(session.get(REFRESHED, 0)) >= interval:
            session[REFRESHED] = now
        return response

    return middleware
