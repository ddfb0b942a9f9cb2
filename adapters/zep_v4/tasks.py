"""Tasks: v4 answers deletes (and episode adds) with a ``{task}``. Rosetta does the work
before answering, so every task it hands out has already succeeded; tasks are kept as
records so ``GET tasks/{uuid}`` and ``GET tasks`` report them."""

from __future__ import annotations

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.reading import everything, workspace
from adapters.zep_v4 import body
from adapters.zep_v4.errors import not_found
from adapters.zep_v4.kinds import TASK as KIND
from adapters.zep_v4.paging import Window
from store.clock import now_text
from store.ids import new_uid, uuid_text

STATUSES = ("pending", "processing", "succeeded", "partial", "failed")


async def finished(request, ws: str, kind: str, result: dict | None = None) -> dict:
    """A task record for work already done; its v4 shape."""
    uid = new_uid()
    now = now_text()
    task = {"uuid": uuid_text(uid), "type": kind, "status": "succeeded", "created_at": now,
            "started_at": now, "completed_at": now, "updated_at": now}
    if result:
        task["result"] = result
    await store(request).put_record(ws, KIND, uid, task)
    return task


async def get(request):
    ws = workspace(request)
    found = await store(request).get_record(ws, KIND, body.uid(request, "task_uuid"))
    if found is None:
        raise not_found("task")
    return respond(found)


async def list_all(request):
    ws = workspace(request)
    window = Window(request)
    status = body.text(request, "status")
    kind = body.text(request, "type")
    s = store(request)
    tasks = await everything(lambda offset, limit: s.list_records(
        ws, KIND, offset=offset, limit=limit, reverse=True))
    kept = [t for t in tasks if (status is None or t.get("status") == status)
            and (kind is None or t.get("type") == kind)]
    return respond(window.page(kept[window.offset:window.offset + window.size], len(kept)))
