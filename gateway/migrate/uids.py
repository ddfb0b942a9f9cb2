"""Canonical uids for imported records, a pure function of the vendor's ids (so a re-run lands
on the same rows).

A message keeps the uid its dialect decodes from the vendor id when the dialect can (a Zep UUID,
an OpenAI ``msg_`` id or a Honcho id that reads as base62): the adapter decodes such an id before
it looks at aliases, so that uid must be the message's. Anything else gets a UUIDv7-shaped uid
whose time bits are the record's ``created_at`` (so uids keep the vendor's time order) and whose
other bits hash the vendor id.
"""

from __future__ import annotations

import hashlib

from gateway.migrate.times import millis
from store.ids import from_base62, from_uuid_text

HONCHO_WIDTH = 22


def derived(created_at: str, *parts: str) -> bytes:
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    raw = bytearray(millis(created_at).to_bytes(6, "big") + digest[:10])
    raw[6] = 0x70 | (raw[6] & 0x0F)
    raw[8] = 0x80 | (raw[8] & 0x3F)
    return bytes(raw)


def _openai(text: str) -> bytes | None:
    from adapters.openai_threads import message_uid

    return message_uid(text)


def _honcho(text: str) -> bytes | None:
    return from_base62(text) if 0 < len(text) <= HONCHO_WIDTH else None


DECODERS = {"honcho_v3": _honcho, "honcho_v1": _honcho, "zep": from_uuid_text, "openai": _openai}


def native(dialect: str, external: str) -> bytes | None:
    """The uid the dialect's adapter reads from this vendor id, or None."""
    return DECODERS[dialect](external)


def message(dialect: str, external: str, created_at: str) -> bytes:
    return native(dialect, external) or derived(created_at, dialect, "message", external)
