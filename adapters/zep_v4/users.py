"""Users (enrolled canonical peers): create, list, lookup, get, update, delete.

A user made without a ``user_id`` is named after its own UUID and shows ``user_id: null``.
docs/contract.md §8: only enrolled peers (made as users or peers on purpose) are listed or
found by lookup; an author named only by a message is not, though its UUID still answers.
"""

from __future__ import annotations

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.extras import VENDOR, own_update
from adapters.zep_server.reading import everything, workspace
from adapters.zep_v4 import body, shapes, tasks, wire
from adapters.zep_v4.errors import bad_request, conflict, not_found
from adapters.zep_v4.kinds import EPISODE
from adapters.zep_v4.paging import Window
from adapters.zep_v4.resolve import developer_id, user_of
from store.errors import Conflict, NotFound
from store.ids import new_uid, uuid_text
from store.order import CREATED, NAME, extras_key
from store.query import AnyOf, Cond, all_of

ORDERS = {"created_at": CREATED, "uuid": CREATED, "user_id": NAME,
          "email": extras_key(VENDOR, "email")}
ENROLLED = Cond("enrolled", "eq", True)
SEARCHED = ("email", "first_name", "last_name")


def fields(data: wire.UserUpdate) -> dict:
    return {k: getattr(data, k) for k in shapes.USER_FIELDS if getattr(data, k) is not None}


async def create(request):
    ws = workspace(request)
    data = await body.parse(request, wire.UserCreate)
    metadata = body.nested(body.merged({}, data.metadata or {}), "metadata")
    extras = fields(data)
    uid = None
    if data.user_id is None:
        uid = new_uid()
        name = uuid_text(uid)
    else:
        name = body.clean(data.user_id, "user_id")
    try:
        peer, _ = await store(request).ensure_peer(
            ws, name, metadata=metadata, extras={VENDOR: extras} if extras else None,
            exists_ok=False, uid=uid)
    except Conflict:
        raise conflict(f"a user with user_id {name!r} already exists") from None
    return respond(shapes.user(peer), 201)


def matching(term: str | None):
    if not term:
        return None
    return AnyOf([Cond("name", "icontains", term),
                  *(Cond("extras", "icontains", term, key=[VENDOR, k]) for k in SEARCHED)])


async def list_all(request):
    ws = workspace(request)
    window = Window(request)
    order = ORDERS[body.choice(request, "order_by", tuple(ORDERS), "created_at")]
    reverse = body.choice(request, "order", ("asc", "desc"), "asc") == "desc"
    data = await body.parse(request, wire.Search, empty=wire.Search())
    page = await store(request).list_peers(
        ws, where=all_of(ENROLLED, matching(data.search)), offset=window.offset,
        limit=window.size, reverse=reverse, order=order)
    return respond(window.page([shapes.user(p) for p in page.items], page.total))


def one_of(data: wire.Lookup) -> tuple[str, str]:
    given = [(k, getattr(data, k)) for k in ("user_id", "thread_id", "graph_id")
             if getattr(data, k) is not None]
    if len(given) != 1:
        raise bad_request("give exactly one of user_id, thread_id and graph_id")
    key, value = given[0]
    return key, body.clean(value, key)


async def enrolled_user(request, ws: str, user_id: str):
    peer = await store(request).get_peer(ws, user_id)
    if peer is None or not peer.enrolled or developer_id(peer) is None:
        raise not_found("user")
    return peer


async def lookup(request):
    ws = workspace(request)
    key, value = one_of(await body.parse(request, wire.Lookup))
    if key == "user_id":
        return respond(shapes.user(await enrolled_user(request, ws, value)))
    if key == "thread_id":
        session = await store(request).get_session(ws, value)
        owner = session and session.owner and await store(request).get_peer(ws, session.owner)
        if not owner:
            raise not_found("user")
        return respond(shapes.user(owner))
    raise not_found("user")  # a standalone graph belongs to no user


async def get(request):
    ws = workspace(request)
    return respond(shapes.user(await user_of(request, ws)))


async def update(request):
    ws = workspace(request)
    found = await user_of(request, ws)
    data = await body.parse(request, wire.UserUpdate, empty=wire.UserUpdate())
    patch = body.nested(data.metadata or {}, "metadata")
    extras = fields(data)
    peer = await store(request).update_peer(
        ws, found.name, metadata=lambda old: body.merged(old, patch),
        extras=own_update(extras) if extras else None)
    return respond(shapes.user(peer))


async def delete(request):
    """The user, its threads and its graph's episodes."""
    ws = workspace(request)
    found = await user_of(request, ws)
    s = store(request)
    try:
        await s.delete_peer(ws, found.name, with_owned_sessions=True)
    except NotFound:
        raise not_found("user") from None
    await drop_episodes(request, ws, uuid_text(found.uid))
    return respond({"task": await tasks.finished(request, ws, "user.delete")}, 202)


async def drop_episodes(request, ws: str, graph_uuid: str) -> None:
    s = store(request)
    for record in await everything(lambda offset, limit: s.list_records(
            ws, EPISODE, parent=graph_uuid, offset=offset, limit=limit)):
        await s.delete_record(ws, EPISODE, body.uuid_value(record["uuid"], "uuid"))
