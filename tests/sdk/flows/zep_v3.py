"""The thread/user/graph flows of zep-cloud 3.x (Python), unchanged, against Rosetta's /api/v2.

3.x renames sessions to threads and swaps the message fields (role = role type, name = sender).
Env: ZEP_API_URL (the gateway root), ZEP_API_KEY. Prints a JSON summary last.
"""

import json
import sys
import uuid
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

from zep_cloud import version  # noqa: E402
from zep_cloud.client import Zep  # noqa: E402
from zep_cloud.core.api_error import ApiError  # noqa: E402
from zep_cloud.errors import BadRequestError, NotFoundError  # noqa: E402
from zep_cloud.types import Message  # noqa: E402


def check(condition, message):
    if not condition:
        print(f"FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def fails(call, kind, status):
    try:
        call()
    except kind as exc:
        check(exc.status_code == status, f"{kind.__name__} status {exc.status_code}")
        return
    check(False, f"expected {kind.__name__}")


def threads(client, user_id, thread_id):
    made = client.thread.create(thread_id=thread_id, user_id=user_id)
    check(made.thread_id == thread_id and made.user_id == user_id and uuid.UUID(made.uuid_), "thread create")
    fails(lambda: client.thread.create(thread_id=thread_id, user_id=user_id), BadRequestError, 400)
    added = client.thread.add_messages(thread_id, messages=[
        Message(name="Jane", role="user", content="my parcel never arrived"),
        Message(name="Helper", role="assistant", content="sorry to hear that", metadata={"a": {"b": 1}}),
        Message(role="user", content="thanks"),
    ], return_context=True)
    check(len(added.message_uuids) == 3 and added.context == "", "add messages")
    last = client.thread.get(thread_id, lastn=2)
    check([(m.role, m.name) for m in last.messages] == [("assistant", "Helper"), ("user", user_id)], "lastn")
    check(last.total_count == 3 and last.user_id == user_id, "thread get totals")
    page = client.thread.get(thread_id, limit=2, cursor=2)
    check([m.content for m in page.messages] == ["thanks"], "limit/cursor page")
    updated = client.thread.message.update(added.message_uuids[1], metadata={"a": {"c": 2}})
    check(updated.metadata == {"a": {"b": 1, "c": 2}} and updated.role == "assistant", "message update")
    check(client.thread.get_user_context(thread_id).context == "", "context")
    listed = client.thread.list_all(page_number=1, page_size=1000, order_by="thread_id", asc=True)
    check(any(t.thread_id == thread_id for t in listed.threads), "thread list")
    check([t.thread_id for t in client.user.get_threads(user_id)] == [thread_id], "user threads")


def main():
    tag = uuid.uuid4().hex[:8]
    client = Zep()
    user_id = f"jane-{tag}"
    client.user.add(user_id=user_id, first_name="Jane", time_zone="Europe/Paris")
    found = client.user.list_ordered(search=user_id, page_size=10)
    check([u.user_id for u in found.users] == [user_id], "user search")
    check(client.user.warm(user_id).message == "OK", "warm")
    thread_id = f"t-{tag}"
    threads(client, user_id, thread_id)
    episode = client.graph.add(user_id=user_id, type="text", data="Jane keeps bees in Lyon")
    found = client.graph.search(user_id=user_id, query="bees", scope="episodes")
    check([e.uuid_ for e in found.episodes][:1] == [episode.uuid_], "graph add + search")
    check(client.graph.search(user_id=user_id, query="bees").edges == [], "edges: none extracted")
    fails(lambda: client.thread.add_messages(thread_id, messages=[Message(role="user", content="x" * 14_001)]), ApiError, 400)
    check(client.thread.delete(thread_id).message == "OK", "thread delete")
    fails(lambda: client.thread.get(thread_id), NotFoundError, 404)
    fails(lambda: client.thread.delete(thread_id), NotFoundError, 404)
    keep = f"keep-{tag}"
    client.thread.create(thread_id=keep, user_id=user_id)
    client.thread.add_messages(keep, messages=[Message(name="Jane", role="user", content="kept for the check")])
    print(json.dumps({"version": version.__version__, "thread": keep, "user": user_id}))


if __name__ == "__main__":
    main()
