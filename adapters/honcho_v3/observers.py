"""Honcho's cap on a session's observers (peers whose session config has ``observe_others``):
more than ``SESSION_OBSERVERS_LIMIT`` (10) is its 400, checked as its crud checks it."""

from __future__ import annotations

from adapters.honcho_server.errors import fail

LIMIT = 10
MAX_MEMBERS = 100_000


def too_many(session: str, count: int):
    return fail(400, f"Cannot create session {session} with {count} observers. Maximum allowed is "
                     f"{LIMIT} observers per session. Observers are peers with 'observe_others' set to true.")


def count(configs: dict) -> int:
    return sum(1 for c in configs.values() if c.get("observe_others"))


def check_new(session: str, configs: dict | None) -> None:
    """Creating a session, or setting its peers outright: only the given configs count."""
    found = count(configs or {})
    if found > LIMIT:
        raise too_many(session, found)


async def check_added(s, workspace: str, session: str, configs: dict | None) -> None:
    """Adding or reconfiguring peers: the given observers plus the session's other active ones."""
    new = count(configs or {})
    if not new:
        return
    members = await s.list_members(workspace, session, limit=MAX_MEMBERS)
    others = 0
    for peer in members.items:
        if peer.name not in configs:
            member = await s.get_member(workspace, session, peer.name)
            others += bool(member and member.configuration.get("observe_others"))
    if new + others > LIMIT:
        raise too_many(session, new + others)
