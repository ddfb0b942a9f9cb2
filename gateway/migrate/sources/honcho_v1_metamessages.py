"""Honcho v1 metamessages of one user, through ``POST U/metamessages/list``, which every v1
server serves (docs/vendors.md, Honcho §3.3), stored as the v1 dialect stores them: records of kind
``honcho_v1.metamessage`` owned by the user's peer name, their ids kept as aliases.

Server 1.x metamessages name their session and message (both optional). v1-early servers
(0.0.12-0.0.16) only had session-level metamessages, each on a message, and list them with
``metamessage_type`` and ``message_id`` but no ``session_id``: the session is the one the store
holds that message in, as the early routes of the v1 dialect (``S/metamessages``) need it. The
user's sessions are copied first; a metamessage whose message is not in the store fails its
unit, so a resume copies it once the session is in."""

from __future__ import annotations

import msgspec

from adapters.honcho_v1 import METAMESSAGE, uid_of
from gateway.migrate import rows, times, uids
from gateway.migrate.sources import paging
from gateway.migrate.unit import Unplaced
from store.archive import RecordRow

DIALECT = "honcho_v1"


class Metamessage(msgspec.Struct):
    id: str
    content: str = ""
    label: str | None = None
    metamessage_type: str | None = None  # v1-early's name for label, still sent by 1.x
    session_id: str | None = None  # absent on v1-early servers
    message_id: str | None = None
    metadata: dict | None = None
    created_at: str | None = None


async def batches(client, store, head, base: str, owner: str, size: int):
    """The user's metamessages, page by page (``base`` is ``/v1/apps/{a}/users/{u}``)."""
    async for page in paging.honcho(client, base + "/metamessages/list", Metamessage, size=size):
        batch = [head]
        for mm in page:
            batch += _rows(head.name, owner, mm, await _session(store, head.name, mm))
        yield batch


async def _session(store, ws: str, mm: Metamessage) -> str | None:
    """The metamessage's session: its own, else (v1-early) its message's in the store."""
    if mm.session_id is not None or mm.message_id is None:
        return mm.session_id
    uid = await store.resolve_alias(DIALECT, "message", mm.message_id) or uids.native(DIALECT, mm.message_id)
    found = await store.get_message(ws, uid) if uid is not None else None
    if found is None:
        raise Unplaced(f"metamessage {mm.id}: its message {mm.message_id} is not in the store "
                       "(its session was not copied)")
    return found.session


def _rows(ws: str, owner: str, mm: Metamessage, session: str | None) -> list:
    created = times.stamp(mm.created_at)
    uid = (uid_of(mm.id) or uids.derived(created, DIALECT, "metamessage", mm.id)).hex()
    body = {"id": mm.id, "label": mm.label or mm.metamessage_type, "content": mm.content,
            "session_id": session, "message_id": mm.message_id, "metadata": mm.metadata or {},
            "created_at": times.shown(mm.created_at), "user": owner}
    return [RecordRow(workspace=ws, kind=METAMESSAGE, uid=uid, parent=owner, body=body),
            rows.alias(DIALECT, "metamessage", mm.id, uid)]
