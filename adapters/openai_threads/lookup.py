"""What OpenAI handlers look up: the caller's workspace (checking the beta header), threads, and
the learned roles of message authors."""

from __future__ import annotations

from adapters.contract import bound_workspace, settings_of, store
from adapters.openai_threads import shapes
from adapters.openai_threads.errors import invalid, not_found
from store.model import Message

DEFAULT_WORKSPACE = "default"
BETA_MISSING = ("You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try "
                "again by setting the header 'OpenAI-Beta: assistants=v2'.")


def workspace(request) -> str:
    """The key's workspace, or ``default`` (auth off or an admin key); checks the beta header."""
    if settings_of(request).openai_require_beta:
        beta = request.headers.get("openai-beta")
        if beta is None:
            raise invalid(BETA_MISSING, None, "invalid_beta")
        if "assistants=v2" not in [b.strip() for b in beta.split(",")]:
            raise invalid(f"Invalid beta header provided: '{beta}'. The header should be in the format "
                          "'OpenAI-Beta: assistants=v2'.", None, "invalid_beta")
    return bound_workspace(request) or DEFAULT_WORKSPACE


def closed(name: str):
    return invalid(f"Thread {name} is ended or deleted in another dialect and cannot be written.", None, None)


async def thread(request, ws: str):
    name = request.path_params["thread_id"]
    found = await store(request).get_session(ws, name)
    if found is None:
        raise not_found("thread", name)
    return found


async def peer_roles(request, ws: str, messages: list[Message]) -> dict:
    """Learned roles of the author peers of messages with no role of their own."""
    names = {m.peer for m in messages if m.peer and m.role not in ("user", "assistant")}
    roles = {}
    for name in names:
        peer = await store(request).get_peer(ws, name)
        roles[name] = peer.role if peer else None
    return roles


async def render(request, ws: str, messages: list[Message]) -> list[dict]:
    roles = await peer_roles(request, ws, messages)
    return [shapes.message(m, roles) for m in messages]
