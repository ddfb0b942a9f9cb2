"""A fake Zep v4 account: UUID-addressed users, threads, messages, graphs and episodes, lists
as ``{items, next_cursor, total_size}`` read with ``page_size``/``cursor``, ``{"error"}``
errors (zep-cloud 4.0.1's routes and types)."""

from __future__ import annotations

import random
import re
import uuid as uuid_module
from datetime import timedelta

import httpx

from tests.migrate.vendors.common import END, Faults, START, guarded


def v4_error(status: int, message: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": "not_found", "message": message}})


class ZepV4:
    def __init__(self, base: str = "https://zep4.test", key: str = "z4-key", seed: int = 11):
        self.base, self.key, self.rng = base, key, random.Random(seed)
        self.users: list[dict] = []
        self.threads: dict[str, dict] = {}
        self.graphs: list[dict] = []
        self.episodes: dict[str, list[dict]] = {}
        self.faults = Faults()
        self.clock = START

    def uuid(self) -> str:
        return str(uuid_module.UUID(int=self.rng.getrandbits(128), version=4))

    def stamp(self) -> str:
        self.clock += timedelta(milliseconds=5)
        return self.clock.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def user(self, user_id: str | None, **fields) -> dict:
        row = {"uuid": self.uuid(), "user_id": user_id, "metadata": {}, "created_at": self.stamp(), **fields}
        row["graph_uuid"] = row["uuid"]
        self.users.append(row)
        return row

    def thread(self, user: dict, thread_id: str | None = None) -> dict:
        row = {"uuid": self.uuid(), "thread_id": thread_id, "user_uuid": user["uuid"],
               "graph_uuid": user["uuid"], "created_at": self.stamp()}
        self.threads[row["uuid"]] = {"row": row, "messages": []}
        return row

    def add(self, thread: dict, role: str | None, content: str, name: str | None = None, **fields) -> dict:
        row = {"uuid": self.uuid(), "role": role, "name": name, "content": content,
               "metadata": fields.get("metadata") or {}, "created_at": self.stamp(), "processed": True}
        self.threads[thread["uuid"]]["messages"].append(row)
        return row

    def graph(self, name: str, graph_id: str | None = None) -> dict:
        row = {"uuid": self.uuid(), "graph_id": graph_id, "name": name, "created_at": self.stamp()}
        self.graphs.append(row)
        return row

    def episode(self, graph_uuid: str, content: str, **fields) -> dict:
        row = {"uuid": self.uuid(), "content": content, "source": "text", "created_at": self.stamp(),
               "graph_uuid": graph_uuid, **fields}
        self.episodes.setdefault(graph_uuid, []).append(row)
        return row

    def auth(self, request):
        if request.headers.get("authorization") != f"Api-Key {self.key}":
            return httpx.Response(401, json={"error": {"code": "unauthorized", "message": "invalid API key"}})
        return None

    def mount(self, router) -> None:
        v4 = re.escape(self.base) + "/api/v4"
        routes = [
            ("POST", v4 + "/users/list$", lambda r: self.page(r, self.users)),
            ("POST", v4 + "/graphs/list$", lambda r: self.page(r, self.graphs)),
            ("GET", v4 + "/threads$", lambda r: self.page(r, [t["row"] for t in self.threads.values()])),
            ("GET", v4 + r"/threads/(?P<t>[^/?]+)/messages$", self.messages),
            ("POST", v4 + r"/graphs/(?P<g>[^/?]+)/episodes/list$", self.graph_episodes),
        ]
        for method, pattern, handler in routes:
            router.route(method=method, url__regex=pattern.replace("$", END)).mock(
                side_effect=guarded(self.faults, handler, self.auth))

    @staticmethod
    def page(request, rows: list) -> httpx.Response:
        q = request.url.params
        size = int(q.get("page_size", 50))
        start = int(q["cursor"][4:]) if "cursor" in q else 0
        chunk = rows[start:start + size]
        after = start + len(chunk)
        return httpx.Response(200, json={"items": chunk, "total_size": len(rows),
                                         "next_cursor": f"opq-{after}" if after < len(rows) else None})

    def messages(self, request, t):
        found = self.threads.get(t)
        return self.page(request, found["messages"]) if found else v4_error(404, "thread not found")

    def graph_episodes(self, request, g):
        return self.page(request, self.episodes.get(g, []))
