"""Graph episodes, stored as records of their graph: add, list, get, update metadata, delete,
and a document's episodes. Nothing is extracted from them (no LLM): they are kept and searched
by keyword."""

from __future__ import annotations

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.reading import everything, workspace
from adapters.zep_v4 import body, shapes, tasks, wire
from adapters.zep_v4.errors import bad_request, not_found
from adapters.zep_v4.graphs import of_path
from adapters.zep_v4.kinds import EPISODE
from adapters.zep_v4.paging import Window
from store.clock import now_text, to_text
from store.ids import new_uid, uuid_text

MAX_DATA = 10_000  # Zep's limit on an episode's data
TYPES = ("text", "json", "message")


def record(graph, data: wire.AddEpisode) -> tuple[bytes, dict]:
    if not data.data.strip():
        raise bad_request("data cannot be empty", "data")
    if len(data.data) > MAX_DATA:
        raise bad_request(f"data exceeds {MAX_DATA} characters", "data")
    kind = data.type or "text"
    if kind not in TYPES:
        raise bad_request(f"type must be one of {', '.join(TYPES)}", "type")
    uid = new_uid()
    now = now_text()
    when = body.moment(data.reference_time, "reference_time")
    return uid, {
        "uuid": uuid_text(uid), "graph_uuid": graph.uuid, "content": data.data, "source": kind,
        "source_description": data.source_description,
        "metadata": body.metadata(data.metadata), "document_id": data.document_id,
        "reference_time": to_text(when) if when else now, "created_at": now,
        "user_uuid": graph.uuid if graph.user is not None else None,
    }


async def add(request):
    ws = workspace(request)
    graph = await of_path(request, ws)
    data = await body.parse(request, wire.AddEpisode)
    uid, fields = record(graph, data)
    saved = await store(request).put_record(ws, EPISODE, uid, fields, parent=graph.uuid)
    task = await tasks.finished(request, ws, "episode.add", {"episode_uuid": saved["uuid"]})
    return respond({"episode": shapes.episode(saved), "task": task}, 202)


async def all_of(request, ws: str, graph_uuid: str, *, reverse: bool = False) -> list[dict]:
    s = store(request)
    return await everything(lambda offset, limit: s.list_records(
        ws, EPISODE, parent=graph_uuid, offset=offset, limit=limit, reverse=reverse))


async def list_all(request):
    ws = workspace(request)
    graph = await of_path(request, ws)
    window = Window(request)
    body.choice(request, "order_by", ("created_at", "uuid"), "created_at")
    reverse = body.choice(request, "order", ("asc", "desc"), "asc") == "desc"
    await body.parse(request, wire.EpisodeList, empty=wire.EpisodeList())
    page = await store(request).list_records(
        ws, EPISODE, parent=graph.uuid, offset=window.offset, limit=window.size, reverse=reverse)
    return respond(window.page([shapes.episode(e) for e in page.items], page.total))


async def for_document(request):
    ws = workspace(request)
    graph = await of_path(request, ws)
    window = Window(request)
    document = request.path_params["document_id"]
    kept = [e for e in await all_of(request, ws, graph.uuid) if e.get("document_id") == document]
    page = kept[window.offset:window.offset + window.size]
    return respond(window.page([shapes.episode(e) for e in page], len(kept)))


async def one(request, ws: str, graph_uuid: str) -> tuple[bytes, dict]:
    uid = body.uid(request, "episode_uuid")
    found = await store(request).get_record(ws, EPISODE, uid)
    if found is None or found.get("graph_uuid") != graph_uuid:
        raise not_found("episode")
    return uid, found


async def get(request):
    ws = workspace(request)
    graph = await of_path(request, ws)
    _, found = await one(request, ws, graph.uuid)
    return respond(shapes.episode(found))


async def update(request):
    ws = workspace(request)
    graph = await of_path(request, ws)
    uid, found = await one(request, ws, graph.uuid)
    data = await body.parse(request, wire.MetadataPatch)
    patch = body.metadata(data.metadata, nulls=True) if data.metadata is not None else {}
    merged = body.merged(found.get("metadata") or {}, patch)
    body.metadata(merged)
    saved = await store(request).put_record(ws, EPISODE, uid, {**found, "metadata": merged},
                                            parent=graph.uuid)
    return respond(shapes.episode(saved))


async def delete(request):
    ws = workspace(request)
    graph = await of_path(request, ws)
    uid, _ = await one(request, ws, graph.uuid)
    await store(request).delete_record(ws, EPISODE, uid)
    return respond({"task": await tasks.finished(request, ws, "episode.delete")}, 202)
