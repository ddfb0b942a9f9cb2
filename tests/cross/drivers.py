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
    """Zep v2: a user owns each session; user messages are authored by the session's user."""

    name = "zep"
    user = "zep-user"

    def write(self, c, messages) -> str:
        session = "zep-" + uuid.uuid4().hex[:12]
        ok(c.post("/api/v2/users", json={"user_id": self.user}), 201, 400)  # 400: already there
        ok(c.post("/api/v2/sessions", json={"session_id": session, "user_id": self.user}), 201)
        body = {"messages": [
            {"content": text, "role_type": kind, "role": "Jane" if kind == "user" else "Bot", "metadata": meta}
            for kind, text, meta in messages
        ]}
        ok(c.post(f"/api/v2/sessions/{session}/memory", json=body), 200)
        return session

    def read(self, c, session) -> list[Seen]:
        page = ok(c.get(f"/api/v2/sessions/{session}/messages"))
        return [Seen(m["uuid"], m["content"], m["role_type"], m["metadata"], m["created_at"]) for m in page["messages"]]

    def append(self, c, session, text):
        ok(c.post(f"/api/v2/sessions/{session}/memory", json={"messages": [{"content": text, "role_type": "user"}]}), 200)

    def update_metadata(self, c, session, message_id, metadata):
        ok(c.patch(f"/api/v2/sessions/{session}/messages/{message_id}", json={"metadata": metadata}))

    def delete(self, c, session):
        ok(c.delete(f"/api/v2/sessions/{session}/memory"))

    def exists(self, c, session) -> bool:
        return c.get(f"/api/v2/sessions/{session}").status_code == 200


class ZepThreads(Zep):
    """zep-cloud 3.x thread routes: ``role`` is the role type, ``name`` the sender."""

    name = "zep_threads"

    def write(self, c, messages) -> str:
        thread = "zt-" + uuid.uuid4().hex[:12]
        ok(c.post("/api/v2/users", json={"user_id": self.user}), 201, 400)
        ok(c.post("/api/v2/threads", json={"thread_id": thread, "user_id": self.user}), 201)
        body = {"messages": [
            {"content": text, "role": kind, "name": "Jane" if kind == "user" else "Bot", "metadata": meta}
            for kind, text, meta in messages
        ]}
        ok(c.post(f"/api/v2/threads/{thread}/messages", json=body))
        return thread

    def read(self, c, session) -> list[Seen]:
        page = ok(c.get(f"/api/v2/threads/{session}/messages?limit=100"))
        return [Seen(m["uuid"], m["content"], m["role"], m["metadata"], m["created_at"]) for m in page["messages"]]

    def append(self, c, session, text):
        ok(c.post(f"/api/v2/threads/{session}/messages", json={"messages": [{"content": text, "role": "user"}]}))

    def update_metadata(self, c, session, message_id, metadata):
        ok(c.patch(f"/api/v2/messages/{message_id}", json={"metadata": metadata}))

    def delete(self, c, session):
        ok(c.delete(f"/api/v2/threads/{session}"))

    def exists(self, c, session) -> bool:
        return c.get(f"/api/v2/threads/{session}/messages").status_code == 200


class ZepV4:
    """Zep v4: a user owns each thread; threads, users and messages are addressed by UUID, so a
    session written elsewhere is found by ``threads/lookup`` with its name as ``thread_id``."""

    name = "zep_v4"
    user = "zep4-user"

    def owner(self, c) -> str:
        made = c.post("/api/v4/users", json={"user_id": self.user})
        if made.status_code == 409:
            return ok(c.post("/api/v4/users/lookup", json={"user_id": self.user}))["uuid"]
        return ok(made, 201)["uuid"]

    def thread(self, c, session) -> str:
        return ok(c.post("/api/v4/threads/lookup", json={"thread_id": session}))["uuid"]

    def write(self, c, messages) -> str:
        thread = ok(c.post("/api/v4/threads", json={"user_uuid": self.owner(c)}), 201)["uuid"]
        body = {"messages": [
            {"content": text, "role": kind, "name": "Jane" if kind == "user" else "Bot", "metadata": meta}
            for kind, text, meta in messages
        ]}
        ok(c.post(f"/api/v4/threads/{thread}/messages", json=body))
        return thread  # a v4 thread is named after its UUID in every dialect

    def read(self, c, session) -> list[Seen]:
        page = ok(c.get(f"/api/v4/threads/{self.thread(c, session)}/messages?page_size=100"))
        return [Seen(m["uuid"], m["content"], m["role"], m["metadata"], m["created_at"]) for m in page["items"]]

    def append(self, c, session, text):
        ok(c.post(f"/api/v4/threads/{self.thread(c, session)}/messages", json={"messages": [{"content": text, "role": "user"}]}))

    def update_metadata(self, c, session, message_id, metadata):
        ok(c.patch(f"/api/v4/threads/{self.thread(c, session)}/messages/{message_id}", json={"metadata": metadata}))

    def delete(self, c, session):
        ok(c.delete(f"/api/v4/threads/{self.thread(c, session)}"), 202)

    def exists(self, c, session) -> bool:
        return c.post("/api/v4/threads/lookup", json={"thread_id": session}).status_code == 200


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
    """Honcho v1 addresses a session under a user. Sessions it writes belong to its own user;
    a session written elsewhere is reached under its owner (Zep's user), or under any user
    when it has none (Honcho v3, OpenAI), found the way a v1 client would: by asking."""

    name = "honcho_v1"
    user = "v1-user"

    def __init__(self):
        self.owners: dict[str, str] = {}

    def app(self, c) -> str:
        return ok(c.get(f"/v1/apps/get_or_create/{WORKSPACE}"))["id"]

    def own_base(self, c) -> str:
        app = self.app(c)
        user = ok(c.get(f"/v1/apps/{app}/users/get_or_create/{self.user}"))["id"]
        return f"/v1/apps/{app}/users/{user}/sessions"

    def base(self, c, session) -> str:
        if session not in self.owners:
            app = self.app(c)
            users = ok(c.post(f"/v1/apps/{app}/users/list?size=100", json={}))["items"]
            ordered = sorted(users, key=lambda u: u["name"] != self.user)
            self.owners[session] = next(
                f"/v1/apps/{app}/users/{u['id']}/sessions" for u in ordered
                if c.get(f"/v1/apps/{app}/users/{u['id']}/sessions?session_id={session}").status_code == 200
            )
        return self.owners[session]

    def write(self, c, messages) -> str:
        base = self.own_base(c)
        session = ok(c.post(base, json={"metadata": {}}))["id"]
        self.owners[session] = base
        body = {"messages": [
            {"content": text, "is_user": kind == "user", "metadata": meta} for kind, text, meta in messages
        ]}
        ok(c.post(f"{base}/{session}/messages/batch", json=body))
        return session

    def read(self, c, session) -> list[Seen]:
        page = ok(c.post(f"{self.base(c, session)}/{session}/messages/list?size=100", json={}))
        return [Seen(m["id"], m["content"], "user" if m["is_user"] else "not-user", m["metadata"], m["created_at"]) for m in page["items"]]

    def append(self, c, session, text):
        ok(c.post(f"{self.base(c, session)}/{session}/messages", json={"content": text, "is_user": True}))

    def update_metadata(self, c, session, message_id, metadata):
        ok(c.put(f"{self.base(c, session)}/{session}/messages/{message_id}", json={"metadata": metadata}))

    def delete(self, c, session):
        ok(c.delete(f"{self.base(c, session)}/{session}"))

    def exists(self, c, session) -> bool:
        return c.get(f"{self.own_base(c)}?session_id={session}").status_code == 200


class Conversations:
    """OpenAI Conversations: message items carry no metadata, so reads show none and a metadata
    update is not something this dialect can do (the matrix skips those steps for it)."""

    name = "conversations"
    has_metadata = False

    def write(self, c, messages) -> str:
        return ok(c.post("/v1/conversations", json={"items": [
            {"type": "message", "role": kind, "content": text} for kind, text, _ in messages]}))["id"]

    def read(self, c, session) -> list[Seen]:
        page = ok(c.get(f"/v1/conversations/{session}/items?order=asc&limit=100"))
        return [Seen(i["id"], i["content"][0]["text"], i["role"], {}, None) for i in page["data"]]

    def append(self, c, session, text):
        ok(c.post(f"/v1/conversations/{session}/items", json={"items": [
            {"type": "message", "role": "user", "content": text}]}))

    def delete(self, c, session):
        ok(c.delete(f"/v1/conversations/{session}"))

    def exists(self, c, session) -> bool:
        return c.get(f"/v1/conversations/{session}").status_code == 200


DRIVERS = [HonchoV3(), Zep(), ZepThreads(), ZepV4(), OpenAI(), Conversations(), HonchoV1()]
