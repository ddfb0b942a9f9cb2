"""A fake OpenAI account: threads and conversations, cursor lists, the ``{"error"}`` envelope (docs/vendors.md, OpenAI §3-§9)."""

from __future__ import annotations

import random
import re

import httpx

from tests.migrate.vendors.common import ALNUM, END, Faults, START, guarded, nanoid


def openai_error(status: int, message: str, code: str | None = None, param: str | None = None):
    return httpx.Response(status, json={"error": {"message": message, "type": "invalid_request_error",
                                                  "param": param, "code": code}})


class OpenAI:
    """Assistants v2 threads and Conversations (ids as the research observed them)."""

    def __init__(self, base: str = "https://openai.test", key: str = "sk-test", seed: int = 5):
        self.base, self.key, self.rng = base, key, random.Random(seed)
        self.threads: dict[str, dict] = {}
        self.conversations: dict[str, dict] = {}
        self.faults = Faults()
        self.clock = int(START.timestamp())

    def thread(self, metadata: dict | None = None, tool_resources: dict | None = None) -> dict:
        ident = "thread_" + nanoid(self.rng, 24, ALNUM)
        self.threads[ident] = {"row": {"id": ident, "object": "thread", "created_at": self.clock,
                                       "metadata": metadata or {}, "tool_resources": tool_resources or {}},
                               "messages": []}
        return self.threads[ident]["row"]

    def message(self, thread: str, role: str, content, **fields) -> dict:
        self.clock += self.rng.choice((0, 0, 1))  # several messages share a second
        parts = [{"type": "text", "text": {"value": content, "annotations": []}}] if isinstance(content, str) else content
        row = {"id": "msg_" + nanoid(self.rng, 24, ALNUM), "object": "thread.message",
               "created_at": self.clock, "assistant_id": None, "thread_id": thread, "run_id": None,
               "status": None, "incomplete_details": None, "completed_at": None, "incomplete_at": None,
               "role": role, "content": parts, "attachments": [], "metadata": {}, **fields}
        self.threads[thread]["messages"].append(row)
        return row

    def conversation(self, items: list[dict], metadata: dict | None = None) -> dict:
        ident = "conv_" + "".join(self.rng.choice("0123456789abcdef") for _ in range(48))
        made = [{"id": "msg_" + "".join(self.rng.choice("0123456789abcdef") for _ in range(48)),
                 "status": "completed", **item} for item in items]
        self.conversations[ident] = {"row": {"id": ident, "object": "conversation", "created_at": self.clock,
                                             "metadata": metadata or {}}, "items": made}
        return self.conversations[ident]["row"]

    def auth(self, request):
        if request.headers.get("authorization") != f"Bearer {self.key}":
            return openai_error(401, "Incorrect API key provided.", "invalid_api_key")
        if "/threads" in request.url.path and request.headers.get("openai-beta") != "assistants=v2":
            return openai_error(400, "You must provide the 'OpenAI-Beta' header to access the Assistants API.",
                                "invalid_beta")
        return None

    def mount(self, router) -> None:
        v1 = re.escape(self.base) + "/v1"
        routes = [
            (v1 + r"/threads/(?P<t>[A-Za-z0-9_]+)$", self.get_thread),
            (v1 + r"/threads/(?P<t>[A-Za-z0-9_]+)/messages$", self.list_messages),
            (v1 + r"/conversations/(?P<c>[A-Za-z0-9_]+)$", self.get_conversation),
            (v1 + r"/conversations/(?P<c>[A-Za-z0-9_]+)/items$", self.list_items),
        ]
        for pattern, handler in routes:
            router.route(method="GET", url__regex=pattern.replace("$", END)).mock(side_effect=guarded(self.faults, handler, self.auth))

    def get_thread(self, request, t):
        if t not in self.threads:
            return openai_error(404, f"No thread found with id '{t}'.")
        return httpx.Response(200, json=self.threads[t]["row"])

    def list_messages(self, request, t):
        if t not in self.threads:
            return openai_error(404, f"No thread found with id '{t}'.")
        return self.cursor_list(request, self.threads[t]["messages"])

    def get_conversation(self, request, c):
        if c not in self.conversations:
            return openai_error(404, f"Conversation with id '{c}' not found.")
        return httpx.Response(200, json=self.conversations[c]["row"])

    def list_items(self, request, c):
        return self.cursor_list(request, self.conversations[c]["items"])

    @staticmethod
    def cursor_list(request, rows: list[dict]) -> httpx.Response:
        q = request.url.params
        limit = int(q.get("limit", 20))
        if limit > 100:
            return openai_error(400, f"Invalid 'limit': integer above maximum value. Expected a value <= 100, but got {limit} instead.",
                                "integer_above_max_value", "limit")
        ordered = rows if q.get("order", "desc") == "asc" else rows[::-1]
        if q.get("after"):
            ids = [r["id"] for r in ordered]
            if q["after"] not in ids:
                return openai_error(400, f"Invalid value for 'after': {q['after']}", "invalid_value", "after")
            ordered = ordered[ids.index(q["after"]) + 1:]
        data = ordered[:limit]
        return httpx.Response(200, json={"object": "list", "data": data,
                                         "first_id": data[0]["id"] if data else None,
                                         "last_id": data[-1]["id"] if data else None,
                                         "has_more": len(ordered) > limit})
