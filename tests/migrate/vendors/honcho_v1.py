"""A fake Honcho v1 account, 1.1 or v1-early (0.0.16): apps, users, sessions, messages,
metamessages, collections and documents (docs/vendors.md, Honcho §3, the v1 specs)."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import httpx

from tests.migrate.vendors.common import END, Faults, START, body_of, guarded, iso, nanoid
from tests.migrate.vendors.honcho_v3 import honcho_page

EARLY_DROPS = {"session": ("app_id",), "message": ("app_id", "user_id"), "collection": ("app_id",),
               "document": ("app_id", "user_id")}


class HonchoV1:
    """A Honcho 1.1 account, or with ``early`` a 0.0.16 one: no ``/apps/list``, narrower shapes,
    metamessages only on a session's message, listed per user without their session."""

    def __init__(self, base: str = "https://honcho1.test", key: str = "v1-admin", seed: int = 11,
                 early: bool = False):
        self.base, self.key, self.rng, self.early = base, key, random.Random(seed), early
        self.apps: dict[str, dict] = {}
        self.faults = Faults()
        self.clock = START

    def tick(self) -> str:
        self.clock += timedelta(seconds=1, microseconds=5)
        return iso(self.clock)

    def app(self, name: str, metadata: dict | None = None) -> dict:
        row = {"id": nanoid(self.rng), "name": name, "metadata": metadata or {}, "created_at": self.tick()}
        self.apps[row["id"]] = {"row": row, "users": {}}
        return row

    def user(self, app: str, name: str) -> dict:
        row = {"id": nanoid(self.rng), "name": name, "app_id": app, "created_at": self.tick(), "metadata": {}}
        self.apps[app]["users"][row["id"]] = {"row": row, "sessions": {}, "metamessages": [], "collections": {}}
        return row

    def shaped(self, kind: str, row: dict) -> dict:
        """The row as this server's generation shows it."""
        return {k: v for k, v in row.items() if k not in EARLY_DROPS[kind]} if self.early else row

    def session(self, app: str, user: str, is_active: bool = True, metadata: dict | None = None) -> dict:
        row = self.shaped("session", {"id": nanoid(self.rng), "is_active": is_active, "user_id": user,
                                      "app_id": app, "metadata": metadata or {}, "created_at": self.tick()})
        self.apps[app]["users"][user]["sessions"][row["id"]] = {"row": row, "messages": []}
        return row

    def add(self, app: str, user: str, session: str, content: str, is_user: bool) -> dict:
        row = self.shaped("message", {"id": nanoid(self.rng), "content": content, "is_user": is_user,
                                      "session_id": session, "metadata": {}, "created_at": self.tick(),
                                      "app_id": app, "user_id": user})
        self.apps[app]["users"][user]["sessions"][session]["messages"].append(row)
        return row

    def metamessage(self, app: str, user: str, label: str, content: str, session=None, message=None,
                    metadata: dict | None = None) -> dict:
        """1.1: user-level, session and message optional. Early: on a session's ``message``, shown
        without its session (0.0.16's Metamessage)."""
        if self.early:
            row = {"id": nanoid(self.rng), "metamessage_type": label, "content": content, "message_id": message,
                   "metadata": metadata or {}, "created_at": self.tick()}
        else:
            row = {"id": nanoid(self.rng), "label": label, "content": content, "user_id": user, "app_id": app,
                   "session_id": session, "message_id": message, "metadata": metadata or {},
                   "created_at": self.tick(), "metamessage_type": label}
        self.apps[app]["users"][user]["metamessages"].append(row)
        return row

    def collection(self, app: str, user: str, name: str, metadata: dict | None = None) -> dict:
        row = self.shaped("collection", {"id": nanoid(self.rng), "name": name, "user_id": user, "app_id": app,
                                         "metadata": metadata or {}, "created_at": self.tick()})
        self.apps[app]["users"][user]["collections"][row["id"]] = {"row": row, "documents": []}
        return row

    def document(self, app: str, user: str, collection: str, content: str, metadata: dict | None = None) -> dict:
        row = self.shaped("document", {"id": nanoid(self.rng), "content": content, "metadata": metadata or {},
                                       "created_at": self.tick(), "collection_id": collection, "app_id": app,
                                       "user_id": user})
        self.apps[app]["users"][user]["collections"][collection]["documents"].append(row)
        return row

    def auth(self, request):
        if request.headers.get("authorization") != f"Bearer {self.key}":
            return httpx.Response(401, json={"detail": "Invalid JWT"})
        return None

    def mount(self, router) -> None:
        a = re.escape(self.base) + "/v1/apps"
        A, U = a + "/(?P<a>[A-Za-z0-9_-]+)", a + "/(?P<a>[A-Za-z0-9_-]+)/users/(?P<u>[A-Za-z0-9_-]+)"
        C = U + "/collections/(?P<c>[A-Za-z0-9_-]+)"
        routes = [
            ("POST", a + "/list$", self.list_apps),
            ("GET", a + "/name/(?P<n>[^/?]+)$", self.app_by_name),
            ("POST", A + "/users/list$", lambda r, a: honcho_page(r, [u["row"] for u in self.apps[a]["users"].values()])),
            ("POST", U + "/sessions/list$", self.list_sessions),
            ("POST", U + "/sessions/(?P<s>[A-Za-z0-9_-]+)/messages/list$",
             lambda r, a, u, s: honcho_page(r, self.apps[a]["users"][u]["sessions"][s]["messages"])),
            ("POST", U + "/metamessages/list$", lambda r, a, u: honcho_page(r, self.apps[a]["users"][u]["metamessages"])),
            ("POST", U + "/collections/list$",
             lambda r, a, u: honcho_page(r, [c["row"] for c in self.apps[a]["users"][u]["collections"].values()])),
            ("POST", C + "/documents/list$",
             lambda r, a, u, c: honcho_page(r, self.apps[a]["users"][u]["collections"][c]["documents"])),
        ]
        for method, pattern, handler in routes:
            router.route(method=method, url__regex=pattern.replace("$", END)).mock(
                side_effect=guarded(self.faults, handler, self.auth))

    def list_apps(self, request):
        if self.early:  # 0.0.16 has no such route
            return httpx.Response(404, json={"detail": "Not Found"})
        return honcho_page(request, [x["row"] for x in self.apps.values()])

    def app_by_name(self, request, n):
        for app in self.apps.values():
            if app["row"]["name"] == n:
                return httpx.Response(200, json=app["row"])
        return httpx.Response(404, json={"detail": "App not found"})

    def list_sessions(self, request, a, u):
        only_active = (body_of(request) or {}).get("is_active", False)
        rows = [s["row"] for s in self.apps[a]["users"][u]["sessions"].values()]
        return honcho_page(request, [r for r in rows if r["is_active"] or not only_active])
