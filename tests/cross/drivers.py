"""One small HTTP driver per dialect, speaking that vendor's wire shapes, for cross-dialect tests.

A driver writes a session of messages and reads, updates and deletes through its own dialect.
Reads come back as ``Seen`` rows normalised to what every dialect can say about a message.
Each message to write is (kind, text, metadata), kind being "user" or "assistant".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

WORKSPACE = "default"


@dataclass
class Seen:
    id: str
    text: str
    role: str          # the dialect's own view: v3 peer_id, zep role_type, openai role, v1 is_user
    metadata: dict
    created: str | int


def ok(response, *statuses):
    assert response.status_code in (statuses or (200, 201)), f"{response.request.method} {response.request.url}: {response.status_code} {response.text}"
    return response.json() if response.content else None


class HonchoV3:
    name = "honcho_v3"

    def base(self, session):
        return f"/v3/workspaces/{WORKSPACE}/sessions/{session}"

    def write(self, c, messages) -> str:
        session = "v3-" + uuid.uuid4().hex[:12]
        body = {"messages": [
            {"content": text, "peer_id": "human" if kind == "user" else "helper", "metadata": meta}
            for kind, text, meta in messages
        ]}
        ok(c.post(f"{self.base(session)}/messages", json=body), 201)
        return session

    def read(self, c, session) -> list[Seen]:
        page = ok(c.post(f"{self.base(session)}/messages/list?size=100", json={}))
        return [Seen(m["id"], m["content"], m["peer_id"], m["metadata"], m["created_at"]) for m in page["items"]]

    def append(self, c, session, text):
        ok(c.post(f"{self.base(session)}/messages", json={"messages": [{"content": text, "peer_id": "human"}]}), 201)

    def update_metadata(self, c, session, message_id, metadata):
        ok(c.put(f"{self.base(session)}/messages/{message_id}", json={"metadata": metadata}))

    def delete(self, c, session):
        ok(c.delete(self.base(session)), 202)

    def exists(self, c, session) -> bool:
        page = ok(c.post(f"/v3/workspaces/{WORKSPACE}/sessions/list", json={"filters": {"id": session}}))
        return page["total"] == 1


class Zep:
    name = "zep"

    def write(self, c, messages) -> str:
        session = "zep-" + uuid.uuid4().hex[:12]
        c.post("/api/v2/users", json={"user_id": "zep-user"})
        ok(c.post("/api/v2/sessions", json={"session_id": session, "user_id": "zep-user"}), 201, 200)
        body = {"messages": [
            {"content": text, "role_type": kind, "role": "Jane" if kind == "user" else "Bot", "metadata": meta}
            for kind, text, meta in messages
        ]}
        ok(c.post(f"/api/v2/sessions/{session}/memory", json=body), 200, 201)
        return session

    def read(self, c, session) -> list[Seen]:
        page = ok(c.get(f"/api/v2/sessions/{session}/messages?limit=100"))
        return [Seen(m["uuid"], m["content"], m["role_type"], m.get("metadata") or {}, m["created_at"]) for m in page["messages"]]

    def append(self, c, session, text):
        ok(c.post(f"/api/v2/sessions/{session}/memory", json={"messages": [{"content": text, "role_type": "user"}]}), 200, 201)

    def update_metadata(self, c, session, message_id, metadata):
        ok(c.patch(f"/api/v2/sessions/{session}/messages/{message_id}", json={"metadata": metadata}))

    def delete(self, c, session):
        ok(c.delete(f"/api/v2/sessions/{session}/memory"))

    def exists(self, c, session) -> bool:
        return c.get(f"/api/v2/sessions/{session}").status_code == 200


class OpenAI:
    name = "openai"

    def write(self, c, messages) -> str:
        thread = ok(c.post("/v1/threads", json={"messages": [
            {"role": kind, "content": text, "metadata": {k: str(v) for k, v in meta.items()}}
            for kind, text, meta in messages
        ]}))
        return thread["id"]

    def read(self, c, session) -> list[Seen]:
        page = ok(c.get(f"/v1/threads/{session}/messages?order=asc&limit=100"))
        return [Seen(m["id"], m["content"][0]["text"]["value"], m["role"], m["metadata"], m["created_at"]) for m in page["data"]]

    def append(self, c, session, text):
        ok(c.post(f"/v1/threads/{session}/messages", json={"role": "user", "content": text}))

    def update_metadata(self, c, session, message_id, metadata):
        ok(c.post(f"/v1/threads/{session}/messages/{message_id}", json={"metadata": metadata}))

    def delete(self, c, session):
        ok(c.delete(f"/v1/threads/{session}"))

    def exists(self, c, session) -> bool:
        return c.get(f"/v1/threads/{session}").status_code == 200


class HonchoV1:
    name = "honcho_v1"
    user = "v1-user"

    def ids(self, c):
        app = ok(c.get(f"/v1/apps/get_or_create/{WORKSPACE}"))
        user = ok(c.get(f"/v1/apps/{app['id']}/users/get_or_create/{self.user}"))
        return app["id"], user["id"]

    def base(self, c):
        app, user = self.ids(c)
        return f"/v1/apps/{app}/users/{user}/sessions"

    def write(self, c, messages) -> str:
        session = ok(c.post(self.base(c), json={"metadata": {}}))["id"]
        body = {"messages": [
            {"content": text, "is_user": kind == "user", "metadata": meta} for kind, text, meta in messages
        ]}
        ok(c.post(f"{self.base(c)}/{session}/messages/batch", json=body))
        return session

    def read(self, c, session) -> list[Seen]:
        page = ok(c.post(f"{self.base(c)}/{session}/messages/list?size=100", json={}))
        return [Seen(m["id"], m["content"], "user" if m["is_user"] else "not-user", m["metadata"], m["created_at"]) for m in page["items"]]

    def append(self, c, session, text):
        ok(c.post(f"{self.base(c)}/{session}/messages", json={"content": text, "is_user": True}))

    def update_metadata(self, c, session, message_id, metadata):
        ok(c.put(f"{self.base(c)}/{session}/messages/{message_id}", json={"metadata": metadata}))

    def delete(self, c, session):
        ok(c.delete(f"{self.base(c)}/{session}"))

    def exists(self, c, session) -> bool:
        return c.get(f"{self.base(c)}?session_id={session}").status_code == 200


DRIVERS = [HonchoV3(), Zep(), OpenAI(), HonchoV1()]
