"""The learned roles of messages' author peers: what a roleless message (a Honcho write) shows
as its ``role_type`` (docs/contract.md §3, README "Roles")."""

from __future__ import annotations

from adapters.contract import store
from store.model import Message


async def learned(request, ws: str, messages: list[Message]) -> dict:
    """Author peer -> the role it learned from role-aware writes, for messages with no role."""
    names = {m.peer for m in messages if m.peer and not m.role}
    roles = {}
    for name in names:
        peer = await store(request).get_peer(ws, name)
        roles[name] = peer.role if peer else None
    return roles
