"""How a migration reaches one vendor's API: every source and target module describes its
vendor with one ``API = VendorApi(...)``, and the run's client is built from that value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VendorApi:
    scheme: str  # the Authorization scheme the key is sent with ("Bearer", "Api-Key")
    prefix: str  # the API's path prefix ("/v3", "/api/v2"), which a --url may end in
    headers: tuple[tuple[str, str], ...] = ()  # (name, value) pairs sent on every call

    def origin(self, url: str) -> str:
        """The vendor's origin: a --url ending in the API prefix works too, since the SDKs'
        base URLs differ on that point."""
        url = url.rstrip("/")
        return url[: -len(self.prefix)] if self.prefix and url.endswith(self.prefix) else url
