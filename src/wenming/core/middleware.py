"""Request id and jurisdiction scope for every request."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django_scopes import scope, scopes_disabled

from wenming.core import request_context
from wenming.core.client import client_address
from wenming.core.models import Jurisdiction

DEFAULT_JURISDICTION_CACHE_KEY = "wenming:default-jurisdiction"


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming[:64] if incoming.isascii() and incoming else uuid.uuid4().hex
        request.request_id = request_id
        address = client_address(request)
        token = request_context.set_current(
            request_context.RequestContext(request_id=request_id, ip_address=address or None)
        )
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(token)
        response["X-Request-ID"] = request_id
        return response


def default_jurisdiction() -> Jurisdiction | None:
    """The jurisdiction that public pages serve: the configured one, else the first.

    Cached for a minute: anonymous pages (residents' reports, Open311) would otherwise pay a
    query per request for a row that changes once in the life of an installation.
    """
    cached = cache.get(DEFAULT_JURISDICTION_CACHE_KEY)
    if cached is not None:
        return cached
    code = getattr(settings, "WENMING_DEFAULT_JURISDICTION", "")
    queryset = Jurisdiction.objects.order_by("code")
    jurisdiction = queryset.filter(code=code).first() if code else queryset.first()
    if jurisdiction is not None:
        cache.set(DEFAULT_JURISDICTION_CACHE_KEY, jurisdiction, 60)
    return jurisdiction


class JurisdictionMiddleware:
    """Open the jurisdiction scope of the signed-in user (or the public default) for the request.

    A bearer API token has already made its owner `request.user` (the accounts middleware
    placed right before this one), so the UI and the API share one path from credentials to scope.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.jurisdiction_id is not None:
            request.jurisdiction = user.jurisdiction
        elif user.is_authenticated and user.is_superuser:
            request.jurisdiction = None
            with scopes_disabled():
                return self.get_response(request)
        else:
            request.jurisdiction = default_jurisdiction()
        with scope(jurisdiction=request.jurisdiction):
            return self.get_response(request)
