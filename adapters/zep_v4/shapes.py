"""Canonical records as Zep v4 JSON (zep-cloud 4.0.1 ``types/``): users, threads, messages,
graphs, episodes and tasks. Times are RFC 3339 UTC with microseconds; ``uuid`` is the wire
name. A user's graph is addressed by the user's UUID (``graph_uuid`` = ``uuid``)."""

from __future__ import annotations

from adapters.zep_server.extras import own
from adapters.zep_v4.resolve import developer_id
from store.clock import to_text
from store.ids import uuid_text
from store.model import Message, Peer, Session

USER_FIELDS = ("email", "first_name", "last_name", "time_zone", "disable_default_ontology")


def _updated(record) -> str:
    return to_text(record.updated_at or record.created_at)


def user(p: Peer) -> dict:
    mine = own(p)
    shaped = {"uuid": uuid_text(p.uid), "user_id": developer_id(p), "graph_uuid": uuid_text(p.uid),
              "metadata": p.metadata, "created_at": to_text(p.created_at), "updated_at": _updated(p)}
    for key in USER_FIELDS:
        if mine.get(key) is not None:
            shaped[key] = mine[key]
    return shaped


def thread(s: Session, owner: Peer | None) -> dict:
    owner_uuid = uuid_text(owner.uid) if owner is not None else None
    return {"uuid": uuid_text(s.uid), "thread_id": developer_id(s), "user_uuid": owner_uuid,
            "graph_uuid": owner_uuid, "created_at": to_text(s.created_at),
            "updated_at": _updated(s)}


def message_uuid(m: Message) -> str:
    """The message's UUID; one imported from Zep keeps its vendor UUID (as Zep v2 shows it)."""
    return own(m).get("uuid") or uuid_text(m.uid)


def message(m: Message, thread_uuid: str) -> dict:
    created = to_text(m.created_at)
    role = m.role if m.role != "norole" else None
    return {"uuid": message_uuid(m), "thread_uuid": thread_uuid, "role": role,
            "name": m.sender or m.peer, "content": m.content, "metadata": m.metadata,
            "reference_time": created, "created_at": created, "processed": True}


def graph(record: dict) -> dict:
    shaped = {k: record.get(k) for k in ("uuid", "name", "description", "time_zone", "created_at",
                                          "updated_at")}
    shaped["graph_id"] = record.get("graph_id")
    shaped["type"] = "graph"
    return shaped


def user_graph(p: Peer) -> dict:
    return {"uuid": uuid_text(p.uid), "graph_id": None, "type": "user", "user_uuid": uuid_text(p.uid),
            "name": developer_id(p), "created_at": to_text(p.created_at), "updated_at": _updated(p)}


EPISODE_KEYS = ("uuid", "graph_uuid", "content", "source", "source_description", "metadata",
                "reference_time", "created_at", "document_id", "user_uuid")


def episode(record: dict, score: float | None = None) -> dict:
    shaped = {k: record.get(k) for k in EPISODE_KEYS}
    shaped["processed"] = True
    if score is not None:
        shaped["score"] = shaped["relevance"] = score
    return shaped


def message_episode(m: Message, thread_uuid: str, graph_uuid: str | None, score: float | None = None) -> dict:
    """A thread message seen as an episode of its user's graph (Zep ingests messages so)."""
    created = to_text(m.created_at)
    shaped = {"uuid": message_uuid(m), "graph_uuid": graph_uuid, "content": m.content,
              "source": "message", "role": m.role if m.role != "norole" else None,
              "role_name": m.sender or m.peer, "thread_uuid": thread_uuid,
              "metadata": m.metadata, "reference_time": created, "created_at": created,
              "processed": True}
    if score is not None:
        shaped["score"] = shaped["relevance"] = score
    return shaped
