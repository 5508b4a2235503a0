"""Who is asking, and how often: the client's address as the deployment's proxy setting
allows, and a counter per address in fixed windows.

``client_address`` trusts ``X-Forwarded-For`` only as far as the deployment says: without
``BEHIND_PROXY`` the address is the connection's (``REMOTE_ADDR``) and the header is
ignored, so a visitor cannot pick a new address per request. With ``BEHIND_PROXY``, each of
the ``PROXY_COUNT`` proxies in front of OnePlan appended the address it was reached from;
the client is the entry ``PROXY_COUNT`` places from the right, and whatever the client put
to the left of it is ignored. The public comment limit and the API's limit for anonymous
requests (``api.throttling``) both count by this address.

``hit`` counts with ``cache.add`` + ``cache.incr`` (one atomic step on Redis and in the
in-memory cache; the file cache of a single machine has no atomic increment), never with a
read followed by a write, so concurrent requests cannot all read the same count.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

UNKNOWN = "unknown"


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address (see the module's doc); "unknown" when there is none."""
    remote = _address(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    if not getattr(settings, "BEHIND_PROXY", False):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if not hops:  # reached directly, not through the proxy
        return remote
    trusted = max(1, int(getattr(settings, "PROXY_COUNT", 1)))
    # Fewer entries than proxies: the request came in past the outer proxies; the leftmost
    # entry is still one a trusted proxy wrote.
    return _address(hops[-min(trusted, len(hops))]) or remote


def clock() -> float:
    """The time the windows are counted by (a Unix time; tests replace it)."""
    return time.time()


def window_end(seconds: int, now: float | None = None) -> float:
    """When the current fixed window of ``seconds`` ends (a Unix time)."""
    now = clock() if now is None else now
    return (now // seconds + 1) * seconds


def hit(scope: str, ident: str, seconds: int, now: float | None = None) -> int:
    """Count one more request of ``ident`` in ``scope`` in the current fixed window of
    ``seconds``; returns the count including this one."""
    now = clock() if now is None else now
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"oneplan:rate:{scope}:{digest}:{int(now // seconds)}"
    timeout = int(window_end(seconds, now) - now) + 60  # outlives the window, then expires
    for _attempt in range(3):
        cache.add(key, 0, timeout)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: add it again
            continue
        # Django's generic incr (the file cache's) writes the value back with the default
        # timeout (5 minutes): keep the key for its window.
        cache.touch(key, timeout)
        return count
    return 1
