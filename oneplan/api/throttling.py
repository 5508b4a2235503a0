"""The API's limit for anonymous requests (``API_ANON_RATE``, scope "anon").

DRF's ``AnonRateThrottle`` takes the address from any ``X-Forwarded-For`` (unless
``NUM_PROXIES`` is set) and counts with a read followed by a write of the request history.
Here the address is ``core.ratelimit.client_address`` (the deployment's proxy setting), and
requests are counted atomically in fixed windows of the rate's period.
"""

from __future__ import annotations

from rest_framework.throttling import AnonRateThrottle

from oneplan.core import ratelimit


class AnonymousThrottle(AnonRateThrottle):
    scope = "anon"

    def get_ident(self, request) -> str:
        return ratelimit.client_address(request)

    def allow_request(self, request, view) -> bool:
        if self.rate is None or (request.user and request.user.is_authenticated):
            return True
        self.now = ratelimit.clock()
        count = ratelimit.hit(self.scope, self.get_ident(request), self.duration, self.now)
        return count <= self.num_requests

    def wait(self) -> float:
        """Seconds until the window ends (the Retry-After header)."""
        return max(0.0, ratelimit.window_end(self.duration, self.now) - self.now)
