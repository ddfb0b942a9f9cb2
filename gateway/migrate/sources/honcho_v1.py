"""Honcho v1 (``/v1/apps``, server 1.x and the v1-early 0.0.12-0.0.16): apps, users, their
sessions (active or not), messages, metamessages (``honcho_v1_metamessages``), collections and
their documents (``honcho_v1_collections``), through the ``POST .../list`` routes (docs/vendors.md,
Honcho §3).

An app is a workspace (its name), a user a peer, a session keeps its nanoid as its name. App,
user and message ids are kept in ``extras``, and with metamessage, collection and document ids
as ``honcho_v1`` aliases. App and user uids carry the vendor's ``created_at`` in their time
bits: the v1 dialect finds apps and users by it. A v1-early server cannot list apps: name the
app with ``--workspace``.
Not copied: document embeddings (the API never returns them; the v1 dialect ranks documents by
their words).
"""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

import msgspec

from gateway.migrate import rows, times, uids
from gateway.migrate.client import VendorError
from gateway.migrate.sources import honcho_v1_collections, honcho_v1_metamessages, paging
from gateway.migrate.unit import Listed, Unit, guarded
from gateway.migrate.vendor_api import VendorApi

DIALECT = "honcho_v1"
API = VendorApi(scheme="Bearer", prefix="/v1")
NOT_SERVED = (404, 405)


class App(msgspec.Struct):
    id: str
    name: str
    metadata: dict | None = None
    created_at: str | None = None


User = App  # the same four fields: id, name, metadata, created_at


class Session(msgspec.Struct):
    id: str
    is_active: bool = True
    metadata: dict | None = None
    created_at: str | None = None


class Message(msgspec.Struct):
    id: str
    content: str
    is_user: bool = True
    metadata: dict | None = None
    created_at: str | None = None


def _size(options) -> int:
    return min(options.page_size, 100)


async def units(client, options, store):
    async for app in guarded("apps", _apps(client, options)):
        if not isinstance(app, App):
            yield app
            continue
        async for item in guarded(f"app {app.name}", _app_units(client, store, app, _size(options))):
            yield item


async def _apps(client, options):
    wanted = options.workspace
    try:
        if wanted is not None:
            yield await client.call("GET", f"/v1/apps/name/{quote(wanted, safe='')}", type=App)
            return
        async for app in _listed(client, _size(options)):
            yield app
    except VendorError as exc:  # not an admin key: the key's own app
        if exc.status not in (401, 403):
            raise
        app = await client.call("GET", "/v1/apps", type=App)
        if wanted in (None, app.name):
            yield app


async def _listed(client, size: int):
    try:
        async for page in paging.honcho(client, "/v1/apps/list", App, size=size):
            for app in page:
                yield app
    except VendorError as exc:
        if exc.status not in NOT_SERVED:
            raise
        raise VendorError(exc.status, "POST", "/v1/apps/list", "this server cannot list apps (a "
                          "v1-early server, 0.0.12-0.0.16): name the app with --workspace") from exc


async def _known_uid(lookup, created: str, kind: str, ident: str) -> bytes:
    """The uid of the record already in the store under that name, else the one the v1 dialect
    reads from the id (a Rosetta-minted id), else one derived from it."""
    from adapters.honcho_v1 import uid_of

    found = await lookup() if lookup is not None else None
    if found is not None:
        return found.uid
    return uid_of(ident) or uids.derived(created, DIALECT, kind, ident)


async def _app_units(client, store, app: App, size: int):
    created = times.stamp(app.created_at)
    uid = await _known_uid(store and partial(store.get_workspace, app.name), created, "app", app.id)
    head = rows.workspace(DIALECT, app.name, created, metadata=app.metadata,
                          extras={DIALECT: {"id": app.id}}, uid=uid)
    users = []
    async for page in paging.honcho(client, f"/v1/apps/{app.id}/users/list", User, size=size):
        users += page
    batch = [head, rows.alias(DIALECT, "app", app.id, head.uid)]
    for u in users:
        batch += await _user(store, app.name, u)
    yield Unit(f"app:{app.id}", f"app {app.name}", partial(_batches, [batch]), session=False)
    for user in users:
        async for item in guarded(f"sessions of user {app.name}/{user.name}",
                                  _user_units(client, store, head, app, user, size)):
            yield item
        base = f"/v1/apps/{app.id}/users/{user.id}"
        async for item in guarded(f"collections of user {app.name}/{user.name}",
                                  honcho_v1_collections.units(client, store, head, base, user.name, size)):
            yield item


async def _batches(batches: list):
    for batch in batches:
        yield batch


async def _user(store, ws: str, u: User) -> list:
    created = times.stamp(u.created_at)
    uid = await _known_uid(store and partial(store.get_peer, ws, u.name), created, "user", u.id)
    peer = rows.peer(DIALECT, ws, u.name, created, metadata=u.metadata, extras={DIALECT: {"id": u.id}}, uid=uid)
    return [peer, rows.alias(DIALECT, "user", u.id, peer.uid)]


async def _user_units(client, store, head, app: App, user: User, size: int):
    base = f"/v1/apps/{app.id}/users/{user.id}"
    found = []
    async for page in paging.honcho(client, base + "/sessions/list", Session, size=size, body={"is_active": False}):
        found += page
    yield Listed(len(found))
    for s in found:
        yield Unit(f"{head.name}/{s.id}", f"session {head.name}/{user.name}/{s.id}",
                   partial(_session_rows, client, head, base, user.name, s, size))
    yield Unit(f"{head.name}/metamessages:{user.id}", f"metamessages of user {head.name}/{user.name}",
               partial(honcho_v1_metamessages.batches, client, store, head, base, user.name, size),
               session=False)


async def _session_rows(client, head, base: str, owner: str, s: Session, size: int):
    ws = head.name
    created = times.stamp(s.created_at)
    yield [head, rows.session(DIALECT, ws, s.id, created, owner=owner, is_active=s.is_active,
                              metadata=s.metadata)]
    authors = rows.Authors(DIALECT, ws, s.id, join=True)
    pages = paging.honcho(client, f"{base}/sessions/{s.id}/messages/list", Message, size=size)
    async for batch in paging.numbered_rows(pages, lambda m, seq: _message(ws, s.id, owner, m, seq, authors)):
        yield batch


def _message(ws: str, session: str, owner: str, m: Message, seq: int, authors) -> list:
    """docs/contract.md §3: ``is_user`` gives role user or assistant; user messages are the owner's."""
    created = times.stamp(m.created_at)
    role, author = ("user", owner) if m.is_user else ("assistant", None)
    row, alias = rows.message(DIALECT, ws, session, m.id, seq, created, m.content, role=role,
                              author=author, metadata=m.metadata)
    return [*authors.rows(author, role, created), row, alias]
