"""The console's views: each reads what it shows through the store protocol (one page of rows,
never more) and renders a template. Parameters come in the query string (names may hold any
character, a slash included)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from adapters.contract import Dialect
from gateway.console.render import page
from store import archive

PAGE = 50
KINDS_SHOWN = ("workspace", "peer", "session", "message")


class Views:
    def __init__(self, dialects: list[Dialect]):
        self.dialects = dialects

    def ids(self, kind: str, record) -> list[tuple[str, str]]:
        """(dialect title, the record's id there) for every dialect that has such an object."""
        found = []
        for dialect in self.dialects:
            shown = dialect.record_id(kind, record) if dialect.record_id is not None else None
            if shown is not None:
                found.append((dialect.title, shown))
        return found

    def bases(self, request: Request) -> list[tuple[str, str]]:
        root = str(request.base_url).rstrip("/")
        return [(d.title, root + d.sdk_base) for d in self.dialects]

    async def shell(self, request: Request) -> Response:
        settings = request.app.state.settings
        return page("shell.html", auth=settings.auth_enabled, exposed=settings.host not in _LOOPBACK)

    async def workspaces(self, request: Request) -> Response:
        store = request.app.state.store
        offset = _offset(request)
        listed = await store.list_workspaces(offset=offset, limit=PAGE)
        rows = [(w, await store.workspace_counts(w.name)) for w in listed.items]
        return page("workspaces.html", rows=rows, paging=_paging(offset, listed.total), stats=store.stats(),
                    bases=self.bases(request))

    async def workspace(self, request: Request) -> Response:
        store, name = request.app.state.store, request.query_params.get("w", "")
        found = await store.get_workspace(name)
        if found is None:
            return _missing("workspace", name)
        tab, offset = request.query_params.get("tab", "sessions"), _offset(request)
        if tab == "peers":
            listed = await store.list_peers(name, offset=offset, limit=PAGE)
        else:
            tab, listed = "sessions", await store.list_sessions(name, offset=offset, limit=PAGE, reverse=True)
        return page("workspace.html", workspace=found, counts=await store.workspace_counts(name), tab=tab,
                    items=listed.items, paging=_paging(offset, listed.total),
                    ids=self.ids("workspace", found))

    async def session(self, request: Request) -> Response:
        store = request.app.state.store
        workspace, name = request.query_params.get("w", ""), request.query_params.get("s", "")
        found = await store.get_session(workspace, name)
        if found is None:
            return _missing("session", name)
        offset = _offset(request)
        listed = await store.list_messages(workspace, name, offset=offset, limit=PAGE)
        messages = [(m, self.ids("message", m)) for m in listed.items]
        return page("session.html", workspace=workspace, session=found, messages=messages,
                    paging=_paging(offset, listed.total), ids=self.ids("session", found))

    async def peer(self, request: Request) -> Response:
        store = request.app.state.store
        workspace, name = request.query_params.get("w", ""), request.query_params.get("p", "")
        found = await store.get_peer(workspace, name)
        if found is None:
            return _missing("peer", name)
        offset = _offset(request)
        listed = await store.list_sessions(workspace, member=name, offset=offset, limit=PAGE, reverse=True)
        return page("peer.html", workspace=workspace, peer=found, sessions=listed.items,
                    paging=_paging(offset, listed.total), ids=self.ids("peer", found))

    async def search(self, request: Request) -> Response:
        store = request.app.state.store
        workspace, query = request.query_params.get("w", ""), request.query_params.get("q", "").strip()
        if await store.get_workspace(workspace) is None:
            return _missing("workspace", workspace)
        hits = await store.search_messages(workspace, query, limit=PAGE) if query else []
        return page("search.html", workspace=workspace, query=query,
                    hits=[(m, self.ids("message", m)) for m in hits])

    async def export(self, request: Request) -> Response:
        """The workspace in the export format (``rosetta export``), streamed as it is read."""
        store, name = request.app.state.store, request.query_params.get("w", "")
        if await store.get_workspace(name) is None:
            return _missing("workspace", name)
        lines = archive.encode_lines(archive.only_workspace(store.export_rows(), name))
        return StreamingResponse(lines, media_type="application/x-ndjson", headers={
            "content-disposition": f'attachment; filename="{_filename(name)}.jsonl"'})


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def admin(view):
    """The view behind the admin check (every data view of the console is wrapped in it)."""
    async def guarded(request: Request) -> Response:
        return _refusal(request) or await view(request)

    return guarded


def _refusal(request: Request) -> Response | None:
    """Data pages need an admin key when auth is on (the gate checked the key itself)."""
    if request.app.state.settings.auth_enabled and request.scope.get("rosetta.workspace") is not None:
        return page("message.html", status=403, title="Admin key needed",
                    text="This key is bound to one workspace; the console needs an admin key.")
    return None


def _missing(kind: str, name: str) -> Response:
    return page("message.html", status=404, title=f"No such {kind}", text=f"There is no {kind} named {name!r}.")


def _offset(request: Request) -> int:
    try:
        return max(0, int(request.query_params.get("offset", "0")))
    except ValueError:
        return 0


def _paging(offset: int, total: int) -> dict:
    last = max(0, (total - 1) // PAGE * PAGE)
    return {"offset": offset, "total": total, "size": PAGE, "first": 0,
            "previous": max(0, offset - PAGE) if offset else None,
            "next": offset + PAGE if offset + PAGE < total else None, "last": last}


def _filename(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "workspace"
