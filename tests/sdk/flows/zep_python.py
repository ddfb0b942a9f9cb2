"""The memory/user flows of zep-python 2.0.2 (the Zep Community Edition SDK) against Rosetta.

zep-python takes the server root as base_url (or ZEP_API_URL) and appends /api/v2; it sends
empty query values for unset parameters. Its ``user.get_sessions`` parses the bare array as a
list of lists, so it can only read an empty list (a bug in the SDK, not the server).
Env: ZEP_API_URL, ZEP_API_KEY. Prints a JSON summary last.
"""

import json
import os
import sys
import uuid
import warnings

# This file's own name would shadow the package: drop the script's folder from the path.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]
warnings.filterwarnings("ignore", category=DeprecationWarning)

from zep_python import version  # noqa: E402
from zep_python.client import Zep  # noqa: E402
from zep_python.errors import BadRequestError, NotFoundError  # noqa: E402
from zep_python.types import Message  # noqa: E402


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


def main():
    tag = uuid.uuid4().hex[:8]
    client = Zep()
    user_id = f"ce-{tag}"
    check(client.user.add(user_id=user_id, last_name="Hopper").last_name == "Hopper", "user add")
    fails(lambda: client.user.add(user_id=user_id), BadRequestError, 400)
    check(client.user.get_sessions(user_id) == [], "no sessions yet")
    session_id = f"ce-s-{tag}"
    check(client.memory.add_session(session_id=session_id, user_id=user_id).user_id == user_id, "session add")
    client.memory.add(session_id, messages=[
        Message(role="Grace", role_type="user", content="hello from the CE SDK"),
        Message(role="bot", role_type="assistant", content="hi Grace", metadata={"n": 1}),
    ])
    memory = client.memory.get(session_id)
    check([m.content for m in memory.messages] == ["hello from the CE SDK", "hi Grace"], "memory get")
    check(memory.relevant_facts == [], "no facts")
    listed = client.memory.get_session_messages(session_id, limit=1, cursor=2)
    check([m.role for m in listed.messages] == ["bot"] and listed.total_count == 2, "messages page")
    target = listed.messages[0].uuid_
    patched = client.memory.update_message_metadata(session_id, target, metadata={"m": 2})
    check(patched.metadata == {"n": 1, "m": 2}, "metadata merge")
    check(client.memory.update_session(session_id, metadata={"x": 1}).metadata == {"x": 1}, "session update")
    ordered = client.memory.list_sessions(page_number=1, page_size=1000)
    check(any(s.session_id == session_id for s in ordered.sessions), "sessions ordered")
    hits = client.memory.search_sessions(text="Grace", session_ids=[session_id])
    check([r.message.content for r in hits.results] == ["hi Grace"], "search")
    fails(lambda: client.memory.get_session("ce-missing"), NotFoundError, 404)
    fails(lambda: client.memory.get_fact(str(uuid.uuid4())), NotFoundError, 404)
    check(client.user.list_ordered(page_number=1, page_size=1000).total_count >= 1, "users ordered")
    print(json.dumps({"version": version.__version__, "session": session_id, "user": user_id}))


if __name__ == "__main__":
    main()
