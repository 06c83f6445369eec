"""The client's address, as throttles and the audit trail must see it.

Behind a reverse proxy every request arrives from the proxy's address, and the client's own
address is in `X-Forwarded-For`, a header any client can also write itself. Only the entries
added by proxies we run are trustworthy, so the address is read from the right of the header:
`WENMING_TRUSTED_PROXY_COUNT` says how many proxies stand in front of the server (each appends
the address it received the request from), or `WENMING_TRUSTED_PROXIES` lists their addresses
or networks. With neither set the header is ignored and `REMOTE_ADDR` is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=1)
def _trusted_networks(
    entries: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "1.2.3.4:5678"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _is_trusted(address: str, networks) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


def client_address(request) -> str:
    """The address of the client that sent `request` (never a value the client chose)."""
    cached = getattr(request, "_wenming_client_address", None)
    if cached is not None:
        return cached
    remote = _parse(request.META.get("REMOTE_ADDR") or "") or "0.0.0.0"  # noqa: S104
    address = remote
    count = settings.WENMING_TRUSTED_PROXY_COUNT
    networks = _trusted_networks(tuple(settings.WENMING_TRUSTED_PROXIES))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and (count or networks):
        chain = [_parse(part) for part in forwarded.split(",")] + [remote]
        if count:
            # The last `count` entries were written by our proxies; the one before is the
            # address the outermost proxy saw. Beyond the chain's start, the client wrote it.
            index = len(chain) - 1 - count
            candidate = chain[index] if index >= 0 else None
            address = candidate or remote
        else:
            # Walk back from our side while the hop is one of our proxies.
            index = len(chain) - 1
            while index > 0 and chain[index] and _is_trusted(chain[index], networks):
                index -= 1
            address = chain[index] or remote
    request._wenming_client_address = address
    return address
