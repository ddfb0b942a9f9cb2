"""Store lookups as Honcho v3 answers them: missing or inactive records as its 404s, message
ids (ours or an imported vendor id)."""

from __future__ import annotations

from adapters.honcho_server.errors import fail
from store.errors import Inactive, NotFound
from store.ids import from_base62


def session_missing(workspace: str, session: str):
    return fail(404, f"Session {session} not found in workspace {workspace}")


async def guard(awaitable, workspace: str, session: str | None = None):
    """Await a store call, turning missing/inactive records into Honcho's 404s."""
    try:
        return await awaitable
    except (NotFound, Inactive) as exc:
        if exc.kind == "session" or session is not None and exc.kind != "peer":
            raise session_missing(workspace, session or exc.key) from exc
        if exc.kind == "peer":
            raise fail(404, f"Peer {exc.key} not found in workspace {workspace}") from exc
        if exc.kind == "workspace":
            raise fail(404, f"Workspace {workspace} not found") from exc
        raise fail(404, f"{exc.kind.capitalize()} not found") from exc


async def message_uid(s, text: str) -> bytes | None:
    """The uid behind a Honcho message id: our base62 form, or an imported vendor id's alias."""
    uid = from_base62(text) if len(text) <= 22 else None
    return uid or await s.resolve_alias("honcho_v3", "message", text)
