"""Who is asking: the owner of a bearer API token, and signing people out after a period
without activity (default 30 minutes); the lean path of token-authenticated API calls."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.utils.module_loading import import_string

from wenming.accounts.tokens import authenticate_bearer, bearer_key

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
        if not getattr(request, "bearer_checked", False):
            authenticate_bearer(request)
        return self.get_response(request)


API_PREFIX = "/api/"


class TokenApiMiddleware:
    """Serve an API call that a valid bearer token authenticates without the middleware it does
    not need: sessions, CSRF, authentication from the session, idle timeout, messages, htmx.

    Placed after the middleware every response needs (security headers, request id, frame
    options) and before the session. For `/api/…` with `Authorization: Bearer …` (or `Token`)
    it authenticates the token; when valid, the request goes through
    `settings.WENMING_TOKEN_API_MIDDLEWARE` (the language, the jurisdiction scope) straight to
    the view, so no session is read or written and no cookie is set. Anything else, an invalid
    token included, takes the full chain (which then answers 401 without checking again).
    What the token path skips protects browsers: CSRF guards cookie credentials, which a token
    call neither carries nor needs (the session middleware never runs, so a session cookie sent
    along is ignored, not honoured).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.lean = _lean_chain(settings.WENMING_TOKEN_API_MIDDLEWARE)

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX) or bearer_key(request) is None:
            return self.get_response(request)
        authenticate_bearer(request)
        request.bearer_checked = True
        if getattr(request, "authenticated_by_token", False):
            return self.lean(request)
        return self.get_response(request)


def _lean_chain(paths):
    """The view (resolved and called as Django's handler does: no view, template-response or
    exception middleware is registered on this path) wrapped in `paths`, innermost last."""
    handler = BaseHandler()
    handler._view_middleware = []
    handler._template_response_middleware = []
    handler._exception_middleware = []
    chain = convert_exception_to_response(handler._get_response)
    for path in reversed(paths):
        chain = convert_exception_to_response(import_string(path)(chain))
    return chain
