"""Security headers on every response: Content-Security-Policy and Permissions-Policy.

Scripts come only from our own origin (no inline code, no `eval`), so that text a resident or
an import wrote cannot run in an officer's browser even if an escape is ever missed. Map tiles
are the one outside source: their host is derived from `WENMING_MAP_TILE_URL`.

Powerful browser features (location, camera, microphone, payment) are off by default and
switched on per view with `allow_features("geolocation")`, only on the phone pages that use them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache, wraps
from urllib.parse import urlsplit

from django.conf import settings

#: Features that pages may use only when a view allows them (Permissions-Policy).
POLICY_FEATURES = ("camera", "geolocation", "microphone", "payment")

#: The attribute a view sets on its response to allow features (see `allow_features`).
ALLOWED_FEATURES_ATTRIBUTE = "wenming_allowed_features"


def tile_sources(tile_url: str) -> list[str]:
    """The CSP source(s) for an XYZ tile URL template.

    A host label with a placeholder (`{s}.tile.openstreetmap.org`, `t{s}.tianditu.gov.cn`)
    becomes a wildcard label; a relative URL (tiles served by this site) needs nothing.
    """
    parts = urlsplit(tile_url.strip())
    if not parts.scheme or not parts.netloc:
        return []
    host = parts.netloc.rsplit("@", 1)[-1]
    labels = host.split(".")
    labels = ["*" if "{" in label or "}" in label else label for label in labels]
    # A wildcard is valid only as the leftmost label: collapse "a.*.b" to "*.b".
    if "*" in labels:
        last = max(i for i, label in enumerate(labels) if label == "*")
        labels = ["*", *labels[last + 1 :]]
    return [f"{parts.scheme}://{'.'.join(labels)}"]


@lru_cache(maxsize=8)
def _policy(tile_url: str, extra_img_sources: tuple[str, ...]) -> str:
    images = ["'self'", "data:", "blob:", *tile_sources(tile_url), *extra_img_sources]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Leaflet, Tabler and ECharts position elements with style attributes; styles cannot run
        # code, so they stay allowed while scripts do not.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "connect-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def storage_sources() -> list[str]:
    """Where photos come from when files live in S3-compatible storage (signed URLs)."""
    storage = settings.STORAGES.get("default", {})
    if "s3" not in storage.get("BACKEND", "").lower():
        return []
    options = storage.get("OPTIONS", {})
    endpoint = urlsplit(options.get("endpoint_url") or "")
    if endpoint.scheme and endpoint.netloc:
        # Path-style (https://oss.example.cn/bucket/…) and virtual-host style (bucket.oss…).
        return [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://*.{endpoint.netloc}",
        ]
    return ["https://*.amazonaws.com"]


def content_security_policy() -> str:
    extra = [*storage_sources(), *(getattr(settings, "WENMING_CSP_IMG_SOURCES", ()) or ())]
    return _policy(settings.WENMING_MAP_TILE_URL, tuple(extra))


def permissions_policy(allowed: Iterable[str] = ()) -> str:
    allowed = set(allowed)
    return ", ".join(
        f"{feature}=(self)" if feature in allowed else f"{feature}=()"
        for feature in POLICY_FEATURES
    )


def allow_features(*features: str) -> Callable:
    """Decorate a view (or, through `method_decorator`, a view's `dispatch`) to let its page
    use the named browser features: `@allow_features("geolocation")`."""
    unknown = set(features) - set(POLICY_FEATURES)
    if unknown:
        raise ValueError(f"unknown Permissions-Policy features: {sorted(unknown)}")

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            response = view(*args, **kwargs)
            setattr(response, ALLOWED_FEATURES_ATTRIBUTE, frozenset(features))
            return response

        return wrapped

    return decorator


class SecurityHeadersMiddleware:
    """Add Content-Security-Policy and Permissions-Policy unless the view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = content_security_policy()
        if "Permissions-Policy" not in response:
            allowed = getattr(response, ALLOWED_FEATURES_ATTRIBUTE, ())
            response["Permissions-Policy"] = permissions_policy(allowed)
        return response
