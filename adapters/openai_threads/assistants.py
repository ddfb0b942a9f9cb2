"""Assistants, stored as plain records so start-up code that creates one keeps working.

No model is ever called; the record is what OpenAI returned, minus anything a run would need.
"""

from __future__ import annotations

import time

from adapters.openai_threads import bodies, shapes, validate
from adapters.contract import store
from adapters.http import respond
from adapters.openai_threads.lookup import workspace
from adapters.openai_threads.errors import invalid, not_found
from store.ids import new_uid

KIND = "openai.assistant"


def _apply(record: dict, data: dict) -> dict:
    """The checked body onto the record: a given null leaves a field as it was."""
    if "metadata" in data:
        record["metadata"] = data["metadata"] or {}
    record.update({k: v for k, v in data.items() if k != "metadata" and v is not None})
    return record


async def create(request):
    ws = workspace(request)
    data = await validate.json_object(request, bodies.ASSISTANT_CREATE)
    if not data.get("model"):
        raise invalid("Missing required parameter: 'model'.", "model", "missing_required_parameter")
    uid = new_uid()
    record = _apply({
        "id": shapes.mint("asst_", uid), "object": "assistant", "created_at": int(time.time()),
        "name": None, "description": None, "model": None, "instructions": None, "tools": [],
        "metadata": {}, "top_p": 1.0, "temperature": 1.0, "tool_resources": {},
        "response_format": "auto",
    }, data)
    await store(request).put_record(ws, KIND, uid, record)
    return respond(record)


async def _find(request, ws: str):
    ident = request.path_params["assistant_id"]
    uid = shapes.uid_of(ident, "asst_")
    record = await store(request).get_record(ws, KIND, uid) if uid else None
    if record is None:
        raise not_found("assistant", ident)
    return uid, record


async def retrieve(request):
    ws = workspace(request)
    return respond((await _find(request, ws))[1])


async def modify(request):
    ws = workspace(request)
    uid, record = await _find(request, ws)
    data = await validate.json_object(request, bodies.ASSISTANT_MODIFY)
    record = _apply(record, data)
    await store(request).put_record(ws, KIND, uid, record)
    return respond(record)


async def delete(request):
    ws = workspace(request)
    uid, _ = await _find(request, ws)
    await store(request).delete_record(ws, KIND, uid)
    return respond({"id": request.path_params["assistant_id"], "object": "assistant.deleted", "deleted": True})


async def list_all(request):
    ws = workspace(request)
    limit = validate.integer(request, "limit", 20, 1, 100)
    reverse = validate.order(request) == "desc"
    records = (await store(request).list_records(ws, KIND, limit=100_000, reverse=reverse)).items
    ids = [r["id"] for r in records]
    for param, step in (("after", 1), ("before", 0)):
        ident = request.query_params.get(param)
        if ident:
            if ident not in ids:
                raise invalid(f"Invalid value for '{param}': no assistant with id '{ident}'.", param, "invalid_value")
            at = ids.index(ident)
            records, ids = (records[at + 1:], ids[at + 1:]) if step else (records[:at], ids[:at])
    return respond(shapes.listing(records[:limit], len(records) > limit))
