"""Canonical records and stored v1 records as Honcho v1 JSON, in 1.1.0's field order
(docs/vendors.md, Honcho §3.1).

v1-early clients get the same objects: each 0.0.16 shape is a subset of its 1.1.0 shape.
Metadata comes in JSONB's key order, as Honcho reads it back from PostgreSQL; an answer to a
write that set metadata shows the request's order instead (``echoed``): Honcho returns the
object it just wrote without reading it back.
"""

from __future__ import annotations

from adapters.honcho_v1 import ids
from adapters.honcho_v1.jsonb import ordered
from adapters.honcho_v1.scope import Scope
from adapters.honcho_server.shapes import iso, page  # noqa: F401  (page re-exported)
from store.model import Message, Peer, Session, Workspace


def app(w: Workspace) -> dict:
    return {"id": ids.shown(w), "name": w.name, "metadata": ordered(w.metadata),
            "created_at": iso(w.created_at)}


def user(p: Peer, app_id: str) -> dict:
    return {"id": ids.shown(p), "name": p.name, "app_id": app_id,
            "created_at": iso(p.created_at), "metadata": ordered(p.metadata)}


def is_active(s: Session) -> bool:
    return s.is_active and s.ended_at is None


def session(s: Session, scope: Scope) -> dict:
    return {"id": s.name, "is_active": is_active(s), "user_id": scope.user_id,
            "app_id": scope.app_id, "metadata": ordered(s.metadata), "created_at": iso(s.created_at)}


def message(m: Message, scope: Scope, created_at: str | None = None) -> dict:
    return {"id": ids.shown(m), "content": m.content, "is_user": m.role == "user",
            "session_id": m.session, "metadata": ordered(m.metadata),
            "created_at": created_at or iso(m.created_at), "app_id": scope.app_id,
            "user_id": scope.user_id}


def metamessage(record: dict, scope: Scope) -> dict:
    return {"id": record["id"], "label": record["label"], "content": record["content"],
            "user_id": scope.user_id, "app_id": scope.app_id,
            "session_id": record.get("session_id"), "message_id": record.get("message_id"),
            "metadata": ordered(record["metadata"]), "created_at": record["created_at"],
            "metamessage_type": record["label"]}


def collection(record: dict, scope: Scope) -> dict:
    return {"id": record["id"], "name": record["name"], "user_id": scope.user_id,
            "app_id": scope.app_id, "metadata": ordered(record["metadata"]),
            "created_at": record["created_at"]}


def document(record: dict, scope: Scope) -> dict:
    return {"id": record["id"], "content": record["content"], "metadata": ordered(record["metadata"]),
            "created_at": record["created_at"], "collection_id": record["collection_id"],
            "app_id": scope.app_id, "user_id": scope.user_id}


def echoed(shape: dict, metadata: dict | None) -> dict:
    """A write's answer: the metadata the request set, in its own key order (None: as stored)."""
    return shape if metadata is None else {**shape, "metadata": metadata}
