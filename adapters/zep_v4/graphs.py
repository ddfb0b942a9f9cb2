"""Graphs: a user's graph (addressed by the user's UUID) or a standalone graph (a record).
Create, list, lookup, get, update and delete standalone graphs; resolve any graph UUID."""

from __future__ import annotations

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.reading import everything, workspace
from adapters.zep_v4 import body, shapes, tasks, wire
from adapters.zep_v4.errors import bad_request, not_found
from adapters.zep_v4.kinds import GRAPH
from adapters.zep_v4.paging import Window
from adapters.zep_v4.resolve import owners
from adapters.zep_v4.users import drop_episodes, enrolled_user
from store.clock import now_text
from store.ids import new_uid, uuid_text
from store.model import Peer


class Graph:
    """A resolved graph: ``user`` for a user's graph, else the standalone graph's record."""

    def __init__(self, uuid: str, user: Peer | None = None, record: dict | None = None):
        self.uuid, self.user, self.record = uuid, user, record

    def shaped(self) -> dict:
        return shapes.user_graph(self.user) if self.user is not None else shapes.graph(self.record)


async def resolve(request, ws: str, text: str, param: str = "graph_uuid") -> Graph:
    uid = body.uuid_value(text, param)
    s = store(request)
    peer = await s.peer_by_uid(ws, uid)
    if peer is not None:
        return Graph(uuid_text(uid), user=peer)
    record = await s.get_record(ws, GRAPH, uid)
    if record is None:
        raise not_found("graph")
    return Graph(uuid_text(uid), record=record)


async def of_path(request, ws: str) -> Graph:
    return await resolve(request, ws, request.path_params["graph_uuid"])


async def standalone(request, ws: str, graph_id: str | None, fields: dict) -> dict:
    """A new standalone graph record (``graph_id`` None: a v4 graph with no developer id)."""
    uid = new_uid()
    now = now_text()
    record = {"uuid": uuid_text(uid), "graph_id": graph_id, "name": fields.get("name"),
              "description": fields.get("description"), "time_zone": fields.get("time_zone"),
              "created_at": now, "updated_at": now}
    return await store(request).put_record(ws, GRAPH, uid, record, parent=graph_id or "")


async def create(request):
    ws = workspace(request)
    data = await body.parse(request, wire.GraphCreate, empty=wire.GraphCreate())
    fields = {k: getattr(data, k) for k in ("name", "description", "time_zone")}
    return respond(shapes.graph(await standalone(request, ws, None, fields)), 201)


async def list_all(request):
    ws = workspace(request)
    window = Window(request)
    body.choice(request, "order_by", ("created_at", "uuid", "name"), "created_at")
    reverse = body.choice(request, "order", ("asc", "desc"), "asc") == "desc"
    data = await body.parse(request, wire.Search, empty=wire.Search())
    s = store(request)
    graphs = await everything(lambda offset, limit: s.list_records(
        ws, GRAPH, offset=offset, limit=limit, reverse=reverse))
    term = (data.search or "").lower()
    kept = [g for g in graphs if term in " ".join(
        str(g.get(k) or "") for k in ("graph_id", "name", "description")).lower()]
    page = kept[window.offset:window.offset + window.size]
    return respond(window.page([shapes.graph(g) for g in page], len(kept)))


async def by_graph_id(request, ws: str, graph_id: str) -> dict | None:
    page = await store(request).list_records(ws, GRAPH, parent=graph_id, limit=1)
    return page.items[0] if page.items else None


async def lookup(request):
    ws = workspace(request)
    data = await body.parse(request, wire.Lookup)
    given = [k for k in ("graph_id", "user_id", "thread_id") if getattr(data, k) is not None]
    if len(given) != 1:
        raise bad_request("give exactly one of user_id, thread_id and graph_id")
    key = given[0]
    value = body.clean(getattr(data, key), key)
    if key == "graph_id":
        record = await by_graph_id(request, ws, value)
        if record is None:
            raise not_found("graph")
        return respond(shapes.graph(record))
    if key == "user_id":
        return respond(shapes.user_graph(await enrolled_user(request, ws, value)))
    session = await store(request).get_session(ws, value)
    owner = session and (await owners(request, ws, [session])).get(session.owner)
    if not owner:
        raise not_found("graph")
    return respond(shapes.user_graph(owner))


async def get(request):
    ws = workspace(request)
    return respond((await of_path(request, ws)).shaped())


async def update(request):
    ws = workspace(request)
    graph = await of_path(request, ws)
    if graph.record is None:
        raise bad_request("a user's graph takes its name from the user; update the user", "graph_uuid")
    data = await body.parse(request, wire.GraphUpdate, empty=wire.GraphUpdate())
    changed = {k: getattr(data, k) for k in ("name", "description", "time_zone")
               if getattr(data, k) is not None}
    record = {**graph.record, **changed, "updated_at": now_text()}
    uid = body.uuid_value(graph.uuid, "graph_uuid")
    saved = await store(request).put_record(ws, GRAPH, uid, record, parent=record.get("graph_id") or "")
    return respond(shapes.graph(saved))


async def warm(request):
    """Zep loads a graph into its cache; Rosetta's is always ready: a task that succeeded."""
    ws = workspace(request)
    await of_path(request, ws)
    return respond({"task": await tasks.finished(request, ws, "graph.warm")}, 202)


async def delete(request):
    """A standalone graph and its episodes; a user's graph goes with its user."""
    ws = workspace(request)
    graph = await of_path(request, ws)
    if graph.record is None:
        raise bad_request("a user's graph is deleted with the user", "graph_uuid")
    await drop_episodes(request, ws, graph.uuid)
    await store(request).delete_record(ws, GRAPH, body.uuid_value(graph.uuid, "graph_uuid"))
    return respond({"task": await tasks.finished(request, ws, "graph.delete")}, 202)



