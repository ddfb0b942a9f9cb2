"""OpenAI threads (``/v1/threads``) and Conversations (``/v1/conversations``): there is no
listing, so the ids come from ``--thread-ids``. Messages are read with ``order=asc`` and the
``after`` cursor (docs/vendors.md, OpenAI §3, §6, §12). Records land in ``--workspace`` (default
``default``); thread and conversation ids are session names in every dialect (docs/contract.md §2).

A message keeps, in ``extras["openai"]``, what the dialect cannot derive: assistant and run ids,
content parts, attachments, and ``status``, ``incomplete_details``, ``completed_at`` and
``incomplete_at`` where they differ from what it shows for its own messages (completed at
creation); an item keeps its ``status`` likewise. Not copied: conversation items that are not
messages (function calls, reasoning, ...), and an item's ``phase``: the store has no place for
them, and no dialect shows them."""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

import msgspec

from gateway.migrate import rows, times
from gateway.migrate.sources import paging
from gateway.migrate.unit import Listed, Unit
from gateway.migrate.vendor_api import VendorApi

DIALECT = "openai"
API = VendorApi(scheme="Bearer", prefix="/v1", headers=(("OpenAI-Beta", "assistants=v2"),))
OPENAI_MAX_LIMIT = 100


class Thread(msgspec.Struct):
    id: str
    created_at: int | None = None
    metadata: dict | None = None
    tool_resources: dict | None = None


Unset = msgspec.UnsetType
UNSET = msgspec.UNSET


class Message(msgspec.Struct):
    id: str
    created_at: int | None = None
    role: str | None = None
    content: list[dict] = []
    assistant_id: str | None = None
    run_id: str | None = None
    attachments: list | None = None
    metadata: dict | None = None
    status: str | None | Unset = UNSET
    incomplete_details: dict | None | Unset = UNSET
    completed_at: int | None | Unset = UNSET
    incomplete_at: int | None | Unset = UNSET


class Item(msgspec.Struct):
    id: str
    type: str = "message"
    role: str | None = None
    content: list[dict] | str = []
    status: str | None = None


def _size(options) -> int:
    return min(options.page_size, OPENAI_MAX_LIMIT)


async def units(client, options, store=None):
    ws = options.workspace_or_default()
    head = rows.workspace(DIALECT, ws, times.stamp(None))
    yield Listed(len(options.thread_ids))
    for ident in options.thread_ids:
        ident = quote(ident, safe="")
        if ident.startswith("conv_"):
            work = partial(_conversation_rows, client, head, ident, _size(options))
            yield Unit(f"{ws}/{ident}", f"conversation {ident}", work)
        else:
            yield Unit(f"{ws}/{ident}", f"thread {ident}", partial(_thread_rows, client, head, ident, _size(options)))


async def _thread_rows(client, head, ident: str, size: int):
    ws = head.name
    thread = await client.call("GET", f"/v1/threads/{ident}", type=Thread)
    own = {"tool_resources": thread.tool_resources} if thread.tool_resources else None
    yield [head, rows.session(DIALECT, ws, thread.id, times.stamp(thread.created_at),
                              metadata=thread.metadata, extras={DIALECT: own} if own else None)]
    authors = rows.Authors(DIALECT, ws, thread.id, join=True)
    pages = paging.cursor(client, f"/v1/threads/{ident}/messages", Message, size=size)
    async for batch in paging.numbered_rows(pages, lambda m, seq: _message(ws, thread.id, m, seq, authors)):
        yield batch


def _content(parts: list[dict]) -> tuple[str, list | None]:
    """Canonical text, and the parts to keep unless one plain text part says it all."""
    texts = [p["text"]["value"] for p in parts if p.get("type") == "text" and isinstance(p.get("text"), dict)]
    plain = len(parts) == 1 and len(texts) == 1 and not parts[0]["text"].get("annotations")
    return "\n".join(texts), None if plain else parts


def _lifecycle(m: Message) -> dict:
    """The vendor's status fields that differ from what the dialect shows by default (status
    completed at ``created_at``); a null the vendor sent is kept, a field it left out is not."""
    shown = {"status": "completed", "incomplete_details": None, "completed_at": m.created_at,
             "incomplete_at": None}
    sent = {k: getattr(m, k) for k in shown}
    return {k: v for k, v in sent.items() if v is not UNSET and v != shown[k]}


def _message(ws: str, session: str, m: Message, seq: int, authors) -> list:
    created = times.stamp(m.created_at)
    text, parts = _content(m.content)
    own = {k: v for k, v in (("assistant_id", m.assistant_id), ("run_id", m.run_id),
                             ("content", parts), ("attachments", m.attachments or None))
           if v is not None}
    own.update(_lifecycle(m))
    author = m.assistant_id if m.role == "assistant" else None
    row, alias = rows.message(DIALECT, ws, session, m.id, seq, created, text, role=m.role,
                              author=author, metadata=m.metadata, extras={DIALECT: own})
    return [*authors.rows(author, m.role, created), row, alias]


async def _conversation_rows(client, head, ident: str, size: int):
    ws = head.name
    found = await client.call("GET", f"/v1/conversations/{ident}", type=Thread)
    created = times.stamp(found.created_at)
    yield [head, rows.session(DIALECT, ws, found.id, created, metadata=found.metadata)]
    seq = 0
    async for page in paging.cursor(client, f"/v1/conversations/{ident}/items", Item, size=size):
        batch = []
        for item in page:
            if item.type == "message":
                seq += 1
                batch += _item(ws, found.id, item, seq, created)
        yield batch


def _item(ws: str, session: str, item: Item, seq: int, created: str) -> list:
    parts = [{"type": "input_text", "text": item.content}] if isinstance(item.content, str) else item.content
    text = "\n".join(p["text"] for p in parts if isinstance(p.get("text"), str))
    own = {"items": parts, **({"item_role": "developer"} if item.role == "developer" else {}),
           **({"item_status": item.status} if item.status not in (None, "completed") else {})}
    role = "system" if item.role == "developer" else item.role
    row, alias = rows.message(DIALECT, ws, session, item.id, seq, created, text, role=role,
                              extras={DIALECT: own})
    return [row, alias]
