"""Every session/memory/user flow of zep-cloud 2.22.0 (Python), unchanged, against Rosetta.

Env: ZEP_API_URL (the gateway root; the SDK appends /api/v2), ZEP_API_KEY. Exits non-zero on
the first failed check; prints a JSON summary last.
"""

import json
import sys
import uuid
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

from zep_cloud import version  # noqa: E402
from zep_cloud.client import Zep  # noqa: E402
from zep_cloud.core.api_error import ApiError  # noqa: E402
from zep_cloud.errors import BadRequestError, ConflictError, NotFoundError  # noqa: E402
from zep_cloud.types import Message  # noqa: E402


def check(condition, message):
    if not condition:
        print(f"FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def fails(call, kind, status=None):
    try:
        call()
    except kind as exc:
        return exc.status_code if status is None or exc.status_code == status else check(False, f"{kind.__name__}: {exc}")
    check(False, f"expected {kind.__name__}")


def users(client, tag):
    user_id = f"ada-{tag}"
    made = client.user.add(user_id=user_id, email="ada@example.com", first_name="Ada", metadata={"plan": {"tier": 1}})
    check(made.user_id == user_id and made.first_name == "Ada" and uuid.UUID(made.uuid_), "user add")
    fails(lambda: client.user.add(user_id=user_id), BadRequestError, 400)
    updated = client.user.update(user_id, last_name="Lovelace", metadata={"plan": {"seats": 3}})
    check(updated.last_name == "Lovelace" and updated.metadata == {"plan": {"tier": 1, "seats": 3}}, "user update")
    check(client.user.get(user_id).email == "ada@example.com", "user get")
    page = client.user.list_ordered(page_size=100, page_number=1)
    check(any(u.user_id == user_id for u in page.users) and page.total_count >= 1, "users ordered")
    fails(lambda: client.user.get(f"ghost-{tag}"), NotFoundError, 404)
    return user_id


def memory(client, user_id, session_id):
    session = client.memory.add_session(session_id=session_id, user_id=user_id, metadata={"a": {"b": 1}})
    check(session.session_id == session_id and session.user_id == user_id, "session add")
    fails(lambda: client.memory.add_session(session_id=session_id, user_id=user_id), BadRequestError, 400)
    mine = str(uuid.uuid4())
    client.memory.add(session_id, messages=[
        Message(role="Ada", role_type="user", content="my parcel never arrived", uuid_=mine),
        Message(role="Bot", role_type="assistant", content="sorry, checking the parcel", metadata={"k": "v"}),
        Message(role_type="user", content="thanks"),
    ])
    got = client.memory.get(session_id, lastn=2)
    check([m.content for m in got.messages] == ["sorry, checking the parcel", "thanks"], "memory lastn")
    check(got.relevant_facts == [] and got.context == "", "no facts, empty context")
    page = client.memory.get_session_messages(session_id, limit=2, cursor=1)
    check(page.total_count == 3 and [m.role for m in page.messages] == ["Ada", "Bot"], "messages page")
    first = client.memory.get_session_message(session_id, mine)
    check(first.uuid_ == mine and first.role_type == "user", "client uuid kept")
    patched = client.memory.update_message_metadata(session_id, mine, metadata={"seen": True})
    check(patched.metadata == {"seen": True}, "message metadata")
    merged = client.memory.update_session(session_id, metadata={"a": {"c": 2}})
    check(merged.metadata == {"a": {"b": 1, "c": 2}}, f"session deep merge {merged.metadata}")
    listed = client.memory.list_sessions(page_number=1, page_size=1000, order_by="created_at", asc=True)
    check(any(s.session_id == session_id for s in listed.sessions), "sessions ordered")
    check([s.session_id for s in client.user.get_sessions(user_id)] == [session_id], "user sessions")
    hits = client.memory.search_sessions(text="parcel", user_id=user_id, limit=5)
    check(len(hits.results) == 2 and hits.results[0].session_id == session_id, "search sessions")
    inside = client.memory.search(session_id, text="thanks", limit=3)
    check([r.message.content for r in inside] == ["thanks"], "search session")
    check(client.memory.get_session_facts(session_id).facts == [], "facts empty")


# zep-cloud 2.22.1 retries every 408/409/429/5xx answer five times (~14 s) before raising, so its
# run checks those statuses through 2.22.0 only; 400 and 404 are not retried.
RETRIES_ERRORS = version.__version__ == "2.22.1"


def errors_and_end(client, session_id):
    fails(lambda: client.memory.get_session("no-such-session"), NotFoundError, 404)
    fails(lambda: client.memory.add(session_id, messages=[Message(role_type="user", content="x")] * 31), ApiError, 400)
    if not RETRIES_ERRORS:
        fails(lambda: client.memory.classify_session(session_id, classes=["a"], name="n"), ApiError, 501)
    ended = client.memory.end_session(session_id)
    check(ended.session.ended_at is not None, "end session")
    if not RETRIES_ERRORS:
        fails(lambda: client.memory.update_session(session_id, metadata={"x": 1}), ConflictError, 409)
        fails(lambda: client.memory.add(session_id, messages=[Message(role_type="user", content="late")]), ApiError, 409)
    check(client.memory.delete(session_id).message == "OK", "memory delete")
    fails(lambda: client.memory.get_session(session_id), NotFoundError, 404)


def main():
    tag = uuid.uuid4().hex[:8]
    client = Zep()
    user_id = users(client, tag)
    session_id = f"s-{tag}"
    memory(client, user_id, session_id)
    errors_and_end(client, session_id)
    keep = f"keep-{tag}"
    client.memory.add_session(session_id=keep, user_id=user_id)
    client.memory.add(keep, messages=[Message(role="Ada", role_type="user", content="kept for the check")])
    gone = f"gone-{tag}"
    client.user.add(user_id=gone)
    client.memory.add_session(session_id=f"{gone}-s", user_id=gone)
    check(client.user.delete(gone).message == "OK", "user delete")
    fails(lambda: client.memory.get_session(f"{gone}-s"), NotFoundError, 404)
    print(json.dumps({"version": version.__version__, "session": keep, "user": user_id}))


if __name__ == "__main__":
    main()
