"""Who is asking: the owner of a bearer API token, and signing people out after a period
without activity (default 30 minutes)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout

from wenming.accounts.tokens import authenticate_bearer

SESSION_KEY = "wenming_last_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not getattr(request, "authenticated_by_token", False):
            now = int(time.time())
            last_seen = request.session.get(SESSION_KEY)
            limit = settings.WENMING_IDLE_TIMEOUT_MINUTES * 60
            if last_seen is not None and now - int(last_seen) > limit:
                logout(request)
                request.session_timed_out = True
            elif last_seen is None or now - int(last_seen) > 30:
                # Written at most every 30 s so that busy pages do not save the session each time.
                request.session[SESSION_KEY] = now
        return self.get_response(request)


class BearerTokenMiddleware:
    """Make the owner of an `Authorization: Bearer wm_…` token the request's user.

    Placed right before `core.middleware.JurisdictionMiddleware`, so the token's owner is known
    before the jurisdiction scope opens and the UI and the API share one path from credentials
    to scope.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        authenticate_bearer(request)
        return self.get_response(request)
