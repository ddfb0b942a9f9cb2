"""An httpx client for one vendor account: auth header, JSON in and out (msgspec), and pacing on
429 (Retry-After) and 5xx (backoff), with bounded retries."""

from __future__ import annotations

from typing import Any

import httpx
import msgspec

from gateway.migrate.pacing import Pacer, retryable
from gateway.migrate.vendor_api import VendorApi

TIMEOUT = 60.0
CONNECT_TIMEOUT = 5.0  # an unreachable vendor fails the run in seconds, not after the retries


class Unreachable(Exception):
    """The vendor never answered: the very first connection failed. Not retried, and not one
    unit's failure: the run stops (nothing can be copied)."""


class VendorError(Exception):
    """A vendor call that failed for good (after the retries it was allowed)."""

    def __init__(self, status: int | None, method: str, path: str, message: str):
        where = f"{method} {path}"
        super().__init__(f"{where}: HTTP {status}: {message}" if status else f"{where}: {message}")
        self.status = status


def message_of(response: httpx.Response) -> str:
    """The vendor's error text: Honcho ``detail``, Zep ``message``, OpenAI ``error.message``."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:300] or response.reason_phrase
    if isinstance(body, dict):
        inner = body.get("error")
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        for key in ("detail", "message", "error"):
            if body.get(key):
                return str(body[key])[:300]
    return str(body)[:300]


class VendorClient:
    def __init__(self, url: str, api: VendorApi, *, key: str | None, pacer: Pacer | None = None,
                 timeout: float = TIMEOUT):
        """``url``: the vendor's, as given to --url (with or without the API's prefix)."""
        sent = dict(api.headers)
        if key:
            sent["Authorization"] = f"{api.scheme} {key}"
        self.pacer = pacer or Pacer()
        self.reached = False  # whether the vendor has answered anything yet
        self.http = httpx.AsyncClient(base_url=api.origin(url), headers=sent,
                                      timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT))

    async def __aenter__(self) -> "VendorClient":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.http.aclose()

    async def call(self, method: str, path: str, *, params: dict | None = None, json: Any = None,
                   type: Any = Any, server_retries: bool = True) -> Any:
        """The decoded JSON answer (None for an empty body). ``server_retries`` False: a 5xx is
        not retried here (a write the vendor may have committed; the caller re-syncs)."""
        response = await self.send(method, path, params, json, server_retries)
        if not response.content:
            return None
        try:
            return msgspec.json.decode(response.content, type=type)
        except msgspec.DecodeError as exc:
            raise VendorError(response.status_code, method, path, f"unexpected answer: {exc}") from exc

    async def send(self, method, path, params, json, server_retries) -> httpx.Response:
        pacer = self.pacer
        for attempt in range(pacer.max_retries + 1):
            last = attempt == pacer.max_retries
            try:
                response = await self.http.request(method, path, params=params, json=json)
            except httpx.TransportError as exc:
                if not self.reached and isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
                    raise Unreachable(f"cannot reach {self.http.base_url}: {exc or type(exc).__name__}") from None
                if last or not server_retries:
                    raise VendorError(None, method, path, f"{type(exc).__name__}: {exc}") from exc
                await pacer.wait(pacer.delay(None, attempt))
                continue
            self.reached = True
            if not last and retryable(response.status_code, server_errors=server_retries):
                await pacer.wait(pacer.delay(response.headers, attempt))
                continue
            if response.is_error:
                raise VendorError(response.status_code, method, path, message_of(response))
            return response
        raise AssertionError("unreachable")
