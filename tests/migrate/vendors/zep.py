"""A fake Zep v2 account: ``*-ordered`` listings, ``limit``/``cursor`` message pages, ``{"message"}`` errors (docs/vendors.md, Zep §3-§6)."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import httpx

from tests.migrate.vendors.common import END, Faults, START, body_of, guarded


def zep_error(status: int, message: str) -> httpx.Response:
    return httpx.Response(status, json={"message": message})


class Zep:
    """A Zep Cloud v2 account (users, sessions, memory); also takes writes (the --to target)."""

    def __init__(self, base: str = "https://zep.test", key: str = "z-key", seed: int = 7):
        self.base, self.key, self.rng = base, key, random.Random(seed)
        self.users: dict[str, dict] = {}
        self.sessions: dict[str, dict] = {}
        self.faults = Faults()
        self.clock = START

    def uuid(self) -> str:
        import uuid as uuid_module
        return str(uuid_module.UUID(int=self.rng.getrandbits(128), version=4))

    def stamp(self) -> str:
        """Go's RFC 3339 with nanoseconds, as Zep CE emits."""
        self.clock += timedelta(milliseconds=3, microseconds=11)
        return self.clock.strftime("%Y-%m-%dT%H:%M:%S.%f") + "123Z"

    def user(self, user_id: str, **fields) -> dict:
        row = {"uuid": self.uuid(), "id": len(self.users) + 1, "user_id": user_id, "metadata": {},
               "created_at": self.stamp(), "updated_at": "0001-01-01T00:00:00Z", "deleted_at": None,
               "project_uuid": "00000000-0000-0000-0000-000000000000", **fields}
        self.users[user_id] = row
        return row

    def session(self, session_id: str, user_id: str | None, metadata: dict | None = None) -> dict:
        row = {"uuid": self.uuid(), "id": len(self.sessions) + 1, "session_id": session_id,
               "user_id": user_id, "metadata": metadata or {}, "created_at": self.stamp(),
               "updated_at": self.stamp(), "deleted_at": None, "ended_at": None}
        self.sessions[session_id] = {"row": row, "messages": []}
        return row

    def add(self, session_id: str, role_type: str, content: str, role: str = "", **fields) -> dict:
        row = {"uuid": fields.pop("uuid", None) or self.uuid(), "role": role, "role_type": role_type,
               "content": content, "metadata": fields.pop("metadata", None) or {},
               "created_at": fields.pop("created_at", None) or self.stamp(),
               "updated_at": "0001-01-01T00:00:00Z", "token_count": 0, **fields}
        self.sessions[session_id]["messages"].append(row)
        return row

    def auth(self, request):
        if request.headers.get("authorization") != f"Api-Key {self.key}":
            return httpx.Response(401, text="unauthorized\n")
        return None

    def mount(self, router) -> None:
        v2 = re.escape(self.base) + "/api/v2"
        routes = [
            ("GET", v2 + "/users-ordered$", self.list_users),
            ("GET", v2 + "/sessions-ordered$", self.list_sessions),
            ("GET", v2 + r"/sessions/(?P<s>[^/?]+)/messages$", self.list_messages),
            ("GET", v2 + r"/users/(?P<u>[^/?]+)$", self.get_user),
            ("GET", v2 + r"/sessions/(?P<s>[^/?]+)$", self.get_session),
            ("POST", v2 + "/users$", self.create_user),
            ("POST", v2 + "/sessions$", self.create_session),
            ("POST", v2 + r"/sessions/(?P<s>[^/?]+)/memory$", self.add_memory),
        ]
        for method, pattern, handler in routes:
            router.route(method=method, url__regex=pattern.replace("$", END)).mock(
                side_effect=guarded(self.faults, handler, self.auth))

    @staticmethod
    def window(rows: list, number: int, size: int) -> list:
        return rows[(number - 1) * size: number * size]

    def list_users(self, request):
        q = request.url.params
        users = list(self.users.values())[::-1]  # CE: id DESC
        page = self.window(users, int(q.get("pageNumber", 1)), int(q.get("pageSize", 20)))
        return httpx.Response(200, json={"users": page, "total_count": len(users), "row_count": len(page)})

    def list_sessions(self, request):
        q = request.url.params
        rows = sorted((s["row"] for s in self.sessions.values()), key=lambda r: r["created_at"],
                      reverse=q.get("asc") != "true")
        page = self.window(rows, int(q.get("page_number", 1)), int(q.get("page_size", 20)))
        return httpx.Response(200, json={"sessions": page, "total_count": len(rows), "response_count": len(page)})

    def list_messages(self, request, s):
        from urllib.parse import unquote
        found = self.sessions.get(unquote(s))
        if found is None:
            return zep_error(404, "not found")
        q = request.url.params
        rows = found["messages"]
        if "limit" in q:
            rows = self.window(rows, int(q.get("cursor", 1)), int(q["limit"]))
        return httpx.Response(200, json={"messages": rows, "total_count": len(found["messages"]),
                                         "row_count": len(rows)})

    def get_user(self, request, u):
        from urllib.parse import unquote
        found = self.users.get(unquote(u))
        return httpx.Response(200, json=found) if found else zep_error(404, "not found")

    def get_session(self, request, s):
        from urllib.parse import unquote
        found = self.sessions.get(unquote(s))
        return httpx.Response(200, json=found["row"]) if found else zep_error(404, "not found")

    def create_user(self, request):
        data = body_of(request)
        if data["user_id"] in self.users:
            return zep_error(400, f"bad request: user already exists with user_id: {data['user_id']}")
        return httpx.Response(201, json=self.user(**data))

    def create_session(self, request):
        data = body_of(request)
        if data["session_id"] in self.sessions:
            return zep_error(400, f"bad request: session already exists with session_id: {data['session_id']}")
        if data.get("user_id") not in self.users:
            return zep_error(400, "bad request: user not found")
        return httpx.Response(201, json=self.session(data["session_id"], data["user_id"], data.get("metadata")))

    def add_memory(self, request, s):
        batch = body_of(request)["messages"]
        if len(batch) > 30:
            return zep_error(400, "max messages per memory of 30 exceeded. reduce the number of messages in your request")
        from urllib.parse import unquote
        found = self.sessions[unquote(s)]
        taken = {m["uuid"] for m in found["messages"]}
        if any(m.get("uuid") in taken for m in batch):
            return zep_error(400, "bad request: message_uuid already exists")
        for m in batch:
            self.add(unquote(s), m["role_type"], m["content"], m.get("role", ""), uuid=m.get("uuid"),
                     metadata=m.get("metadata"), created_at=m.get("created_at"))
        return httpx.Response(200, json={"context": ""})
