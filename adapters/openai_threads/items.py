"""Conversation items over canonical messages (docs/vendors.md, OpenAI §12-13).

A message item is {"type":"message","id","status","role","content"}: no created_at, no metadata.
Content written through Conversations is kept whole in extras["openai"]["items"]; messages
written elsewhere are mapped: user text -> input_text, assistant text -> output_text, thread
image parts -> input_image.
"""

from __future__ import annotations

from adapters.openai_threads import bodies, shapes, validate
from adapters.openai_threads.errors import invalid
from adapters.openai_threads.schema import check
from store.model import Message, NewMessage

ROLES = ("user", "assistant", "system", "developer")


def _text_part(role: str, text: str) -> dict:
    if role == "assistant":
        return {"type": "output_text", "text": text, "annotations": [], "logprobs": []}
    return {"type": "input_text", "text": text}


def _from_thread_part(role: str, part: dict) -> dict:
    if part["type"] == "text":
        return _text_part(role, part["text"]["value"])
    if part["type"] == "image_file":
        return {"type": "input_image", "file_id": part["image_file"]["file_id"], "image_url": None,
                "detail": part["image_file"].get("detail") or "auto"}
    if part["type"] == "image_url":
        return {"type": "input_image", "image_url": part["image_url"]["url"], "file_id": None,
                "detail": part["image_url"].get("detail") or "auto"}
    return part


def item(m: Message, peer_roles: dict) -> dict:
    own = shapes.extras(m)
    role = own.get("item_role") or (m.role if m.role in ROLES else shapes.role(m, peer_roles))
    if own.get("items") is not None:
        content = own["items"]
    elif own.get("content") is not None:
        content = [_from_thread_part(role, p) for p in own["content"]]
    else:
        content = [_text_part(role, m.content)]
    return {"type": "message", "id": shapes.message_id(m), "status": own.get("item_status") or "completed",
            "role": role, "content": content}


def _part(part: dict, role: str) -> tuple[dict, str]:
    kind = part["type"]
    if kind in ("input_text", "output_text", "text"):
        text = part["text"]
        return ({**_text_part(role, text), "type": kind} if kind != "text" else _text_part(role, text)), text
    return {"type": "input_image", "image_url": part.get("image_url"), "file_id": part.get("file_id"),
            "detail": part.get("detail") or "auto"}, ""


def new_message(data, param: str) -> NewMessage:
    validate_item(data, param)
    role = data["role"]
    raw = data["content"]
    if isinstance(raw, str):
        parts, texts = [_text_part(role, raw)], [raw]
    else:
        shaped = [_part(p, role) for p in raw]
        parts, texts = [p for p, _ in shaped], [t for _, t in shaped if t]
    own = {"items": parts}
    if role == "developer":
        own["item_role"] = "developer"
    return NewMessage(content=validate.text("\n".join(texts), f"{param}.content"),
                      role="system" if role == "developer" else role, extras={shapes.DIALECT: own})


def validate_item(data, param: str) -> None:
    """Message items only (other item types are refused by name), a role first as OpenAI
    reports it, then the item against bodies.ITEM."""
    check(bodies.ANY_OBJECT, data, param, required=True)
    if data.get("type", "message") != "message":
        raise invalid(f"Invalid value: '{data.get('type')}'. Rosetta stores message items only.", f"{param}.type", "invalid_value")
    role = data.get("role") or ""
    if role not in ROLES:
        raise invalid(f"Invalid value: '{role}'. Supported values are: 'assistant', 'system', 'developer', and 'user'.",
                      param, "invalid_value")
    check(bodies.ITEM, data, param, required=True)


def new_messages(items: list | None, param: str = "items") -> list[NewMessage]:
    """Items from a body already checked against bodies.CONVERSATION_CREATE / ITEMS_CREATE."""
    return [new_message(x, f"{param}[{i}]") for i, x in enumerate(items or [])]
