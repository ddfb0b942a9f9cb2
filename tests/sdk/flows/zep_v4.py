"""zep-cloud 4.x (Python), unchanged, against Rosetta's /api/v4: users, threads, messages
(with auto-paging), metadata merges, context, graph episodes, search and idempotent writes.

4.x has no ZEP_API_URL: the flow passes ``base_url`` (the gateway root + /api/v4).
Env: ZEP_API_URL (the gateway root), ZEP_API_KEY. Prints a JSON summary last.
"""

import json
import os
import sys
import uuid

from zep_cloud import version
from zep_cloud.client import Zep
from zep_cloud.errors import BadRequestError, ConflictError, NotFoundError
from zep_cloud.types import AddMessage


def check(condition, message):
    if not condition:
        print(f"FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def fails(call, kind, status, code=None):
    try:
        call()
    except kind as exc:
        check(exc.status_code == status, f"{kind.__name__} status {exc.status_code}")
        check(code is None or exc.body.error.code == code, f"error code {exc.body}")
        return
    check(False, f"expected {kind.__name__}")


def users(client, tag):
    user_id = f"jane-{tag}"
    made = client.user.create(user_id=user_id, first_name="Jane", email=f"{tag}@example.com",
                              metadata={"plan": "pro", "seats": 3})
    check(uuid.UUID(made.uuid_) and made.user_id == user_id and made.graph_uuid == made.uuid_, "user create")
    fails(lambda: client.user.create(user_id=user_id), ConflictError, 409)
    check(client.user.lookup(user_id=user_id).uuid_ == made.uuid_, "user lookup")
    batch = client.lookup.batch(users=[user_id, f"nobody-{tag}"]).items
    check([(i.found, i.uuid_) for i in batch] == [(True, made.uuid_), (False, None)], "batch lookup")
    fails(lambda: client.user.lookup(user_id=f"nobody-{tag}"), NotFoundError, 404)
    fails(lambda: client.user.get("jane"), BadRequestError, 400, "invalid_identifier")
    updated = client.user.update(made.uuid_, last_name="Doe", metadata={"seats": None, "tier": 2})
    check(updated.metadata == {"plan": "pro", "tier": 2} and updated.last_name == "Doe", "user update merge")
    anonymous = client.user.create(first_name="Anon")
    check(anonymous.user_id is None and client.user.get(anonymous.uuid_).first_name == "Anon", "user without id")
    found = [u.user_id for u in client.user.list(search=tag, page_size=1)]  # two pages, auto-paged
    check(sorted(found) == [user_id], f"user list search {found}")
    return made, anonymous


def threads(client, user):
    thread = client.thread.create(user_uuid=user.uuid_)
    check(thread.user_uuid == user.uuid_ and thread.graph_uuid == user.uuid_ and thread.thread_id is None, "thread create")
    check(client.thread.get(thread.uuid_).uuid_ == thread.uuid_, "thread get")
    key = str(uuid.uuid4())
    messages = [AddMessage(role="user", name="Jane", content="my parcel never arrived"),
                AddMessage(role="assistant", name="Helper", content="sorry to hear that", metadata={"a": 1})]
    added = client.thread.add_messages(thread.uuid_, messages=messages, return_context=True, idempotency_key=key)
    check(len(added.messages) == 2 and "my parcel never arrived" in added.context, "add messages + context")
    again = client.thread.add_messages(thread.uuid_, messages=messages, return_context=True, idempotency_key=key)
    check([m.uuid_ for m in again.messages] == [m.uuid_ for m in added.messages], "idempotent replay")
    fails(lambda: client.thread.add_messages(thread.uuid_, messages=messages[:1], idempotency_key=key), ConflictError, 409)
    more = [AddMessage(role="user", content=f"note {i}") for i in range(5)]
    client.thread.add_messages(thread.uuid_, messages=more)
    pager = client.thread.list_messages(thread.uuid_, page_size=3)
    check(len(pager.items) == 3 and pager.response.total_size == 7, "first page")
    every = list(pager)
    check([m.content for m in every][:2] == ["my parcel never arrived", "sorry to hear that"] and len(every) == 7, "auto-paging")
    check([m.role for m in every[:2]] == ["user", "assistant"] and every[2].name == user.user_id, "roles and names")
    target = added.messages[1].uuid_
    changed = client.thread.message.update(thread.uuid_, target, metadata={"a": None, "b": "x"})
    check(changed.metadata == {"b": "x"}, "metadata merge")
    check(client.thread.message.get(thread.uuid_, target).metadata == {"b": "x"}, "message get")
    too_many = {f"k{i}": i for i in range(10)}
    fails(lambda: client.thread.message.update(thread.uuid_, target, metadata=too_many), BadRequestError, 400)
    check("sorry to hear that" in client.thread.get_context(thread.uuid_).context, "thread context")
    check(client.thread.lookup(thread_id=thread.uuid_).uuid_ == thread.uuid_, "thread lookup")
    listed = [t.uuid_ for t in client.thread.list(user_uuid=user.uuid_, page_size=1)]
    check(listed == [thread.uuid_], "thread list")
    return thread, target


def graph(client, user):
    added = client.graph.episode.add(user.uuid_, data="Jane rides a red bicycle to work", type="text",
                                     source_description="profile", metadata={"src": "crm"})
    episode = added.episode
    check(episode.content.startswith("Jane rides") and client.task.get(added.task.uuid_).status == "succeeded", "episode add")
    check(client.graph.episode.get(user.uuid_, episode.uuid_).source_description == "profile", "episode get")
    check([e.uuid_ for e in client.graph.episode.list(user.uuid_)] == [episode.uuid_], "episode list")
    found = client.graph.search_episodes(user.uuid_, query="bicycle parcel")
    contents = [e.content for e in found.items]
    check(contents[:1] == ["Jane rides a red bicycle to work"] and "my parcel never arrived" in contents, f"search {contents}")
    context = client.graph.get_context(user.uuid_, query="bicycle", include_results=True)
    check("red bicycle" in context.context and context.results.episodes[0].uuid_ == episode.uuid_, "graph context")
    check(client.graph.warm(user.uuid_).task.status == "succeeded", "graph warm")
    standalone = client.graph.create(name="notes")
    client.graph.episode.add(standalone.uuid_, data="The office moves to Lyon in May")
    check([e.content for e in client.graph.search_episodes(standalone.uuid_, query="lyon").items] == ["The office moves to Lyon in May"], "standalone graph search")
    check(client.graph.delete(standalone.uuid_).task.status == "succeeded", "graph delete")
    deleted = client.graph.episode.delete(user.uuid_, episode.uuid_)
    check(deleted.task.status == "succeeded", "episode delete")
    fails(lambda: client.graph.episode.get(user.uuid_, episode.uuid_), NotFoundError, 404)


def main():
    tag = uuid.uuid4().hex[:8]
    client = Zep(api_key=os.environ["ZEP_API_KEY"], base_url=os.environ["ZEP_API_URL"] + "/api/v4")
    user, anonymous = users(client, tag)
    thread, message = threads(client, user)
    graph(client, user)
    fails(lambda: client.graph.search_edges(user.uuid_, query="x"), Exception, 501)
    gone = client.user.delete(anonymous.uuid_)
    check(gone.task.status == "succeeded", "user delete")
    fails(lambda: client.user.get(anonymous.uuid_), NotFoundError, 404)
    doomed = client.thread.create(user_uuid=user.uuid_)
    client.thread.delete(doomed.uuid_)
    fails(lambda: client.thread.get(doomed.uuid_), NotFoundError, 404)
    print(json.dumps({"version": version.__version__, "user": user.uuid_, "user_id": user.user_id,
                      "thread": thread.uuid_, "message": message}))


if __name__ == "__main__":
    main()
