"""A fake Honcho 3.0 account: ``{items,total,page,size,pages}`` pages, ``{"detail"}`` errors (docs/vendors.md, Honcho §2, §5, §6)."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import httpx

from tests.migrate.vendors.common import END, Faults, START, body_of, guarded, iso, nanoid


def honcho_page(request: httpx.Request, items: list) -> httpx.Response:
    page, size = int(request.url.params.get("page", 1)), int(request.url.params.get("size", 50))
    if not 1 <= size <= 100:
        return httpx.Response(422, json={"detail": [{"type": "less_than_equal", "loc": ["query", "size"],
                                                     "msg": "Input should be less than or equal to 100",
                                                     "input": str(size), "ctx": {"le": 100}}]})
    total = len(items)
    return httpx.Response(200, json={"items": items[(page - 1) * size: page * size], "total": total,
                                     "page": page, "size": size, "pages": -(-total // size) if total else 0})


class HonchoV3:
    """A Honcho 3.0 account; also accepts writes (the ``--to`` target)."""

    def __init__(self, base: str = "https://honcho.test", key: str = "hk-secret", seed: int = 3):
        self.base, self.key, self.rng = base, key, random.Random(seed)
        self.workspaces: dict[str, dict] = {}
        self.faults = Faults()
        self.clock = START
        self.scoped = False  # a server from Honcho's main branch (scopes) rather than 3.0.12

    def tick(self) -> str:
        self.clock += timedelta(milliseconds=1, microseconds=7)
        return iso(self.clock)

    def workspace(self, name: str, metadata: dict | None = None, configuration: dict | None = None) -> dict:
        return self.workspaces.setdefault(name, {
            "row": {"id": name, "metadata": metadata or {}, "configuration": configuration or {},
                    "created_at": self.tick()}, "peers": {}, "sessions": {}, "cards": {}})

    def peer(self, ws: str, name: str, metadata: dict | None = None, configuration: dict | None = None) -> dict:
        return self.workspace(ws)["peers"].setdefault(name, {
            "id": name, "workspace_id": ws, "created_at": self.tick(), "metadata": metadata or {},
            "configuration": configuration or {}})

    def session(self, ws: str, name: str, members: dict | None = None, metadata: dict | None = None,
                configuration: dict | None = None, is_active: bool = True) -> dict:
        found = self.workspace(ws)["sessions"].setdefault(name, {
            "row": {"id": name, "is_active": is_active, "workspace_id": ws, "metadata": metadata or {},
                    "configuration": configuration or {}, "created_at": self.tick()},
            "members": {}, "left": set(), "messages": []})
        for peer, config in (members or {}).items():
            self.peer(ws, peer)
            found["members"][peer] = {"observe_me": None, "observe_others": None, **config}
            found["left"].discard(peer)
        return found

    def card(self, ws: str, peer: str, lines: list[str]) -> None:
        """``PUT P/card``: the peer's own card."""
        self.peer(ws, peer)
        self.workspaces[ws]["cards"][peer] = lines

    def scope(self, ws: str, name: str, sessions: list[str], metadata: dict | None = None,
              backfill: dict | None = None) -> dict:
        """A scope (Honcho main, after 3.0.12) and its member sessions, in membership order."""
        self.scoped = True
        found = self.workspace(ws).setdefault("scopes", {}).setdefault(name, {
            "row": {"id": name, "metadata": metadata or {}, "created_at": self.tick()},
            "sessions": [], "backfill": backfill or {}})
        found["sessions"] += sessions
        return found

    def leave(self, ws: str, session: str, peer: str) -> None:
        """``DELETE S/peers``: the member row stays, with ``left_at`` set (docs/vendors.md, Honcho §5.4)."""
        self.workspaces[ws]["sessions"][session]["left"].add(peer)

    def add(self, ws: str, session: str, peer: str, content: str, metadata: dict | None = None,
            created_at: str | None = None) -> dict:
        self.peer(ws, peer)
        found = self.session(ws, session)
        found["members"].setdefault(peer, {"observe_me": None, "observe_others": None})
        found["left"].discard(peer)  # writing rejoins the author
        message = {"id": nanoid(self.rng), "content": content, "peer_id": peer, "session_id": session,
                   "metadata": metadata or {}, "created_at": created_at or self.tick(),
                   "workspace_id": ws, "token_count": len(content.split())}
        found["messages"].append(message)
        return message

    def messages(self, ws: str, session: str) -> list[dict]:
        return self.workspaces[ws]["sessions"][session]["messages"]

    def auth(self, request):
        if request.headers.get("authorization") != f"Bearer {self.key}":
            return httpx.Response(401, json={"detail": "Invalid JWT"})
        return None

    def mount(self, router) -> None:
        w = re.escape(self.base) + r"/v3/workspaces"
        name = r"(?P<{}>[A-Za-z0-9_-]+)"
        W, S = w + "/" + name.format("w"), w + "/" + name.format("w") + "/sessions/" + name.format("s")
        routes = [
            ("POST", w + "/list$", self.list_workspaces),
            ("POST", w + "$", self.create_workspace),
            ("POST", W + "/peers/list$", self.list_peers),
            ("POST", W + "/peers$", self.create_peer),
            ("POST", W + "/peers/" + name.format("p") + "/sessions$", self.peer_sessions),
            ("GET", W + "/peers/" + name.format("p") + "/card$", self.peer_card),
            ("POST", W + "/sessions/list$", self.list_sessions),
            ("POST", W + "/sessions$", self.create_session),
            ("GET", S + "/peers$", self.list_members),
            ("GET", S + "/peers/" + name.format("p") + "/config$", self.member_config),
            ("POST", S + "/messages/list$", self.list_messages),
            ("POST", S + "/messages$", self.create_messages),
            ("POST", W + "/scopes/list$", self.list_scopes),
            ("POST", W + "/scopes$", self.create_scope),
            ("POST", W + "/scopes/" + name.format("c") + "/sessions$", self.add_scope_sessions),
            ("GET", W + "/scopes/" + name.format("c") + "/status$", self.scope_status),
            ("POST", W + "/scopes/" + name.format("c") + "/sessions/list$", self.scope_sessions),
        ]
        for method, pattern, handler in routes:
            router.route(method=method, url__regex=pattern.replace("$", END)).mock(
                side_effect=guarded(self.faults, handler, self.auth))

    # reads
    def list_workspaces(self, request):
        wanted = ((body_of(request) or {}).get("filters") or {}).get("id")
        rows = [w["row"] for name, w in self.workspaces.items() if wanted in (None, name)]
        return honcho_page(request, rows)

    def list_peers(self, request, w):
        return honcho_page(request, list(self.workspaces.get(w, {"peers": {}})["peers"].values()))

    def list_sessions(self, request, w):
        sessions = self.workspaces.get(w, {"sessions": {}})["sessions"].values()
        return honcho_page(request, [s["row"] for s in sessions if s["row"]["is_active"]])

    def peer_card(self, request, w, p):
        """The peer's own card (none kept about others here)."""
        if p not in self.workspaces[w]["peers"]:
            return httpx.Response(404, json={"detail": "Peer not found"})
        own = None if request.url.params.get("target") else self.workspaces[w]["cards"].get(p)
        return httpx.Response(200, json={"peer_card": own})

    def peer_sessions(self, request, w, p):
        """Every session the peer has a member row in: left ones and deleted ones too (docs/vendors.md, Honcho §10)."""
        sessions = self.workspaces.get(w, {"sessions": {}})["sessions"].values()
        return honcho_page(request, [s["row"] for s in sessions if p in s["members"]])

    def list_members(self, request, w, s):
        """Active members only."""
        found = self.workspaces[w]["sessions"].get(s)
        peers = self.workspaces[w]["peers"]
        active = [p for p in found["members"] if p not in found["left"]] if found else []
        return honcho_page(request, [peers[p] for p in active])

    def member_config(self, request, w, s, p):
        """Any member row, a left one included (3.0.12 ``get_peer_config``)."""
        found = self.workspaces[w]["sessions"].get(s)
        if found is None or p not in found["members"]:
            return httpx.Response(404, json={"detail": f"Peer {p} not found in session {s}"})
        return httpx.Response(200, json=found["members"][p])

    def list_messages(self, request, w, s):
        found = self.workspaces.get(w, {"sessions": {}})["sessions"].get(s)
        return honcho_page(request, found["messages"] if found else [])

    def _scopes(self, w):
        return self.workspaces.get(w, {}).get("scopes", {})

    def list_scopes(self, request, w):
        if not self.scoped:
            return httpx.Response(404, json={"detail": "Not Found"})
        return honcho_page(request, [c["row"] for c in self._scopes(w).values()])

    def scope_status(self, request, w, c):
        if c not in self._scopes(w):
            return httpx.Response(404, json={"detail": f"Scope {c} not found in workspace {w}"})
        return httpx.Response(200, json={"backfill_status": self._scopes(w)[c]["backfill"]})

    def scope_sessions(self, request, w, c):
        if c not in self._scopes(w):
            return httpx.Response(404, json={"detail": f"Scope {c} not found in workspace {w}"})
        sessions = self.workspaces[w]["sessions"]
        return honcho_page(request, [sessions[s]["row"] for s in self._scopes(w)[c]["sessions"]])

    # writes (the --to target)
    def create_workspace(self, request):
        data = body_of(request)
        created = data["id"] not in self.workspaces
        return httpx.Response(201 if created else 200,
                              json=self.workspace(data["id"], data.get("metadata"), data.get("configuration"))["row"])

    def create_peer(self, request, w):
        data = body_of(request)
        created = data["id"] not in self.workspace(w)["peers"]
        return httpx.Response(201 if created else 200,
                              json=self.peer(w, data["id"], data.get("metadata"), data.get("configuration")))

    def create_session(self, request, w):
        data = body_of(request)
        created = data["id"] not in self.workspace(w)["sessions"]
        found = self.session(w, data["id"], data.get("peers"), data.get("metadata"), data.get("configuration"))
        return httpx.Response(201 if created else 200, json=found["row"])

    def create_scope(self, request, w):
        if not self.scoped:
            return httpx.Response(404, json={"detail": "Not Found"})
        data = body_of(request)
        created = data["id"] not in self._scopes(w)
        return httpx.Response(201 if created else 200, json=self.scope(w, data["id"], [], data.get("metadata"))["row"])

    def add_scope_sessions(self, request, w, c):
        if c not in self._scopes(w):
            return httpx.Response(404, json={"detail": f"Scope {c} not found in workspace {w}"})
        wanted = body_of(request)["session_ids"]
        missing = sorted(set(wanted) - set(self.workspaces[w]["sessions"]))
        if missing:
            return httpx.Response(404, json={"detail": f"Session(s) {missing!r} not found in workspace {w}"})
        held = self._scopes(w)[c]["sessions"]
        held += [s for s in dict.fromkeys(wanted) if s not in held]
        return httpx.Response(204)

    def create_messages(self, request, w, s):
        batch = body_of(request)["messages"]
        if not 1 <= len(batch) <= 100:
            return httpx.Response(422, json={"detail": [{"type": "too_long", "loc": ["body", "messages"],
                                                         "msg": "List should have at most 100 items", "input": []}]})
        made = [self.add(w, s, m["peer_id"], m["content"], m.get("metadata"), m.get("created_at")) for m in batch]
        return httpx.Response(201, json=made)
